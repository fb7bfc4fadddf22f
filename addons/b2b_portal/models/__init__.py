from . import b2b_demo, b2b_product_characteristic, product_template, res_partner, res_users
from . import (
    b2b_registration,
    b2b_registration_attempt,
    res_config_settings,
    res_partner_b2b_client,
    res_users_b2b_team,
)
