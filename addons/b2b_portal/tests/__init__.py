from . import (
    test_b2b_client,
    test_catalog,
    test_foundation,
    test_guards,
    test_registration_http,
    test_ru_numbers,
    test_team_http,
)
