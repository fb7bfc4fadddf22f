from . import (
    test_cabinet,
    test_draft_order,
    test_order_credit,
    test_order_limits,
    test_order_portal,
    test_order_race,
    test_order_reservation,
    test_order_scope,
    test_pack_size,
)
