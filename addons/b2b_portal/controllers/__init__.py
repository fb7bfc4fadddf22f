from . import orders, portal
