from . import order_list, orders
