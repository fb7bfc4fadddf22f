from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model
    def _b2b_prepare_draft_values(self, user):
        values = super()._b2b_prepare_draft_values(user)
        client = user._b2b_client()
        company = self.env["res.company"].browse(values.get("company_id")) or user.company_id
        # the contract's pricelist, so that the order shows the catalog's prices
        pricelist = client.with_company(company)._b2b_catalog_pricelist() if client else False
        if pricelist:
            values["pricelist_id"] = pricelist.id
        return values
