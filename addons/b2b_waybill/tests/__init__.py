from . import test_concurrency, test_portal, test_waybill
