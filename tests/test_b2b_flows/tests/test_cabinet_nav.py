from lxml import html

from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.tests import HttpCase, tagged

# with every add-on installed and a consignment contract, the entries each role may use
EXPECTED = {
    "admin": ["catalog", "order", "lists", "orders", "invoices", "waybills", "claims", "acts", "team", "feed"],
    "buyer": ["catalog", "order", "lists", "orders", "invoices", "waybills", "claims"],
    "accountant": ["catalog", "lists", "orders", "invoices", "claims", "acts"],
    "viewer": ["catalog", "lists", "orders", "invoices", "claims", "acts"],
}
PAGES = ["/my", "/my/orders", "/my/invoices", "/my/b2b/catalog", "/my/account"]


@tagged("post_install", "-at_install")
class TestCabinetNavigation(B2bTestCommon, HttpCase):
    """The cabinet's navigation bar shows each role exactly the pages it may use, on every
    client page, and every entry opens (no refusal)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls._b2b_make_contract(cls.client, contract_type="consignment")

    def _nav(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        tree = html.fromstring(response.content)
        return [(a.get("data-key"), a.get("href")) for a in tree.xpath("//div[contains(@class, 'o_b2b_nav')]//a")]

    def test_each_role_sees_exactly_its_entries(self):
        for role, user in self.client_users.items():
            self.authenticate(user.login, user.login)
            for page in PAGES:
                with self.subTest(role=role, page=page):
                    self.assertEqual([key for key, _url in self._nav(page)], EXPECTED[role])
            for key, url in self._nav("/my"):
                with self.subTest(role=role, entry=key):
                    self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 200, url)

    def test_home_tiles_follow_the_roles(self):
        """The «Current order» tile of /my only for the roles the navigation offers it to."""
        for role, user in self.client_users.items():
            self.authenticate(user.login, user.login)
            tree = html.fromstring(self.url_open("/my").content)
            tiles = tree.xpath("//div[contains(@class, 'o_portal_docs')]//a[@href='/my/b2b/order']")
            with self.subTest(role=role):
                self.assertEqual(bool(tiles), "order" in EXPECTED[role])

    def test_without_a_consignment_contract_no_waybills(self):
        admin = self.other_users["admin"]
        self.authenticate(admin.login, admin.login)
        self.assertNotIn("waybills", [key for key, _url in self._nav("/my/orders")])

    def test_no_bar_for_others(self):
        staff = self._b2b_make_staff("manager")
        self.authenticate(staff.login, staff.login)
        response = self.url_open("/my/orders")
        self.assertNotIn("o_b2b_nav", response.text)
        self.authenticate(None, None)
        order = self._b2b_make_order(self.client, [(self.product_a, 1)])
        response = self.url_open(order.get_portal_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("o_b2b_nav_item", response.text)

    def _cards(self, user):
        self.authenticate(user.login, user.login)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        tree = html.fromstring(response.content)
        return {
            card.get("data-key"): card
            for card in tree.xpath("//div[contains(@class, 'o_b2b_dashboard')]//div[@data-key]")
        }

    def test_dashboard_cards_per_role(self):
        act = self.env["b2b.reconciliation.act"].create(
            {
                "partner_id": self.client.id,
                "company_id": self.env.company.id,
                "date_from": "2026-01-01",
                "date_to": "2026-03-31",
                "requested_by_id": self.client_users["accountant"].id,
                "state": "done",
            }
        )
        act._portal_ensure_token()
        expected = {
            "admin": {
                "order",
                "orders_pending",
                "orders_to_pay",
                "invoices_unpaid",
                "invoices_overdue",
                "waybills",
                "acts",
            },
            "buyer": {"order", "orders_pending", "orders_to_pay", "invoices_unpaid", "invoices_overdue", "waybills"},
            "accountant": {"orders_pending", "orders_to_pay", "invoices_unpaid", "invoices_overdue", "acts"},
            "viewer": {"orders_pending", "orders_to_pay", "invoices_unpaid", "invoices_overdue", "acts"},
        }
        for role, user in self.client_users.items():
            with self.subTest(role=role):
                cards = self._cards(user)
                self.assertEqual(set(cards), expected[role])
                if "acts" in cards:
                    links = cards["acts"].xpath(".//a[contains(@class, 'o_b2b_card_item')]/@href")
                    self.assertEqual(links, [f"/my/b2b/acts/{act.id}/pdf?access_token={act.access_token}"])
        # another client's admin: no waybills (no consignment contract), none of these acts
        cards = self._cards(self.other_users["admin"])
        self.assertNotIn("waybills", cards)
        self.assertFalse(cards["acts"].xpath(".//a[contains(@class, 'o_b2b_card_item')]"))

    def test_shipment_from_1c(self):
        order = self._b2b_make_order(self.client, [(self.product_a, 1)], confirm=False)
        self.assertFalse(order.b2b_shipment_state)
        order.b2b_1c_shipped_date = "2026-11-20 10:00:00"
        self.assertEqual(order.b2b_shipment_state, "shipped")
