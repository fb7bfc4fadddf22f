from . import account_move, res_partner, res_users, sale_order, sale_order_line
