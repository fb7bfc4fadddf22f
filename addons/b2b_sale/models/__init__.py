from . import account_move, b2b_demo, res_partner, res_partner_order_scope, res_users, sale_order, sale_order_line
