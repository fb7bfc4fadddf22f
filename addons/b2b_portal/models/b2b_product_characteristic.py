from odoo import fields, models


class B2bProductCharacteristic(models.Model):
    """A characteristic shown on the portal product card (e.g. «Формат»: «A5»)."""

    _name = "b2b.product.characteristic"
    _description = "Product characteristic"
    _order = "product_tmpl_id, sequence, id"

    product_tmpl_id = fields.Many2one("product.template", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Characteristic", required=True, translate=True)
    value = fields.Char(required=True, translate=True)
