from . import b2b_sale_list, b2b_sale_list_line, sale_order
