from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    b2b_pack_qty = fields.Float(
        string="Pack size",
        digits="Product Unit of Measure",
        default=1.0,
        help="Units in one transport pack; clients order in these steps.",
    )
    b2b_next_batch_date = fields.Date(
        string="Next batch date",
        help="When the next production batch is expected. Filled by managers or the accounting system.",
    )
    b2b_characteristic_ids = fields.One2many(
        "b2b.product.characteristic", "product_tmpl_id", string="Characteristics", copy=True
    )

    _sql_constraints = [
        ("b2b_pack_qty_positive", "CHECK(b2b_pack_qty > 0)", "The pack size must be positive."),
    ]
