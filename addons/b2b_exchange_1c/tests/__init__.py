from . import test_catalog, test_commerceml, test_orders, test_protocol, test_variants_prices
