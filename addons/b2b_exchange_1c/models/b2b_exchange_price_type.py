from odoo import api, fields, models


class B2bExchangePriceType(models.Model):
    _name = "b2b.exchange.price.type"
    _description = "1C price type → pricelist"
    _order = "name"

    name = fields.Char(string="1C price type", required=True, help="The price type's name (Наименование) or Ид in 1C.")
    pricelist_id = fields.Many2one(
        "product.pricelist",
        string="Pricelist",
        required=True,
        ondelete="cascade",
        help="Gets a fixed price per product from the offers of this price type.",
    )
    company_id = fields.Many2one(related="pricelist_id.company_id")

    _sql_constraints = [("name_unique", "unique(name)", "Each 1C price type maps to one pricelist.")]

    def write(self, vals):
        res = super().write(vals)
        if "pricelist_id" in vals:
            # the contracts priced by this type follow its new pricelist
            contracts = self.env["b2b.contract"].with_context(active_test=False)
            contracts.search([("b2b_1c_price_type_id", "in", self.ids)])._b2b_sync_pricelists()
        return res

    @api.model
    def _b2b_map(self):
        """{1C name or Ид: pricelist}"""
        return {record.name.strip(): record.pricelist_id for record in self.search([])}
