from . import (
    test_b2b_client,
    test_catalog,
    test_demo_invoice,
    test_draft_order,
    test_foundation,
    test_order_portal,
    test_order_race,
    test_order_reservation,
    test_registration_http,
    test_ru_numbers,
    test_team_http,
)
