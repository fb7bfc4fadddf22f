from odoo import api, models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    @api.model
    def _b2b_priced_individually(self, products):
        # a 1C characteristic's own price lives on the variant, not in its template's list price
        # sudo: only to choose how the price is computed; the caller may not read products
        own = products.sudo().filtered("b2b_1c_price")
        return super()._b2b_priced_individually(products) | products.browse(own.ids)
