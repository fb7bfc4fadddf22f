from . import b2b_sale_list, b2b_sale_list_line, res_users, sale_order
