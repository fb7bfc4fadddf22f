from . import demo_invoice, orders, portal
