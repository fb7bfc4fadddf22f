from . import orders
