from . import account_move, b2b_demo, sale_order, sale_order_line
