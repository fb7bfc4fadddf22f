from . import account_move, res_partner_order_scope, sale_order, sale_order_line
