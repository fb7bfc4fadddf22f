from . import (
    b2b_demo,
    b2b_product_characteristic,
    b2b_rate_limit,
    b2b_registration,
    b2b_registration_attempt,
    product_template,
    res_config_settings,
    res_partner,
    res_partner_b2b_client,
    res_users,
    res_users_b2b_team,
    sale_order,
)
