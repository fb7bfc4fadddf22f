from . import test_concurrency, test_portal, test_rights, test_waybill
