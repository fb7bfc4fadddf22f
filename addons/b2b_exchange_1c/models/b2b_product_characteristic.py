from odoo import fields, models


class B2bProductCharacteristic(models.Model):
    _inherit = "b2b.product.characteristic"

    b2b_1c_property_id = fields.Char(
        string="1C property", readonly=True, help="The 1C property (Свойство Ид) this characteristic comes from."
    )
