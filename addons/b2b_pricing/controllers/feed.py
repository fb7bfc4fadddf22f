import csv
import io
import logging
import zipfile
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

from odoo import _, fields, http
from odoo.addons.b2b_portal.controllers.portal import B2bCustomerPortal, b2b_portal_route
from odoo.http import request

_logger = logging.getLogger(__name__)

FEED_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xml": "application/xml; charset=utf-8",
}

# The fixed parts of a one-sheet workbook (Office Open XML, ECMA-376)
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="stock" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}


class B2bFeed(B2bCustomerPortal):
    """Stock and price feed of one client for its web shop, and its page in the portal."""

    # Public feed

    @http.route(
        "/b2b/feed/<string:token>.<any(csv,xlsx,xml):fmt>",
        type="http",
        auth="public",
        methods=["GET"],
        csrf=False,
        sitemap=False,
    )
    def b2b_feed(self, token, fmt, **kw):
        client = request.env["res.partner"]._b2b_from_feed_token(token)
        if not client:
            raise request.not_found()
        client = client.with_company(client._b2b_feed_company())
        rows = client._b2b_feed_rows()
        body = getattr(self, f"_b2b_feed_{fmt}")(client, rows)
        filename = f"{self._b2b_feed_basename(client)}.{fmt}"
        return request.make_response(
            body,
            headers=[
                ("Content-Type", FEED_FORMATS[fmt]),
                ("Content-Disposition", http.content_disposition(filename)),
                ("Cache-Control", "no-store"),
                ("X-Robots-Tag", "noindex"),
            ],
        )

    def _b2b_feed_basename(self, client):
        return "stock-%s" % (client.vat or client.id)

    def _b2b_feed_columns(self):
        """(key, header) of the CSV and XLSX columns; the headers are a fixed, untranslated
        interface for the shops' import scripts."""
        return [
            ("sku", "sku"),
            ("name", "name"),
            ("uom", "unit"),
            ("quantity", "quantity"),
            ("at_least", "quantity_is_minimum"),
            ("price", "price"),
            ("currency", "currency"),
            ("next_batch_date", "next_batch_date"),
            ("barcode", "barcode"),
        ]

    def _b2b_feed_cell(self, row, key):
        value = row[key]
        if key == "at_least":
            return 1 if value else 0
        if key == "next_batch_date":
            return fields.Date.to_string(value) if value else ""
        return value

    def _b2b_feed_csv(self, client, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        columns = self._b2b_feed_columns()
        writer.writerow([header for _key, header in columns])
        cell = self._b2b_feed_cell
        writer.writerows([cell(row, key) for key, _header in columns] for row in rows)
        return buffer.getvalue().encode("utf-8-sig")

    def _b2b_feed_xlsx(self, client, rows):
        """An Office Open XML workbook with one sheet, written directly (inline strings, no
        styles): xlsxwriter needs about 2 s for the 90,000 cells of a 10,000-product feed, this
        writer a tenth of that, and shops import the values, not the looks."""
        columns = self._b2b_feed_columns()
        letters = [chr(ord("A") + index) for index in range(len(columns))]
        cell = self._b2b_feed_cell

        def xml_cell(ref, value):
            if isinstance(value, bool):
                value = int(value)
            if isinstance(value, int | float):
                return f'<c r="{ref}"><v>{value!r}</v></c>'
            if not value:
                return ""
            return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{xml_escape(value)}</t></is></c>'

        lines = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
            '<row r="1">'
            + "".join(xml_cell(f"{letter}1", header) for letter, (_k, header) in zip(letters, columns, strict=True))
            + "</row>",
        ]
        for number, row in enumerate(rows, start=2):
            cells = "".join(
                xml_cell(f"{letter}{number}", cell(row, key))
                for letter, (key, _h) in zip(letters, columns, strict=True)
            )
            lines.append(f'<row r="{number}">{cells}</row>')
        lines.append("</sheetData></worksheet>")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
            for name, content in XLSX_PARTS.items():
                book.writestr(name, content)
            book.writestr("xl/worksheets/sheet1.xml", "".join(lines))
        return buffer.getvalue()

    def _b2b_feed_xml(self, client, rows):
        """Yandex.Market YML: yml_catalog/shop with currencies, categories and offers."""
        company = request.env.company
        now = fields.Datetime.context_timestamp(client, fields.Datetime.now())
        catalog = etree.Element("yml_catalog", date=now.strftime("%Y-%m-%dT%H:%M:%S%z"))
        shop = etree.SubElement(catalog, "shop")
        etree.SubElement(shop, "name").text = company.name
        etree.SubElement(shop, "company").text = company.name
        etree.SubElement(shop, "url").text = company.get_base_url()
        currencies = etree.SubElement(shop, "currencies")
        for currency in sorted({row["currency"] for row in rows}) or [company.currency_id.name]:
            etree.SubElement(currencies, "currency", id=currency, rate="1")
        categories_el = etree.SubElement(shop, "categories")
        # sudo: category names only; the public route has no user
        categories = request.env["product.category"].sudo().browse({row["category_id"] for row in rows})
        for category in categories.sorted("id"):
            attrs = {"id": str(category.id)}
            if category.parent_id & categories:
                attrs["parentId"] = str(category.parent_id.id)
            etree.SubElement(categories_el, "category", **attrs).text = category.name
        offers = etree.SubElement(shop, "offers")
        for row in rows:
            offer = etree.SubElement(
                offers, "offer", id=str(row["id"]), available="true" if row["quantity"] else "false"
            )
            etree.SubElement(offer, "name").text = row["name"]
            if row["sku"]:
                etree.SubElement(offer, "vendorCode").text = row["sku"]
            etree.SubElement(offer, "price").text = "%.2f" % row["price"]
            etree.SubElement(offer, "currencyId").text = row["currency"]
            etree.SubElement(offer, "categoryId").text = str(row["category_id"])
            if row["barcode"]:
                etree.SubElement(offer, "barcode").text = row["barcode"]
            etree.SubElement(offer, "count").text = "%g" % row["quantity"]
            if row["at_least"]:
                etree.SubElement(offer, "param", name="quantity_is_minimum").text = "1"
            if row["next_batch_date"]:
                etree.SubElement(offer, "param", name="next_batch_date").text = fields.Date.to_string(
                    row["next_batch_date"]
                )
        return etree.tostring(catalog, encoding="UTF-8", xml_declaration=True)

    # Portal page of the feed (client's administrator)

    def _b2b_check_feed_admin(self):
        """None for the client's administrator, else the refusal (the feed routes' further check)."""
        if request.env.user._b2b_role() != "admin":
            return self._b2b_refuse(_("Only your company's administrator manages the feed for your web shop."))
        return None

    def _prepare_b2b_home_values(self):
        values = super()._prepare_b2b_home_values()
        values["b2b_feed_access"] = request.env.user._b2b_role() == "admin"
        return values

    def _prepare_b2b_feed_values(self):
        client = request.env.user._b2b_client()
        # sudo: the token field is managers-only; the admin sees its own company's token
        token = client.sudo().b2b_feed_token
        base = client.get_base_url()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "b2b_feed",
                "token": token,
                "feed_urls": [(fmt.upper(), f"{base}/b2b/feed/{token}.{fmt}") for fmt in FEED_FORMATS] if token else [],
                "b2b_notices": self._b2b_pop_notices(),
            }
        )
        return values

    @b2b_portal_route("catalog", check="_b2b_check_feed_admin")
    @http.route("/my/b2b/feed", type="http", auth="user", methods=["GET"], website=True)
    def b2b_feed_page(self, **kw):
        return request.render("b2b_pricing.portal_b2b_feed", self._prepare_b2b_feed_values())

    @b2b_portal_route("catalog", check="_b2b_check_feed_admin")
    @http.route("/my/b2b/feed/regenerate", type="http", auth="user", methods=["POST"], website=True)
    def b2b_feed_regenerate(self, **kw):
        client = request.env.user._b2b_client()
        client._b2b_regenerate_feed_token()
        _logger.info("B2B: %s regenerated the feed token of %s", request.env.user.login, client.id)
        self._b2b_notify(_("New feed addresses are ready. The old ones no longer work."))
        return request.redirect("/my/b2b/feed")

    @b2b_portal_route("catalog", check="_b2b_check_feed_admin")
    @http.route("/my/b2b/feed/revoke", type="http", auth="user", methods=["POST"], website=True)
    def b2b_feed_revoke(self, **kw):
        client = request.env.user._b2b_client()
        client._b2b_revoke_feed_token()
        _logger.info("B2B: %s revoked the feed token of %s", request.env.user.login, client.id)
        self._b2b_notify(_("The feed is switched off."), "warning")
        return request.redirect("/my/b2b/feed")
