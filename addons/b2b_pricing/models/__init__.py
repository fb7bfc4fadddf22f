from . import (
    b2b_contract,
    b2b_turnover,
    product_pricelist,
    product_pricelist_item,
    res_config_settings,
    res_partner,
    res_users,
    stock_move,
)
