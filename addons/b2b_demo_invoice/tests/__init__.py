from . import test_demo_invoice
