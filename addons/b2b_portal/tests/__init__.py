from . import (
    test_demo_invoice,
    test_draft_order,
    test_foundation,
    test_order_portal,
    test_order_race,
    test_order_reservation,
)
