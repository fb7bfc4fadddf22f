from odoo import fields, models

from .b2b_registration import APPROVAL_PARAM
from .b2b_registration_attempt import DEFAULT_RATE_LIMIT
from .res_company import DISTRIBUTOR_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_registration_approval = fields.Boolean(
        string="Approve new clients",
        help="A company that registers on the portal can order only after a B2B manager approves it (on by default).",
    )
    b2b_distributor_company_id = fields.Many2one(
        "res.company",
        string="Distributor's legal entity",
        config_parameter=DISTRIBUTOR_PARAM,
        help="The company that receives registrations of new clients and demo-invoice requests: their users, "
        "quotations, prices and e-mails are in this company (empty: the main company).",
    )
    b2b_registration_rate_limit = fields.Integer(
        string="Registration attempts per hour",
        config_parameter="b2b_portal.registration_rate_limit",
        default=DEFAULT_RATE_LIMIT,
        help="How many registration forms one address may send per hour (0: no limit).",
    )

    # stored as "1"/"0", not through config_parameter: an unticked box would delete the
    # parameter, and a missing parameter means the default, which is approval
    def get_values(self):
        values = super().get_values()
        values["b2b_registration_approval"] = self.env["b2b.registration"]._approval_required()
        # unset means the main company: show it, so that the setting says what applies
        values["b2b_distributor_company_id"] = self.env["res.company"]._b2b_distributor().id
        return values

    def set_values(self):
        super().set_values()
        # sudo: only settings managers reach set_values; the parameter is a technical record
        self.env["ir.config_parameter"].sudo().set_param(APPROVAL_PARAM, "1" if self.b2b_registration_approval else "0")
