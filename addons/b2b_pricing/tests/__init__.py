from . import (
    test_contract,
    test_contract_credit,
    test_contract_pricelist,
    test_feed_formats,
    test_portal_pricing,
    test_price_chain,
    test_price_formula,
    test_throttling,
    test_turnover,
)
