from . import (
    b2b_demo,
    b2b_product_characteristic,
    product_template,
    res_partner,
    res_users,
    sale_order,
    sale_order_line,
)
