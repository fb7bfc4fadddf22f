import logging
import re

from odoo import _, fields, http
from odoo.addons.b2b_portal.controllers.portal import B2bCustomerPortal, b2b_portal_route
from odoo.http import request

from ..tools import feed_formats

_logger = logging.getLogger(__name__)

# The feed's token is its credential: keep it out of the request log lines (werkzeug's access
# log, which Odoo writes for every request, and anything else logged with the feed's path).
FEED_TOKEN_IN_PATH = re.compile(r"(?<!/my)(/b2b/feed/)[^/.?\s\"]+")


class FeedTokenLogFilter(logging.Filter):
    """Masks the token of /b2b/feed/<token>.<fmt> in a log record's message."""

    def filter(self, record):
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        if "/b2b/feed/" in message:
            record.msg = FEED_TOKEN_IN_PATH.sub(r"\1***", message)
            record.args = ()
        return True


def _install_feed_log_filter():
    for name in ("werkzeug", "odoo.http"):
        logger = logging.getLogger(name)
        # by name: a reloaded module makes a new class, and one filter per logger is enough
        if not any(type(f).__name__ == "FeedTokenLogFilter" for f in logger.filters):
            logger.addFilter(FeedTokenLogFilter())


_install_feed_log_filter()

FEED_FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xml": "application/xml; charset=utf-8",
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

    def _b2b_feed_table(self, rows):
        """(header, rows of cells) of the CSV and XLSX feeds."""
        columns = self._b2b_feed_columns()
        cell = self._b2b_feed_cell
        return [header for _key, header in columns], [[cell(row, key) for key, _header in columns] for row in rows]

    def _b2b_feed_csv(self, client, rows):
        return feed_formats.csv_bytes(*self._b2b_feed_table(rows))

    def _b2b_feed_xlsx(self, client, rows):
        return feed_formats.xlsx_bytes(*self._b2b_feed_table(rows))

    def _b2b_feed_xml(self, client, rows):
        company = request.env.company
        # sudo: category names only; the public route has no user
        categories = request.env["product.category"].sudo().browse({row["category_id"] for row in rows})
        shop = {"name": company.name, "company": company.name, "url": company.get_base_url()}
        return feed_formats.yml_bytes(
            shop,
            fields.Datetime.context_timestamp(client, fields.Datetime.now()),
            [
                (category.id, category.parent_id.id if category.parent_id & categories else None, category.name)
                for category in categories
            ],
            [dict(row, next_batch_date=fields.Date.to_string(row["next_batch_date"]) or "") for row in rows],
            company.currency_id.name,
        )

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
