from . import b2b_claim, b2b_claim_line, sale_order_line
