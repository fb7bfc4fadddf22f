from . import catalog, orders, portal, registration, team
