from . import (
    b2b_demo,
    b2b_waybill,
    b2b_waybill_line,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    sale_order,
    stock_picking,
)
