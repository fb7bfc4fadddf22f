from . import (
    test_b2b_client,
    test_catalog,
    test_client_address,
    test_foundation,
    test_rate_limit,
    test_registration_http,
    test_ru_numbers,
    test_team_http,
)
