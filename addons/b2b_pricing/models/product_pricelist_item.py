from odoo import fields, models


class ProductPricelistItem(models.Model):
    _inherit = "product.pricelist.item"

    b2b_price_factor = fields.Float(
        string="Contract coefficient",
        readonly=True,
        help="Set by a B2B contract: the price is the base price × this coefficient (kept in double "
        "precision, unlike the formula's percentage rounded to two decimals).",
    )

    def _compute_price(self, product, quantity, uom, date, currency=None):
        if self and self.compute_price == "formula" and self.b2b_price_factor:
            base_price = self._compute_base_price(product, quantity, uom, date, currency)
            return base_price * self.b2b_price_factor
        return super()._compute_price(product, quantity, uom, date, currency=currency)
