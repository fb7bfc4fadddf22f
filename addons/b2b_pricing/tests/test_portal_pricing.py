import csv
import io
import logging
import time

from lxml import etree, html

from odoo import http
from odoo.addons.b2b_portal.tests.common import xlsx_rows
from odoo.tests import HttpCase, tagged

from .common import B2bPricingTestCommon


@tagged("post_install", "-at_install")
class TestPortalPricing(B2bPricingTestCommon, HttpCase):
    """Catalog, card and feed with contract prices and throttled stock, under each role."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_pricing_setup()
        cls.product_a.write({"list_price": 1000.0, "b2b_next_batch_date": "2030-01-20"})
        # product A: 100 free, no turnover → the client sees "at least 10"
        # product B: 1000 free, turnover 40 → "at least 60"
        cls._move(cls.client, cls.product_b, 40)
        cls.contract = cls._b2b_make_contract(cls.client, discount_percent=10)
        cls.other_contract = cls._b2b_make_contract(cls.other_client, discount_percent=2)
        cls.client._b2b_regenerate_feed_token()
        cls.other_client._b2b_regenerate_feed_token()

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _text(self, response):
        return html.fromstring(response.content).xpath("string(//main)")

    def _catalog_row(self, response, product):
        tree = html.fromstring(response.content)
        (row,) = tree.xpath(f"//tr[@data-product-id='{product.id}']")
        return {
            "price": row.xpath("string(.//td[contains(@class, 'o_b2b_price')])").strip(),
            "stock": " ".join(row.xpath("string(.//span[contains(@class, 'o_b2b_stock')])").split()),
        }

    def test_catalog_shows_contract_price_and_capped_stock(self):
        for role, user in self.client_users.items():
            with self.subTest(role=role):
                self._login(user)
                response = self.url_open("/my/b2b/catalog?search=T-")
                self.assertEqual(response.status_code, 200)
                row_a = self._catalog_row(response, self.product_a)
                self.assertIn("900,00", row_a["price"].replace("900.00", "900,00"))
                # whole numbers: «не менее 10», not «10,00»
                self.assertRegex(row_a["stock"], r"^(at least|не менее) 10$")
                row_b = self._catalog_row(response, self.product_b)
                self.assertRegex(row_b["stock"], r"^(at least|не менее) 60$")
                # the real free figures never reach the browser (page text; tokens are random)
                self.assertNotIn("960", self._text(response))
                card = self.url_open(f"/my/b2b/catalog/{self.product_b.id}")
                self.assertIn("o_b2b_stock_capped", card.text)
                self.assertNotIn("960", self._text(card))
        self._login(self.other_users["admin"])
        response = self.url_open("/my/b2b/catalog?search=T-")
        self.assertIn("980", self._catalog_row(response, self.product_a)["price"])
        card = self.url_open(f"/my/b2b/catalog/{self.product_a.id}")
        self.assertIn("980", card.text)
        self.assertNotIn("900,00", card.text.replace("900.00", "900,00"))

    def _feed(self, token, fmt):
        self.authenticate(None, None)
        return self.url_open(f"/b2b/feed/{token}.{fmt}", allow_redirects=False)

    def _csv_rows(self, response):
        return {
            row["sku"]: row for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        }

    def test_feed_formats(self):
        token = self.client.sudo().b2b_feed_token
        response = self._feed(token, "csv")
        self.assertEqual(response.status_code, 200)
        rows = self._csv_rows(response)
        self.assertEqual(rows["T-A5"]["price"], "900.0")
        self.assertEqual(rows["T-A5"]["quantity"], "10.0")
        self.assertEqual(rows["T-A5"]["quantity_is_minimum"], "1")
        self.assertEqual(rows["T-A5"]["next_batch_date"], "2030-01-20")
        self.assertEqual(rows["T-SP6"]["quantity"], "60.0")
        self.assertNotIn("960", response.text)
        # XLSX
        response = self._feed(token, "xlsx")
        self.assertEqual(response.status_code, 200)
        values = xlsx_rows(response.content)
        self.assertEqual(values[0][:4], ("sku", "name", "unit", "quantity"))
        by_sku = {row[0]: row for row in values[1:]}
        self.assertEqual(by_sku["T-A5"][5], 900)
        self.assertEqual(by_sku["T-SP6"][3], 60)
        # YML
        response = self._feed(token, "xml")
        self.assertEqual(response.status_code, 200)
        root = etree.fromstring(response.content)
        self.assertEqual(root.tag, "yml_catalog")
        (offer,) = root.xpath("/yml_catalog/shop/offers/offer[vendorCode='T-SP6']")
        self.assertEqual(offer.findtext("price"), "2.25")
        self.assertEqual(offer.findtext("count"), "60")
        self.assertEqual(root.xpath("/yml_catalog/shop/currencies/currency/@id"), [self.company.currency_id.name])

    def test_feed_of_another_client_and_bad_tokens(self):
        other = self._csv_rows(self._feed(self.other_client.sudo().b2b_feed_token, "csv"))
        self.assertEqual(other["T-A5"]["price"], "980.0")
        for token in ("", "short", "x" * 32, self.client.sudo().b2b_feed_token + "x"):
            self.assertEqual(self._feed(token, "csv").status_code, 404, token)
        self.assertEqual(self._feed(self.client.sudo().b2b_feed_token, "pdf").status_code, 404)
        old = self.client.sudo().b2b_feed_token
        self.client._b2b_revoke_feed_token()
        self.assertEqual(self._feed(old, "csv").status_code, 404)

    def test_feed_of_a_pending_client_or_one_without_active_users(self):
        token = self.client.sudo().b2b_feed_token
        self.assertEqual(self._feed(token, "csv").status_code, 200)
        self.client.b2b_approval_state = "pending"
        for fmt in ("csv", "xlsx", "xml"):
            response = self._feed(token, fmt)
            self.assertEqual(response.status_code, 404, fmt)
            self.assertNotIn(b"T-A5", response.content)
        self.client.b2b_approval_state = "approved"
        self.assertEqual(self._feed(token, "csv").status_code, 200)
        # every user of the client archived (or one left, but archived): no feed either
        users = self.env["res.users"].browse([u.id for u in self.client_users.values()])
        self.client.b2b_is_client = False  # a client's last administrator cannot be archived otherwise
        users.action_archive()
        self.client.b2b_is_client = True
        for fmt in ("csv", "xlsx", "xml"):
            response = self._feed(token, fmt)
            self.assertEqual(response.status_code, 404, fmt)
            self.assertNotIn(b"T-A5", response.content)
        self.client_users["viewer"].action_unarchive()
        self.assertEqual(self._feed(token, "csv").status_code, 200)

    def test_feed_token_is_masked_in_the_access_log(self):
        token = self.client.sudo().b2b_feed_token
        records = []
        capture = logging.Handler(logging.INFO)
        capture.emit = records.append
        access_log = logging.getLogger("werkzeug")
        access_log.addHandler(capture)
        self.addCleanup(access_log.removeHandler, capture)
        self.assertEqual(self._feed(token, "csv").status_code, 200)
        self.assertEqual(self._feed(token + "x", "xml").status_code, 404)
        self.assertEqual(self.url_open("/my/b2b/feed", allow_redirects=False).status_code, 303)
        # the server writes a line once its response is sent: wait for the three
        for _wait in range(100):
            if len(records) >= 3:
                break
            time.sleep(0.05)
        lines = "\n".join(record.getMessage() for record in records)
        self.assertIn("/b2b/feed/***.csv", lines)
        self.assertIn("/b2b/feed/***.xml", lines)
        self.assertIn("/my/b2b/feed ", lines)  # the portal page's path is no token
        self.assertNotIn(token, lines)

    def test_feed_home_entry_for_admins(self):
        for role, user in self.client_users.items():
            with self.subTest(role=role):
                self._login(user)
                self.assertEqual('href="/my/b2b/feed"' in self.url_open("/my").text, role == "admin")

    def test_feed_page_roles(self):
        self.authenticate(None, None)
        response = self.url_open("/my/b2b/feed", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))
        for role in ("buyer", "accountant", "viewer"):
            self._login(self.client_users[role])
            self.assertEqual(self.url_open("/my/b2b/feed").status_code, 403, role)
            response = self.url_open("/my/b2b/feed/regenerate", data={"csrf_token": http.Request.csrf_token(self)})
            self.assertEqual(response.status_code, 403, role)
        token = self.client.sudo().b2b_feed_token
        self._login(self.client_users["admin"])
        page = self.url_open("/my/b2b/feed")
        self.assertEqual(page.status_code, 200)
        self.assertIn(f"/b2b/feed/{token}.xlsx", page.text)
        self.assertNotIn(self.other_client.sudo().b2b_feed_token, page.text)
        response = self.url_open("/my/b2b/feed/regenerate", data={"csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(response.status_code, 200)
        new = self.client.sudo().b2b_feed_token
        self.assertNotEqual(new, token)
        self.assertIn(new, response.text)
        self.assertEqual(self._feed(token, "csv").status_code, 404)
        self.assertEqual(self._feed(new, "csv").status_code, 200)
        # another client's admin manages its own token only
        self._login(self.other_users["admin"])
        other_token = self.other_client.sudo().b2b_feed_token
        self.url_open("/my/b2b/feed/revoke", data={"csrf_token": http.Request.csrf_token(self)})
        self.assertFalse(self.other_client.sudo().b2b_feed_token)
        self.assertEqual(self.client.sudo().b2b_feed_token, new)
        self.assertEqual(self._feed(other_token, "csv").status_code, 404)
