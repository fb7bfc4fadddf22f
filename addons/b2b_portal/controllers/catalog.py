from odoo import _, http
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.http import request
from odoo.osv import expression
from odoo.tools import float_round

from ..tools.formats import NumberFormat, html_number
from ..tools.inputs import parse_int_id
from .portal import B2bCustomerPortal, b2b_portal_route


class B2bCatalogPortal(B2bCustomerPortal):
    """The client's catalog: the distributor's products with the client's price and visible
    stock, a search, a category filter, sorting, pages, and a product card."""

    _b2b_catalog_page_sizes = (10, 20, 40, 80)
    _b2b_catalog_default_page_size = 20

    def _b2b_catalog_sortings(self):
        return {
            "name": {"label": _("Name"), "order": "name asc, id asc"},
            "code": {"label": _("SKU"), "order": "default_code asc, id asc"},
            "batch": {"label": _("Next batch date"), "order": "b2b_next_batch_date asc, id asc"},
            "new": {"label": _("Newest"), "order": "id desc"},
        }

    def _b2b_catalog_can_order(self):
        """Hook: whether the catalog shows quantity boxes that add to an order. Ordering is
        `b2b_sale`'s; without it the catalog is a price list."""
        return False

    def _b2b_catalog_env_products(self):
        """product.product in the distributor's company, as superuser: portal users have no read
        access to products, stock or pricelists. Only catalog products (see the domain) are
        shown, with the prices and stock computed for the user's own client company."""
        company = request.env.user.company_id
        # sudo: see the docstring; every query adds `_b2b_catalog_domain()`
        return request.env["product.product"].sudo().with_company(company)

    def _b2b_catalog_domain(self, search=None, category=None):
        # the same filter every way into an order applies (res.partner._b2b_catalog_product_domain)
        domain = request.env["res.partner"].with_company(request.env.user.company_id)._b2b_catalog_product_domain()
        if search:
            domain = expression.AND(
                [
                    domain,
                    [
                        "|",
                        "|",
                        ("name", "ilike", search),
                        ("default_code", "ilike", search),
                        ("barcode", "ilike", search),
                    ],
                ]
            )
        if category:
            domain = expression.AND([domain, [("categ_id", "child_of", category.id)]])
        return domain

    def _b2b_catalog_categories(self):
        # sudo: portal users cannot read product categories; only names and ids are shown
        return request.env["product.category"].sudo().search_fetch([], ["complete_name"], order="complete_name")

    def _b2b_catalog_client(self):
        """The user's client company in the distributor's company environment."""
        user = request.env.user
        # sudo: the client's prices come from its pricelist and the stock from quants, which
        # portal users cannot read; the computation is for the user's own company only
        return user._b2b_client().sudo().with_company(user.company_id)

    def _b2b_catalog_rows(self, client, products, currency=None):
        """One dict per product with everything a catalog row shows, read in a fixed number of
        queries whatever the number of products: the product, its price and visible stock, and
        the texts of the row formatted in one pass (`_b2b_catalog_row_texts`)."""
        prices = client._b2b_get_catalog_prices(products)
        stock = client._b2b_get_visible_stock(products)
        rows = [
            {"product": product, "price": prices.get(product.id, 0.0), "stock": stock.get(product.id)}
            for product in products
        ]
        self._b2b_catalog_row_texts(rows, currency or client._b2b_catalog_currency())
        return rows

    def _b2b_catalog_row_texts(self, rows, currency):
        """Add to each row the strings its cells show, formatted here once for the whole page:
        a QWeb widget (monetary, float, date) per cell costs more than the rest of the row.
        Quantities are whole numbers for units that are not split («50», not «50.0»); the
        quantity box steps by the pack size (`product.template._b2b_quantity_step`)."""
        env = request.env
        lang = env["res.lang"]._get_data(code=env.lang or "en_US")
        number = NumberFormat.from_lang(lang)
        precision = env["decimal.precision"].precision_get("Product Unit of Measure")
        # sudo: portal users cannot read units (nor their XML ids); only the short names are shown
        units = env["uom.uom"].sudo().browse({row["product"].uom_id.id for row in rows})._b2b_short_name()
        rounding, decimals, symbol, position = (
            currency.rounding,
            currency.decimal_places,
            currency.symbol,
            currency.position,
        )
        at_least, none = _("at least %s"), _("out of stock")
        pack_label = _("pack")
        for row in rows:
            product = row["product"]
            uom = product.uom_id
            stock = row["stock"]
            step = product.product_tmpl_id._b2b_quantity_step()
            stamp = max(product.write_date, product.product_tmpl_id.write_date)
            unit = units.get(uom.id, "")
            pack = f"{pack_label} {number.quantity(step, uom.rounding, precision)} {unit}" if step > 1 else ""
            row.update(
                {
                    "id": product.id,
                    "anchor": f"b2b-product-{product.id}",
                    "name_id": f"b2b-product-{product.id}-name",
                    "qty_name": f"qty_{product.id}",
                    "url": f"/my/b2b/catalog/{product.id}",
                    "image_url": f"/my/b2b/catalog/{product.id}/image/128?unique={stamp:%Y%m%d%H%M%S}",
                    "name": product.name,
                    "sku": product.default_code or "",
                    "unit": unit,
                    "price_text": number.amount(
                        float_round(row["price"], precision_rounding=rounding), decimals, symbol, position
                    ),
                    "batch_text": product.b2b_next_batch_date.strftime(lang.date_format)
                    if product.b2b_next_batch_date
                    else "",
                    # the input's attributes are HTML numbers (a dot, no grouping)
                    "step": html_number(step) if step else "any",
                    "min": html_number(step) if step else "0",
                    "default_qty": html_number(step or 1.0),
                    "pack_qty_text": number.quantity(product.b2b_pack_qty or 1.0, uom.rounding, precision),
                    "pack_text": pack,
                    "notices": [],
                }
            )
            if not stock:
                row.update(stock_text="", stock_class="o_b2b_stock d-none")
            elif stock["capped"]:
                row.update(
                    stock_text=at_least % number.quantity(stock["qty"], uom.rounding, precision),
                    stock_class="o_b2b_stock o_b2b_stock_capped text-success",
                )
            elif stock["qty"] > 0:
                row.update(stock_text=number.quantity(stock["qty"], uom.rounding, precision), stock_class="o_b2b_stock")
            else:
                row.update(stock_text=none, stock_class="o_b2b_stock o_b2b_stock_none text-muted")
        return rows

    def _b2b_catalog_split_notices(self, rows):
        """The queued notices: those about a product of this page go to its row (the add form
        sends the client back to that row), the others above the table."""
        by_product = {row["id"]: row for row in rows}
        general = []
        for notice in self._b2b_pop_notices():
            row = by_product.get(notice.get("product_id"))
            if row is not None:
                row["notices"].append(notice)
            else:
                general.append(notice)
        return general

    def _prepare_b2b_catalog_values(self, page=1, search=None, category=None, sortby=None, ppg=None, **kw):
        Product = self._b2b_catalog_env_products()
        categories = self._b2b_catalog_categories()
        category = categories.browse(parse_int_id(category, default=())) & categories
        try:
            ppg = int(ppg) if ppg else self._b2b_catalog_default_page_size
        except ValueError:
            ppg = self._b2b_catalog_default_page_size
        if ppg not in self._b2b_catalog_page_sizes:
            ppg = self._b2b_catalog_default_page_size
        sortings = self._b2b_catalog_sortings()
        if sortby not in sortings:
            sortby = "name"
        # NUL: PostgreSQL refuses it in a query; nobody types it into a search box
        search = (search or "").replace("\x00", "").strip()[:100]
        domain = self._b2b_catalog_domain(search=search, category=category)
        total = Product.search_count(domain)
        url_args = {"search": search, "category": category.id or "", "sortby": sortby, "ppg": ppg}
        pager = portal_pager(
            url="/my/b2b/catalog",
            url_args={key: value for key, value in url_args.items() if value},
            total=total,
            page=page,
            step=ppg,
        )
        products = Product.search_fetch(
            domain,
            ["name", "default_code", "uom_id", "b2b_next_batch_date", "b2b_pack_qty", "write_date"],
            order=sortings[sortby]["order"],
            limit=ppg,
            offset=pager["offset"],
        )
        client = self._b2b_catalog_client()
        currency = client._b2b_catalog_currency()
        rows = self._b2b_catalog_rows(client, products, currency)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_catalog",
                "rows": rows,
                "currency": currency,
                "pager": pager,
                "search": search,
                "category": category,
                "categories": categories,
                "sortby": sortby,
                "sortings": sortings,
                "ppg": ppg,
                "page_sizes": self._b2b_catalog_page_sizes,
                "can_order": self._b2b_catalog_can_order(),
                "current_url": request.httprequest.full_path.rstrip("?"),
                "b2b_notices": self._b2b_catalog_split_notices(rows),
            }
        )
        return values

    @b2b_portal_route("catalog")
    @http.route(
        ["/my/b2b/catalog", "/my/b2b/catalog/page/<int:page>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def b2b_catalog(self, page=1, **kw):
        page = parse_int_id(page, default=1)  # an offset beyond bigint would fail the query
        values = self._prepare_b2b_catalog_values(page=page, **kw)
        return request.render("b2b_portal.portal_b2b_catalog", values)

    def _b2b_catalog_product(self, product_id):
        """The catalog product with this id, or an empty recordset (also for someone else's
        company's product, a product not for sale, or an archived one)."""
        Product = self._b2b_catalog_env_products()
        product_id = parse_int_id(product_id, default=0)  # a route id beyond int4: not found
        if not product_id:
            return Product
        return Product.search(expression.AND([[("id", "=", product_id)], self._b2b_catalog_domain()]), limit=1)

    def _prepare_b2b_product_values(self, product):
        client = self._b2b_catalog_client()
        row = self._b2b_catalog_rows(client, product)[0]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_catalog_product",
                "row": row,
                "product": product,
                "currency": client._b2b_catalog_currency(),
                "can_order": self._b2b_catalog_can_order(),
                "current_url": request.httprequest.path,
                "b2b_notices": self._b2b_pop_notices(),
            }
        )
        return values

    @b2b_portal_route("catalog")
    @http.route("/my/b2b/catalog/<int:product_id>", type="http", auth="user", methods=["GET"], website=True)
    def b2b_catalog_product(self, product_id, **kw):
        product = self._b2b_catalog_product(product_id)
        if not product:
            raise request.not_found()
        return request.render("b2b_portal.portal_b2b_catalog_product", self._prepare_b2b_product_values(product))

    @b2b_portal_route("catalog")
    @http.route(
        ["/my/b2b/catalog/<int:product_id>/image", "/my/b2b/catalog/<int:product_id>/image/<int:size>"],
        type="http",
        auth="user",
        methods=["GET"],
    )
    def b2b_catalog_product_image(self, product_id, size=1024, unique=None, **kw):
        """The product's picture for the client (portal users cannot read product images): 1024
        px for the card, 128 for the catalog's thumbnails (Odoo's placeholder when there is
        none). A link with `unique` (the product's last change) may be cached by the browser
        for a long time: the catalog's links change with the product."""
        if size not in (128, 1024):
            raise request.not_found()
        product = self._b2b_catalog_product(product_id)
        if not product:
            raise request.not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(product, f"image_{size}")
        stream.max_age = 3600
        return stream.get_response(immutable=bool(unique))
