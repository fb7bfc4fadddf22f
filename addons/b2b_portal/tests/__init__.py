from . import test_catalog, test_draft_order, test_foundation
