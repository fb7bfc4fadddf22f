from . import catalog, orders, portal
