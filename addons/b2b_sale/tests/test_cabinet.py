from lxml import html

from odoo import Command
from odoo.addons.b2b_sale.controllers.order_list import B2bOrderListPortal
from odoo.tests import HttpCase, tagged
from odoo.tools import format_amount

from .test_order_reservation import B2bOrderCommon


@tagged("post_install", "-at_install")
class TestCabinet(B2bOrderCommon, HttpCase):
    """The cabinet's navigation, the dashboard on /my and the order list's states, filters and
    search, for orders placed in the portal and orders a manager entered in the back office."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_order_setup()
        # back office: one delivered and paid, one waiting for stock, one partly reserved
        cls.delivered = cls._b2b_make_order(cls.client, [(cls.product_a, 5)])
        cls.delivered.client_order_ref = "REF-DELIVERED"
        cls._deliver(cls.delivered)
        cls._invoice(cls.delivered, pay=True)
        cls.waiting = cls._b2b_make_order(cls.client, [(cls.product_none, 2)])
        cls.partial = cls._b2b_make_order(cls.client, [(cls.product_a, 3), (cls.product_none, 1)])
        cls.partial.client_order_ref = "REF-PARTIAL"
        cls.services = cls._b2b_make_order(
            cls.client, [(cls.env["product.product"].create({"name": "Доставка", "type": "service"}), 1)]
        )
        cls.foreign = cls._b2b_make_order(cls.other_client, [(cls.product_a, 1)])

    @classmethod
    def _deliver(cls, order):
        for picking in order.picking_ids:
            picking.move_ids.quantity = picking.move_ids.product_uom_qty
            picking.move_ids.picked = True
            picking.button_validate()

    @classmethod
    def _invoice(cls, order, pay=False):
        invoice = order._create_invoices()
        invoice.action_post()
        if pay:
            cls.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
        return invoice

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _tree(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return html.fromstring(response.content)

    def _listed(self, url):
        """{order name: (reservation, payment, shipment)} of an order list page."""
        rows = {}
        for row in self._tree(url).xpath("//td[contains(@class, 'o_b2b_order_reservation')]/.."):
            name = row.xpath("string(./td[1])").strip()
            rows[name] = tuple(
                (row.xpath(f"./td[contains(@class, '{cls}')]/span/@data-state") or [None])[0]
                for cls in ("o_b2b_order_reservation", "o_b2b_order_payment", "o_b2b_order_shipment")
            )
        return rows

    # ------------------------------------------------------------------ states of back-office orders

    def test_states_of_back_office_orders(self):
        self.assertFalse(self.delivered.b2b_portal_user_id)
        self.assertEqual(self.delivered.b2b_reservation_state, "draft")  # the stored field stays as it was
        expected = {
            self.delivered: ("reserved", "paid", "shipped"),
            self.waiting: ("pending", "not_paid", "waiting"),
            self.partial: ("partial", "not_paid", "waiting"),
        }
        for order, states in expected.items():
            with self.subTest(order=order.name):
                self.assertEqual(
                    (order.b2b_shown_reservation_state, order.b2b_payment_state, order.b2b_shipment_state), states
                )
        self.assertFalse(self.services.b2b_shown_reservation_state)  # nothing to reserve
        self._login(self.buyer)
        listed = self._listed("/my/orders")
        for order, states in expected.items():
            self.assertEqual(listed[order.name], states, order.name)
        self.assertNotIn(self.foreign.name, listed)
        # the order page shows them too
        page = self._tree(self.delivered.get_portal_url())
        self.assertEqual(
            page.xpath("//div[contains(@class, 'o_b2b_order_status')]//span/@data-state"),
            ["reserved", "paid", "shipped"],
        )

    def test_portal_orders_keep_the_stored_state(self):
        sent = self._sent([(self.product_a, 2)])
        self.assertEqual(sent.b2b_shown_reservation_state, "pending")
        self._run_job()
        self.assertEqual(sent.b2b_reservation_state, "reserved")
        self.assertEqual(sent.b2b_shown_reservation_state, "reserved")
        # the stock side (the 1C exchange, a manager) writes the state: the shown one follows it
        sent.with_context(b2b_no_reservation_mail=True).b2b_reservation_state = "partial"
        self.assertEqual(sent.b2b_shown_reservation_state, "partial")

    # ------------------------------------------------------------------ filters and search

    def test_filters_and_search(self):
        sent = self._sent([(self.product_a, 1)], ref="SHOP-77")
        self._login(self.buyer)
        cases = {
            "pending": {self.waiting, sent},
            "reserved": {self.delivered, self.partial},
            "to_pay": {self.partial},
            "paid": {self.delivered},
            "shipped": {self.delivered},
            "to_ship": {self.waiting, self.partial},
            "refused": set(),
        }
        for filterby, orders in cases.items():
            with self.subTest(filterby=filterby):
                self.assertEqual(set(self._listed(f"/my/orders?filterby={filterby}")), {order.name for order in orders})
        everything = set(self._listed("/my/orders"))
        self.assertTrue({self.delivered.name, self.waiting.name, self.partial.name, sent.name} <= everything)
        self.assertEqual(set(self._listed("/my/orders?filterby=nonsense")), everything)  # an unknown filter: all
        # by number, by the client's own reference, or both
        self.assertEqual(
            set(self._listed(f"/my/orders?search={self.waiting.name}&search_in=name")), {self.waiting.name}
        )
        self.assertEqual(set(self._listed("/my/orders?search=ref-part&search_in=ref")), {self.partial.name})
        self.assertEqual(set(self._listed("/my/orders?search=SHOP-77")), {sent.name})
        self.assertEqual(set(self._listed(f"/my/orders?search={self.waiting.name}&search_in=ref")), set())
        # a filter and a search together; nothing found says so
        self.assertEqual(set(self._listed("/my/orders?filterby=paid&search=REF-")), {self.delivered.name})
        tree = self._tree("/my/orders?filterby=refused")
        self.assertTrue(tree.xpath("//div[contains(@class, 'o_b2b_orders_none')]"))
        # bad input: NUL, a huge text, an unknown sorting, an unknown search field
        for query in ("search=%00x", "search=" + "x" * 5000, "sortby=nope", "search=x&search_in=nope"):
            with self.subTest(query=query[:30]):
                self.assertEqual(self.url_open(f"/my/orders?{query}").status_code, 200)

    def test_filter_and_search_survive_the_pager(self):
        self.patch(B2bOrderListPortal, "_items_per_page", 1)
        self._login(self.buyer)
        tree = self._tree("/my/orders?filterby=to_ship&search=S")
        links = tree.xpath("//ul[contains(@class, 'pagination')]//a/@href")
        self.assertTrue(any("/my/orders/page/2" in link and "filterby=to_ship" in link for link in links), links)

    # ------------------------------------------------------------------ navigation

    def test_navigation_shows_the_current_order(self):
        self._login(self.buyer)
        nav = self._tree("/my/orders").xpath("//a[contains(@class, 'o_b2b_nav_order')]")[0]
        self.assertFalse(nav.xpath(".//span[contains(@class, 'o_b2b_nav_badge')]"))  # nothing yet
        self._order([(self.product_a, 2), (self.product_b, 10)])
        draft = self.env["sale.order"]._b2b_draft_for_user(self.buyer).sudo()
        for url in (
            "/my",
            "/my/orders",
            "/my/invoices",
            "/my/b2b/catalog",
            "/my/b2b/order",
            self.delivered.get_portal_url(),
        ):
            with self.subTest(url=url):
                tree = self._tree(url)
                nav = tree.xpath("//a[contains(@class, 'o_b2b_nav_order')]")[0]
                self.assertEqual(nav.xpath("string(.//span[contains(@class, 'o_b2b_nav_badge')])"), "2")
                note = nav.xpath("string(.//small[contains(@class, 'o_b2b_nav_note')])")
                self.assertEqual(
                    note, format_amount(self.env(context={"lang": "en_US"}), draft.amount_total, draft.currency_id)
                )
        active = self._tree("/my/b2b/order").xpath(
            "//a[contains(@class, 'o_b2b_nav_item') and contains(@class, 'active')]/@data-key"
        )
        self.assertEqual(active, ["order"])
        active = self._tree(self.delivered.get_portal_url()).xpath(
            "//a[contains(@class, 'o_b2b_nav_item') and contains(@class, 'active')]/@data-key"
        )
        self.assertEqual(active, ["orders"])

    def test_draft_summary_is_one_query(self):
        self._order([(self.product_a, 2), (self.product_b, 10)])
        self.env.invalidate_all()
        self.buyer._b2b_client()  # the user's current legal entity: read once per request anyway (rules, nav)
        with self.assertQueryCount(1):
            count, total, currency = self.env["sale.order"]._b2b_draft_summary(self.buyer)
        draft = self.env["sale.order"]._b2b_draft_for_user(self.buyer).sudo()
        self.assertEqual((count, total, currency), (2, draft.amount_total, draft.currency_id))
        self.assertEqual(self.env["sale.order"]._b2b_draft_summary(self.client_users["viewer"])[0], 0)

    # ------------------------------------------------------------------ dashboard

    def _cards(self, user):
        self._login(user)
        tree = self._tree("/my")
        return {
            card.get("data-key"): (
                card.xpath("string(.//div[contains(@class, 'o_b2b_card_value')])").strip(),
                card.xpath(".//a[contains(@class, 'o_b2b_card_link')]/@href")[0],
            )
            for card in tree.xpath("//div[contains(@class, 'o_b2b_dashboard')]//div[@data-key]")
        }

    def test_dashboard(self):
        self._order([(self.product_a, 2)])
        self._invoice(self.partial)  # reserved in part, invoiced, not paid
        cards = self._cards(self.buyer)
        self.assertEqual(cards["orders_pending"], ("1", "/my/orders?filterby=pending"))
        self.assertEqual(cards["order"][1], "/my/b2b/order")
        self.assertIn("orders_to_pay", cards)
        self.assertEqual(cards["invoices_unpaid"][1], "/my/invoices?filterby=b2b_unpaid")
        # each link opens what the card counts
        self.assertEqual(set(self._listed("/my/orders?filterby=pending")), {self.waiting.name})
        invoices = self._tree("/my/invoices?filterby=b2b_unpaid").xpath("//tbody//tr")
        self.assertEqual(len(invoices), 1)
        # an accountant sees no current order; the other client sees none of these
        self.assertNotIn("order", self._cards(self.client_users["accountant"]))
        other = self._cards(self.other_users["admin"])
        self.assertEqual(other["orders_pending"][0], "0")

    def test_dashboard_to_pay_is_what_is_left_to_pay(self):
        invoice = self._invoice(self.partial)
        self.env["account.payment.register"].with_context(active_model="account.move", active_ids=invoice.ids).create(
            {"amount": 100.0}
        )._create_payments()
        self.assertEqual(self.partial.b2b_payment_state, "partial")
        left = self.partial.amount_total - 100.0
        self.assertTrue(left > 0)
        value = self._cards(self.buyer)["orders_to_pay"][0]
        self.assertEqual(value, format_amount(self.env(context={"lang": "en_US"}), left, self.partial.currency_id))
        self.assertNotEqual(
            value,
            format_amount(self.env(context={"lang": "en_US"}), self.partial.amount_total, self.partial.currency_id),
        )

    def test_no_second_alert_and_no_online_payment_prompt_when_it_is_off(self):
        overdue = self._invoice(self.partial)
        overdue.invoice_date_due = "2020-01-31"
        set_param = self.env["ir.config_parameter"].sudo().set_param
        self._login(self.client_users["accountant"])
        for online in (True, False):
            with self.subTest(online=online):
                set_param("account_payment.enable_portal_payment", online)
                home = self._tree("/my")
                self.assertTrue(home.xpath("//div[@data-key='invoices_overdue']"))
                alerts = "//div[@id='portal_alert_category']"
                self.assertFalse(home.xpath(f"{alerts}//a[contains(@href, 'overdue')]"), "the dashboard says it once")
                self.assertTrue(home.xpath(f"{alerts}//a[contains(@href, '/my/quotes')]"), "sale's alert stays")
                invoices = self.url_open("/my/invoices").text
                # Odoo's «Pay overdue» (account_payment) leads to online payment: only when it is on
                self.assertEqual("/my/invoices/overdue" in invoices, online)

    def test_dashboard_query_count_does_not_grow_with_orders(self):
        self._order([(self.product_b, 4)])
        self._login(self.buyer)
        self.url_open("/my")  # warm the caches (views, assets, session)
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self.assertEqual(self.url_open("/my").status_code, 200)
        few = self.cr.sql_log_count - start
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": self.client.id,
                    "order_line": [Command.create({"product_id": self.product_b.id, "product_uom_qty": 1})],
                }
                for _i in range(100)
            ]
        )
        orders.action_confirm()
        orders[:40]._create_invoices().action_post()
        self.env.invalidate_all()
        with self.assertQueryCount(few):
            self.assertEqual(self.url_open("/my").status_code, 200)

    # ------------------------------------------------------------------ tours

    def test_tour_navigation_and_dashboard(self):
        self._order([(self.product_a, 2)])
        self._invoice(self.partial)
        self.start_tour("/my", "b2b_cabinet_navigation", login=self.buyer.login)

    def test_invoice_list_filters(self):
        unpaid = self._invoice(self.partial)
        unpaid.invoice_date_due = "2020-01-31"
        self._login(self.client_users["accountant"])

        def listed(url):
            return {row.xpath("string(./td[1])").strip() for row in self._tree(url).xpath("//tbody/tr")}

        self.assertEqual(listed("/my/invoices?filterby=b2b_unpaid"), {unpaid.name})
        # the company's overdue invoices, though addressed to the company, not to the user
        self.assertEqual(listed("/my/invoices?filterby=overdue_invoices"), {unpaid.name})
        self.assertEqual(len(listed("/my/invoices")), 2)
        cards = self._cards(self.client_users["accountant"])
        self.assertEqual(cards["invoices_overdue"][1], "/my/invoices?filterby=overdue_invoices")
        self.assertNotEqual(cards["invoices_overdue"][0], self._cards(self.other_users["admin"])["invoices_overdue"][0])
        self._login(self.client_users["accountant"])
        for query in ("filterby=nope", "sortby=nope", "filterby=bills"):
            with self.subTest(query=query):
                self.assertEqual(self.url_open(f"/my/invoices?{query}").status_code, 200)
