from odoo import fields, models

from .b2b_registration_attempt import DEFAULT_RATE_LIMIT


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_registration_approval = fields.Boolean(
        string="Approve new clients",
        config_parameter="b2b_portal.registration_approval",
        help="A company that registers on the portal can order only after a B2B manager approves it.",
    )
    b2b_registration_rate_limit = fields.Integer(
        string="Registration attempts per hour",
        config_parameter="b2b_portal.registration_rate_limit",
        default=DEFAULT_RATE_LIMIT,
        help="How many registration forms one address may send per hour (0: no limit).",
    )
