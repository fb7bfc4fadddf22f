from odoo import _, http
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.http import request
from odoo.osv import expression

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

    def _b2b_catalog_rows(self, client, products):
        """One dict per product with everything a catalog row shows, read in a fixed number of
        queries whatever the number of products."""
        prices = client._b2b_get_catalog_prices(products)
        stock = client._b2b_get_visible_stock(products)
        return [
            {"product": product, "price": prices.get(product.id, 0.0), "stock": stock.get(product.id)}
            for product in products
        ]

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
            ["name", "default_code", "uom_id", "b2b_next_batch_date", "b2b_pack_qty"],
            order=sortings[sortby]["order"],
            limit=ppg,
            offset=pager["offset"],
        )
        client = self._b2b_catalog_client()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_catalog",
                "rows": self._b2b_catalog_rows(client, products),
                "currency": client._b2b_catalog_currency(),
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
                "b2b_notices": self._b2b_pop_notices(),
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
    @http.route("/my/b2b/catalog/<int:product_id>/image", type="http", auth="user", methods=["GET"])
    def b2b_catalog_product_image(self, product_id, **kw):
        """The product's picture for the client (portal users cannot read product images)."""
        product = self._b2b_catalog_product(product_id)
        if not product:
            raise request.not_found()
        stream = request.env["ir.binary"]._get_image_stream_from(product, "image_1024")
        return stream.get_response(max_age=3600)
