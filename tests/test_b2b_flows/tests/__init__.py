from . import (
    test_browser_smoke,
    test_cabinet_nav,
    test_contract_order_limit,
    test_demo_data,
    test_end_to_end,
    test_fuzz,
    test_harness,
    test_legal_entities,
    test_translations,
    test_waybill_order_scope,
)
