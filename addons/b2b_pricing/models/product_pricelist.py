from odoo import api, fields, models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    b2b_contract_id = fields.Many2one(
        "b2b.contract",
        string="B2B contract",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The contract whose terms this pricelist follows; it is kept in step automatically.",
    )

    def _b2b_contract_factor(self):
        """The coefficient when this pricelist is a contract's, untouched: one global rule that
        gives base sales price × coefficient for any quantity and date. None otherwise (then
        prices must be computed by the pricelist rules as usual)."""
        self.ensure_one()
        if not self.b2b_contract_id or len(self.item_ids) != 1:
            return None
        item = self.item_ids
        simple = (
            item.applied_on == "3_global"
            and item.compute_price == "formula"
            and item.base == "list_price"
            and item.b2b_price_factor
            and not (item.min_quantity or item.date_start or item.date_end)
        )
        return item.b2b_price_factor if simple else None

    @api.model
    def _b2b_priced_individually(self, products):
        """The products whose sales price is not their template's list price plus attribute
        extras, so that a contract's coefficient cannot be applied to the template's price in
        SQL (extended by b2b_exchange_1c for 1C characteristics with their own price)."""
        return products.browse()

    def _get_partner_pricelist_multi_search_domain_hook(self, company_id):
        # a contract's pricelist is never the fallback pricelist of another partner
        return [*super()._get_partner_pricelist_multi_search_domain_hook(company_id), ("b2b_contract_id", "=", False)]
