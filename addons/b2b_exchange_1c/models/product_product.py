from odoo import api, fields, models


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

    b2b_1c_price = fields.Float(
        string="Own price from 1C",
        digits="Product Price",
        copy=False,
        readonly=True,
        help="A variant's (товар#характеристика) sales price from 1C's base price type; empty: the good's.",
    )

    _sql_constraints = [("b2b_1c_id_unique", "unique(b2b_1c_id)", "A 1C good is one product.")]

    def _b2b_1c_line_id(self):
        """The Ид an order line carries to 1C: 1C's own, else a stable one of ours."""
        self.ensure_one()
        return self.b2b_1c_id or f"odoo-product-{self.id}"

    @api.depends("b2b_1c_price", "list_price")
    def _compute_product_price_extra(self):
        # a 1C characteristic has its own price: the extra is what takes the good's price to it,
        # so the sales price, the pricelists and the catalog all give the variant's own number
        super()._compute_product_price_extra()
        for product in self.filtered("b2b_1c_price"):
            product.price_extra = product.b2b_1c_price - product.list_price
