from . import catalog, demo_invoice, orders, portal, registration, team
