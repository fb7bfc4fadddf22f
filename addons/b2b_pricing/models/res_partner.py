import math
import secrets

from odoo import api, fields, models
from odoo.tools import SQL, float_round


def b2b_visible_stock(free_qty, turnover, factor, floor):
    """What a client may see of a product's stock: (quantity, capped).

    quantity = min(free, max(floor, ceil(factor × turnover))), never negative; `capped` is True
    when the real free stock is larger than the quantity shown (the client sees "at least N").
    """
    free_qty = max(free_qty or 0.0, 0.0)
    # round first so that 1.5 × 10 does not become 16 through a binary fraction
    cap = max(floor or 0, math.ceil(float_round(max(factor, 0.0) * max(turnover or 0.0, 0.0), precision_digits=6)))
    if free_qty > cap:
        return float(cap), True
    return free_qty, False


class ResPartner(models.Model):
    _inherit = "res.partner"

    b2b_contract_ids = fields.One2many("b2b.contract", "partner_id", string="Contracts")
    b2b_feed_token = fields.Char(
        string="Feed token",
        copy=False,
        index="btree_not_null",
        groups="b2b_portal.group_b2b_manager",
        help="Secret part of the addresses of this client's stock and price feed for its web shop. "
        "The client's administrator regenerates it in the portal; empty = no feed.",
    )

    _sql_constraints = [
        ("b2b_feed_token_unique", "UNIQUE(b2b_feed_token)", "A feed token must be unique."),
    ]

    def _b2b_active_contract(self):
        """The client's active contract with the current company (legal entity), if any."""
        self.ensure_one()
        return (
            self.env["b2b.contract"]
            .sudo()
            .search(
                [
                    ("partner_id", "=", self.commercial_partner_id.id),
                    ("company_id", "=", self.env.company.id),
                    ("state", "=", "active"),
                ],
                limit=1,
            )
        )

    def _b2b_credit_terms(self):
        """While a contract is active, its credit terms are the client's."""
        contract = self._b2b_active_contract()
        if not contract:
            return super()._b2b_credit_terms()
        return {
            "limit": contract.credit_limit,
            "overdue_block": contract.overdue_block,
            "overdue_days": contract.overdue_days,
        }

    def _b2b_catalog_pricelist(self):
        contract = self._b2b_active_contract()
        return contract.pricelist_id if contract.pricelist_id else super()._b2b_catalog_pricelist()

    def _b2b_get_catalog_prices(self, products, quantity=1.0):
        """Contract pricelists give base sales price × coefficient: for the products without
        variant price extras and in the pricelist's currency, that product is read in one query
        (what the pricelist rule computes, without the per-product ORM work, so that a feed of
        the whole catalog stays fast); the other products go through the pricelist as usual."""
        self.ensure_one()
        pricelist = self._b2b_catalog_pricelist()
        factor = pricelist._b2b_contract_factor() if pricelist else None
        if factor is None or not products:
            return super()._b2b_get_catalog_prices(products, quantity=quantity)
        # a product with a price of its own (b2b_exchange_1c: a 1C characteristic) is not
        # base price × coefficient of its template: the pricelist computes it as usual
        fast = products - self.env["product.pricelist"]._b2b_priced_individually(products)
        self.env["product.template"].flush_model(["list_price", "company_id"])
        self.env["product.template.attribute.value"].flush_model(["price_extra"])
        main_currency = self.env["res.company"]._get_main_company().currency_id
        self.env.cr.execute(
            SQL(
                """
                SELECT pp.id, pt.list_price
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  LEFT JOIN res_company c ON c.id = pt.company_id
                 WHERE pp.id = ANY(%(ids)s)
                   AND COALESCE(c.currency_id, %(main_currency)s) = %(currency)s
                   AND NOT EXISTS (
                        SELECT 1
                          FROM product_variant_combination comb
                          JOIN product_template_attribute_value ptav
                            ON ptav.id = comb.product_template_attribute_value_id
                         WHERE comb.product_product_id = pp.id AND ptav.price_extra <> 0)
                """,
                ids=fast.ids,
                main_currency=main_currency.id,
                currency=pricelist.currency_id.id,
            )
        )
        prices = {product_id: (list_price or 0.0) * factor for product_id, list_price in self.env.cr.fetchall()}
        others = products.browse([pid for pid in products.ids if pid not in prices])
        if others:
            prices.update(super()._b2b_get_catalog_prices(others, quantity=quantity))
        return prices

    def _b2b_get_visible_stock(self, products):
        """Free stock throttled by the client's turnover of each product (see b2b_visible_stock)."""
        self.ensure_one()
        params = self.env["res.config.settings"]._b2b_pricing_params()
        factor = self._b2b_active_contract().stock_factor or params["stock_factor"]
        free = self._b2b_get_free_qty(products)
        turnover = self.env["b2b.turnover"]._b2b_get_turnover(self, products)
        result = {}
        for product_id, free_qty in free.items():
            qty, capped = b2b_visible_stock(free_qty, turnover.get(product_id, 0.0), factor, params["stock_floor"])
            result[product_id] = {"qty": qty, "capped": capped}
        return result

    def _b2b_order_limits(self, products, available=True):
        contract = self._b2b_active_contract()
        if available:
            limits = super()._b2b_order_limits(products, available=available)
        else:
            # the turnover throttle alone: what the client could see if the stock were endless
            params = self.env["res.config.settings"]._b2b_pricing_params()
            factor = contract.stock_factor or params["stock_factor"]
            turnover = self.env["b2b.turnover"]._b2b_get_turnover(self, products)
            limits = {
                product.id: b2b_visible_stock(
                    float("inf"), turnover.get(product.id, 0.0), factor, params["stock_floor"]
                )[0]
                for product in products
            }
        # the contract's own cap on one order's quantity of a product, when it sets one
        if contract.order_line_max_qty > 0:
            limits = {pid: min(limit, contract.order_line_max_qty) for pid, limit in limits.items()}
        return limits

    # Feed for the client's web shop

    def _b2b_regenerate_feed_token(self):
        """A new secret for the client's feed; the old addresses stop working."""
        for partner in self:
            partner.sudo().b2b_feed_token = secrets.token_urlsafe(24)

    def _b2b_revoke_feed_token(self):
        self.sudo().b2b_feed_token = False

    @api.model
    def _b2b_from_feed_token(self, token):
        """The client company of a feed token, or an empty recordset."""
        if not token or len(token) < 20:
            return self.browse()
        # sudo: the feed is public (the token is the credential); the field is managers-only
        client = self.sudo().search([("b2b_feed_token", "=", token), ("b2b_is_client", "=", True)], limit=1)
        return client if client and client._b2b_feed_allowed() else self.browse()

    def _b2b_feed_allowed(self):
        """Whether this client's feed may be served: an approved client with at least one
        active user in the cabinet (a pending registration, or a client whose users were all
        archived, gets nothing, whatever token it holds)."""
        self.ensure_one()
        return self.b2b_approval_state != "pending" and bool(self._b2b_team_users())

    def _b2b_feed_company(self):
        """The legal entity whose stock and prices the feed gives: the one of the client's
        active contract, else the current company."""
        self.ensure_one()
        contract = (
            self.env["b2b.contract"]
            .sudo()
            .search([("partner_id", "=", self.commercial_partner_id.id), ("state", "=", "active")], limit=1)
        )
        return contract.company_id or self.env.company

    def _b2b_feed_products(self):
        """The catalog's products (ids only: the feed reads what it shows in one query)."""
        company = self.env.company
        return (
            self.env["product.product"]
            .sudo()
            .search([("sale_ok", "=", True), ("company_id", "in", [False, company.id])], order="default_code, id")
        )

    def _b2b_feed_product_data(self, products):
        """{product id: (sku, barcode, name, unit, category id, next batch date)} in the
        environment's language, in one query (10,000 records through the ORM take seconds)."""
        for model, fnames in (
            ("product.product", ["default_code", "barcode", "product_tmpl_id"]),
            ("product.template", ["name", "uom_id", "categ_id", "b2b_next_batch_date"]),
            ("uom.uom", ["name"]),
        ):
            self.env[model].flush_model(fnames)
        lang = self.env.lang or "en_US"
        self.env.cr.execute(
            SQL(
                """
                SELECT pp.id, pp.default_code, pp.barcode,
                       COALESCE(pt.name->>%(lang)s, pt.name->>'en_US'),
                       COALESCE(u.name->>%(lang)s, u.name->>'en_US'),
                       pt.categ_id, pt.b2b_next_batch_date
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom u ON u.id = pt.uom_id
                 WHERE pp.id = ANY(%(ids)s)
                """,
                lang=lang,
                ids=products.ids,
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _b2b_feed_rows(self):
        """The whole catalog for this client: SKU, name, visible stock, price and next batch
        date, with the same hooks as the portal catalog. Call in the feed company's environment."""
        self.ensure_one()
        client = self.commercial_partner_id
        products = client._b2b_feed_products()
        prices = client._b2b_get_catalog_prices(products)
        stock = client._b2b_get_visible_stock(products)
        currency = client._b2b_catalog_currency()
        data = client._b2b_feed_product_data(products)
        rounding = currency.rounding
        rows = []
        for product_id in products.ids:
            sku, barcode, name, uom, category_id, next_batch_date = data[product_id]
            visible = stock[product_id]
            rows.append(
                {
                    "id": product_id,
                    "sku": sku or "",
                    "barcode": barcode or "",
                    "name": name,
                    "uom": uom,
                    "category_id": category_id,
                    "quantity": visible["qty"],
                    "at_least": visible["capped"],
                    # what currency.round does, without a record method call per row
                    "price": float_round(prices.get(product_id, 0.0), precision_rounding=rounding),
                    "currency": currency.name,
                    "next_batch_date": next_batch_date,
                }
            )
        return rows
