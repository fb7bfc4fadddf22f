from . import b2b_claim, b2b_claim_line, res_users, sale_order_line
