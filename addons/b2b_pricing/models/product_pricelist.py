from odoo import fields, models


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

    def _get_partner_pricelist_multi_search_domain_hook(self, company_id):
        # a contract's pricelist is never the fallback pricelist of another partner
        return [*super()._get_partner_pricelist_multi_search_domain_hook(company_id), ("b2b_contract_id", "=", False)]
