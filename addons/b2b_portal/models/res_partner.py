from odoo import api, fields, models
from odoo.osv import expression

B2B_ROLES = [
    ("admin", "Administrator"),
    ("buyer", "Buyer"),
    ("accountant", "Accountant"),
    ("viewer", "Viewer"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The INN is kept in the standard `vat` field (see DESIGN.md).
    b2b_is_client = fields.Boolean(
        string="B2B client",
        index=True,
        help="This company buys through the B2B portal.",
    )
    b2b_kpp = fields.Char(string="KPP", size=9, help="Tax registration reason code (legal entities).")
    b2b_ogrn = fields.Char(string="OGRN / OGRNIP", size=15)
    b2b_bank_bik = fields.Char(string="BIK", size=9)
    b2b_bank_name = fields.Char(string="Bank name")
    b2b_bank_account = fields.Char(string="Settlement account", size=20)
    b2b_bank_corr_account = fields.Char(string="Correspondent account", size=20)
    b2b_role = fields.Selection(
        B2B_ROLES,
        string="B2B role",
        help="What this contact may do in the client's B2B cabinet.",
    )

    # Catalog hooks. They work on many products at once (a catalog page, a whole feed) so that
    # the number of SQL queries does not grow with the number of products. b2b_pricing extends
    # them with contract pricelists and stock throttled by turnover. Call them on the client
    # company, in the environment of the distributor's legal entity (`with_company`).

    @api.model
    def _b2b_catalog_product_domain(self):
        """Hook: the products of the B2B catalog in the current company. The catalog pages, the
        order (adding, the list import) and the feed all apply it, so a product a client cannot
        see in the catalog cannot reach its order either."""
        return [
            ("b2b_catalog_published", "=", True),
            ("sale_ok", "=", True),
            ("active", "=", True),
            ("company_id", "in", [False, self.env.company.id]),
        ]

    def _b2b_order_limits(self, products, available=True):
        """Hook: {product id: the most one order of this client may hold}.

        With `available` (adding to an order, sending it): what the client may see in stock, so
        that no order takes the stock other clients see, nor reveals the real figure by asking
        for all of it. Without (the reservation job, when stock may have gone meanwhile and a
        partial reservation is fair): the client's cap whatever the stock; the base add-on has
        none, b2b_pricing's is the turnover throttle."""
        self.ensure_one()
        if not available:
            return dict.fromkeys(products.ids, float("inf"))
        return {product_id: stock["qty"] for product_id, stock in self._b2b_get_visible_stock(products).items()}

    def _b2b_catalog_pricelist(self):
        """The pricelist that gives this client's prices in the current company (may be empty)."""
        self.ensure_one()
        return self.commercial_partner_id.with_company(self.env.company).property_product_pricelist

    def _b2b_catalog_currency(self):
        """The currency of the prices returned by `_b2b_get_catalog_prices`."""
        return self._b2b_catalog_pricelist().currency_id or self.env.company.currency_id

    def _b2b_get_catalog_prices(self, products, quantity=1.0):
        """{product id: unit price for this client} for `quantity` units of each product."""
        self.ensure_one()
        pricelist = self._b2b_catalog_pricelist()
        if pricelist:
            return pricelist._get_products_price(products, quantity, currency=self._b2b_catalog_currency())
        return {product.id: product.lst_price for product in products}

    def _b2b_stock_warehouses(self):
        """Warehouses whose free stock the client may order from (the current company's)."""
        return self.env["stock.warehouse"].search([("company_id", "=", self.env.company.id)])

    def _b2b_get_free_qty(self, products):
        """{product id: real free quantity} in the current company's warehouses, never negative.
        Internal: this figure must not be sent to a client as such (see `_b2b_get_visible_stock`)."""
        result = dict.fromkeys(products.ids, 0.0)
        warehouses = self._b2b_stock_warehouses()
        if not warehouses or not products:
            return result
        # what `free_qty` gives (quantity − reserved over the warehouses' quants), read as one
        # aggregate instead of computing the seven stock fields of every product
        domain_quant_loc = products.with_context(warehouse_id=warehouses.ids)._get_domain_locations()[0]
        groups = self.env["stock.quant"]._read_group(
            expression.AND([[("product_id", "in", products.ids)], domain_quant_loc]),
            ["product_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        for product, quantity, reserved in groups:
            result[product.id] = max(round(quantity - reserved, 6), 0.0)
        return result

    def _b2b_get_visible_stock(self, products):
        """{product id: {"qty": what the client may see, "capped": True when the real free
        stock is larger than "qty"}}. Base rule: the free stock itself, never negative."""
        self.ensure_one()
        return {
            product_id: {"qty": free, "capped": False} for product_id, free in self._b2b_get_free_qty(products).items()
        }
