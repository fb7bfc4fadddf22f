from . import order_list, orders, team
