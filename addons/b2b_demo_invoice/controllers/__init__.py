from . import demo_invoice
