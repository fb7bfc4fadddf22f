from . import test_draft_order, test_foundation
