from odoo import fields, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    b2b_1c_id = fields.Char(
        string="1C Ид",
        copy=False,
        index="btree_not_null",
        readonly=True,
        help="The good's identifier in 1C (товар#характеристика for a variant); the exchange finds the product by it.",
    )
    b2b_1c_catalog_id = fields.Char(string="1C catalog", copy=False, readonly=True)
    b2b_1c_session_id = fields.Many2one(
        "b2b.exchange.session", string="Last seen in exchange", copy=False, readonly=True, ondelete="set null"
    )

    _sql_constraints = [("b2b_1c_id_unique", "unique(b2b_1c_id)", "A 1C good is one product.")]

    def _b2b_1c_line_id(self):
        """The Ид an order line carries to 1C: 1C's own, else a stable one of ours."""
        self.ensure_one()
        return self.b2b_1c_id or f"odoo-product-{self.id}"
