from . import test_demo_invoice, test_demo_invoice_company
