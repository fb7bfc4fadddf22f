from odoo import api, fields, models


class B2bContract(models.Model):
    _inherit = "b2b.contract"

    b2b_1c_price_type_id = fields.Many2one(
        "b2b.exchange.price.type",
        string="Prices from 1C price type",
        tracking=True,
        ondelete="restrict",
        help="The client's prices are this 1C price type's, as 1C sends them, instead of the base price "
        "and the terms (discount, installments, consignment markup). The catalog, the order, the invoice "
        "and the feed show them all the same.",
    )

    @api.depends("b2b_1c_price_type_id")
    def _compute_price_factor(self):
        super()._compute_price_factor()
        for contract in self.filtered("b2b_1c_price_type_id"):
            contract.price_factor = 1.0

    def write(self, vals):
        res = super().write(vals)
        if "b2b_1c_price_type_id" in vals:
            self._b2b_sync_pricelists()
        return res

    def _b2b_pricelist_item_values(self, params):
        if not self.b2b_1c_price_type_id:
            return super()._b2b_pricelist_item_values(params)
        # one rule still: the price type's pricelist (fixed prices per product from the offers)
        return {
            "applied_on": "3_global",
            "compute_price": "formula",
            "base": "pricelist",
            "base_pricelist_id": self.b2b_1c_price_type_id.pricelist_id.id,
            "b2b_price_factor": 1.0,
        }
