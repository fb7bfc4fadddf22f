from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    b2b_waybill_validity_days = fields.Integer(related="company_id.b2b_waybill_validity_days", readonly=False)
