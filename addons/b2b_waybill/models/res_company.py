from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    b2b_waybill_validity_days = fields.Integer(
        string="Waybill validity (days)",
        default=3,
        help="How many days a waybill issued in the portal stays valid; unused waybills expire after that.",
    )

    _sql_constraints = [
        (
            "b2b_waybill_validity_days_positive",
            "CHECK(b2b_waybill_validity_days > 0)",
            "A waybill must stay valid for at least one day.",
        ),
    ]
