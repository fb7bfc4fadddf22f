import logging
import re

from stdnum.ru import inn as stdnum_inn

from odoo import _, http
from odoo.addons.b2b_portal.tools.client_address import clean_email
from odoo.addons.b2b_portal.tools.inputs import InvalidInput, parse_int_id
from odoo.exceptions import UserError
from odoo.http import request

_logger = logging.getLogger(__name__)

B2B_DEMO_MAX_LINES = 30
B2B_DEMO_PRODUCT_LIMIT = 200


class B2bDemoInvoice(http.Controller):
    """Public demo invoice: a visitor picks products at base prices and gets a PDF by e-mail.

    No portal user is created; the request becomes a quotation for a new prospect."""

    def _b2b_demo_company(self):
        """The distributor's legal entity of the B2B settings (the visitor's company is the
        public user's, which is Odoo's first company, not necessarily the distributor)."""
        # sudo: the visitor reads the distributor's name and currency, a company it is not in
        return request.env["res.company"]._b2b_distributor().sudo()

    def _b2b_demo_domain(self):
        """Goods the distributor publishes in its B2B catalog."""
        return [
            ("sale_ok", "=", True),
            ("type", "=", "consu"),
            ("b2b_catalog_published", "=", True),
            ("company_id", "in", [False, self._b2b_demo_company().id]),
        ]

    def _b2b_demo_products(self, search=None):
        domain = self._b2b_demo_domain()
        # NUL: PostgreSQL refuses it in a query; a text too long to be a name or SKU finds nothing
        search = search.replace("\x00", "")[:100] if isinstance(search, str) else None
        if search:
            domain += ["|", ("name", "ilike", search), ("default_code", "ilike", search)]
        # sudo: public visitors cannot read products; only name, SKU, base price, weight and
        # volume are shown (no stock figures)
        return (
            request.env["product.product"]
            .sudo()
            .search(domain, order="default_code, name", limit=B2B_DEMO_PRODUCT_LIMIT)
        )

    def _b2b_demo_values(self, form=None, quantities=None, errors=None, sent=False):
        form = form or {}
        products = self._b2b_demo_products(form.get("search"))
        quantities = quantities or {}
        picked = dict(quantities)
        products = request.env["product.product"].sudo().browse([p.id for p in picked]) | products
        company = self._b2b_demo_company()
        SaleOrder = request.env["sale.order"]
        prices = {product.id: SaleOrder._b2b_demo_base_price(product, company) for product in products}
        total = sum(prices[product.id] * qty for product, qty in picked.items())
        weight = sum(product.weight * qty for product, qty in picked.items())
        volume = sum(product.volume * qty for product, qty in picked.items())
        # weights and volumes in the visitor's language («0,45», not «0.45»), formatted once
        number = request.env["uom.uom"]._b2b_number_format()
        return {
            "products": products,
            "prices": prices,
            "quantities": {product.id: qty for product, qty in picked.items()},
            "total": total,
            "weight": weight,
            "volume": volume,
            "weight_texts": {product.id: number.number(product.weight, 3, trim=True) for product in products},
            "weight_text": number.number(weight, 3),
            "volume_text": number.number(volume, 4),
            "currency": company.currency_id,
            "form": form,
            "errors": errors or [],
            "sent": sent,
            "max_lines": B2B_DEMO_MAX_LINES,
        }

    def _b2b_demo_parse(self, form):
        """({product: quantity}, [errors]) from the posted form."""
        SaleOrder = request.env["sale.order"]
        quantities, errors = {}, []
        wanted = {}
        for key, value in form.items():
            match = re.fullmatch(r"qty_(\d+)", key)
            if match and str(value).strip() not in ("", "0"):
                try:
                    wanted[parse_int_id(match.group(1))] = value
                except InvalidInput:  # an id no product can have
                    errors.append(_("A product you picked is no longer available."))
        if len(wanted) > B2B_DEMO_MAX_LINES:
            errors.append(_("A demo invoice can have at most %(max)s lines.", max=B2B_DEMO_MAX_LINES))
            return {}, errors
        # sudo: see _b2b_demo_products; only sellable goods are accepted
        products = request.env["product.product"].sudo().browse(list(wanted)).exists()
        products = products.filtered_domain([("active", "=", True), *self._b2b_demo_domain()])
        for product_id, value in wanted.items():
            product = products.filtered(lambda p, product_id=product_id: p.id == product_id)
            if not product:
                errors.append(_("A product you picked is no longer available."))
                continue
            try:
                quantities[product] = SaleOrder._b2b_parse_quantity(value)
            except UserError as error:
                errors.append(_("%(product)s: %(error)s", product=product.display_name, error=error.args[0]))
        return quantities, errors

    @http.route("/b2b/demo-invoice", type="http", auth="public", website=True, methods=["GET"], sitemap=True)
    def b2b_demo_invoice(self, search=None, **kw):
        return request.render("b2b_demo_invoice.b2b_demo_invoice_page", self._b2b_demo_values({"search": search or ""}))

    @http.route("/b2b/demo-invoice", type="http", auth="public", website=True, methods=["POST"], sitemap=False)
    def b2b_demo_invoice_post(self, **form):
        form = {key: (value.strip() if isinstance(value, str) else value) for key, value in form.items()}
        form.pop("csrf_token", None)
        quantities, errors = self._b2b_demo_parse(form)
        if form.get("action") != "send":
            return request.render(
                "b2b_demo_invoice.b2b_demo_invoice_page", self._b2b_demo_values(form, quantities, errors)
            )
        if form.get("website_url"):
            # the honeypot: a field hidden from people, filled by robots; pretend success
            _logger.info("B2B demo invoice: honeypot filled from %s", request.httprequest.remote_addr)
            return request.render("b2b_demo_invoice.b2b_demo_invoice_page", self._b2b_demo_values(sent=True))
        email = clean_email(form.get("email"))
        if not email:
            errors.append(_("Enter a valid e-mail address: the invoice is sent there."))
        if not form.get("name"):
            errors.append(_("Enter your name."))
        if len(form.get("name") or "") > 128 or len(form.get("company_name") or "") > 256:
            errors.append(_("The name or the company name is too long."))
        vat = form.get("vat") or ""
        if vat and not stdnum_inn.is_valid(vat):
            errors.append(_("The INN is not valid: 10 digits for a company, 12 for an entrepreneur."))
        if not quantities and not errors:
            errors.append(_("Pick at least one product and enter its quantity."))
        ip = request.httprequest.remote_addr or ""
        if not errors and request.env["sale.order"]._b2b_demo_rate_exceeded(ip, email):
            errors.append(
                _("Too many demo invoices were requested from this address or for this e-mail. Try again later.")
            )
        if errors:
            return request.render(
                "b2b_demo_invoice.b2b_demo_invoice_page", self._b2b_demo_values(form, quantities, errors)
            )
        order = request.env["sale.order"]._b2b_create_demo_request(
            {"name": form["name"], "email": email, "company_name": form.get("company_name"), "vat": vat},
            quantities,
            ip,
        )
        _logger.info("B2B demo invoice %s requested from %s", order.name, ip)
        return request.render("b2b_demo_invoice.b2b_demo_invoice_page", self._b2b_demo_values(sent=True))
