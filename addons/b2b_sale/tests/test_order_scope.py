"""Whose orders a portal user sees (res.partner.b2b_order_scope), through every way in: the
order list and page, the home counters, the PDF and the «Счёт на оплату», the invoices of the
orders, and JSON-RPC."""

import json

from odoo import http
from odoo.addons.b2b_sale.hooks import ODOO_PORTAL_RULE_DOMAINS, uninstall_hook
from odoo.tests import HttpCase, JsonRpcException, TransactionCase, tagged

from .test_order_reservation import B2bOrderCommon


@tagged("post_install", "-at_install")
class TestOrderScope(B2bOrderCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_order_setup()
        cls.colleague = cls._b2b_make_user(cls.client, "buyer")
        cls.admin = cls.client_users["admin"]

    def _login(self, user):
        self.authenticate(user.login, user.login) if user else self.authenticate(None, None)

    def _call(self, user, model, method, *args, **kwargs):
        self._login(user)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw", {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        )

    def _reserved_with_invoice(self, user, ref):
        order = self._order([(self.product_a, 2)], user=user, ref=ref)
        self.assertTrue(order._b2b_submit())
        self._run_job()
        order = order.sudo()
        self.assertEqual(order.state, "sale")
        invoice = order._create_invoices()
        invoice.action_post()
        return order, invoice

    def _counters(self, user):
        self._login(user)
        response = self.url_open(
            "/my/counters",
            data=json.dumps({"params": {"counters": ["order_count", "quotation_count", "invoice_count"]}}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]

    def test_role_defaults(self):
        scopes = {role: user.partner_id.b2b_order_scope for role, user in self.client_users.items()}
        self.assertEqual(scopes, {"admin": "company", "buyer": "own", "accountant": "company", "viewer": "company"})
        self.colleague.partner_id.sudo().b2b_role = "accountant"
        self.assertEqual(self.colleague.partner_id.b2b_order_scope, "company")

    def test_own_scope_hides_a_colleagues_orders_everywhere(self):
        mine, my_invoice = self._reserved_with_invoice(self.buyer, "MINE-1")
        theirs, their_invoice = self._reserved_with_invoice(self.colleague, "THEIRS-1")
        pending = self._order([(self.product_b, 5)], user=self.colleague, ref="THEIRS-PENDING")
        self.assertTrue(pending._b2b_submit())

        self._login(self.buyer)
        listing = self.url_open("/my/orders").text
        self.assertIn("MINE-1", listing)
        self.assertNotIn("THEIRS-1", listing)
        self.assertNotIn("THEIRS-PENDING", listing)
        for url in (
            f"/my/orders/{theirs.id}",
            f"/my/orders/{theirs.id}?report_type=pdf&download=true",
            f"/my/orders/{pending.id}",
            f"/my/invoices/{their_invoice.id}",
            f"/my/invoices/{their_invoice.id}?report_type=pdf&download=true",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (303, 302), url)  # Odoo sends a stranger to /my
            self.assertNotIn("THEIRS", response.text, url)
        response = self.url_open(f"/my/b2b/order/{theirs.id}/payment-invoice")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.url_open(f"/my/b2b/order/{mine.id}/payment-invoice").status_code, 200)
        invoices = self.url_open("/my/invoices").text
        self.assertIn(my_invoice.name, invoices)
        self.assertNotIn(their_invoice.name, invoices)
        # a stranger's order cannot be sent again or cancelled either
        data = {"order_id": pending.id, "csrf_token": http.Request.csrf_token(self)}
        self.url_open("/my/b2b/order/submit", data=data, allow_redirects=False)
        self.assertEqual(pending.sudo().b2b_reservation_state, "pending")

        counters = self._counters(self.buyer)
        self.assertEqual(counters["order_count"], 1)  # Odoo counts with limit=1: 0 or 1
        self.assertEqual(counters["invoice_count"], 1)
        # a buyer with no order of his own: nothing to count, though the company has orders
        newcomer = self._b2b_make_user(self.client, "buyer")
        self.assertEqual(self._counters(newcomer), {"order_count": 0, "quotation_count": 0, "invoice_count": 0})
        self.assertEqual(self._counters(self.admin)["order_count"], 1)

        # JSON-RPC
        rows = self._call(self.buyer, "sale.order", "search_read", [], ["client_order_ref"])
        self.assertEqual({row["id"] for row in rows}, set(mine.ids))
        self.assertEqual(self._call(self.buyer, "sale.order", "search_count", []), 1)
        lines = self._call(self.buyer, "sale.order.line", "search_read", [], ["order_id"])
        self.assertEqual({row["order_id"][0] for row in lines}, set(mine.ids))
        groups = self._call(self.buyer, "sale.order", "read_group", [], ["amount_total:sum"], [])
        self.assertEqual(groups[0]["__count"], 1)
        moves = self._call(self.buyer, "account.move", "search_read", [], ["name"])
        self.assertEqual({row["id"] for row in moves}, set(my_invoice.ids))
        move_lines = self._call(self.buyer, "account.move.line", "search_read", [], ["move_id"])
        self.assertEqual({row["move_id"][0] for row in move_lines}, set(my_invoice.ids))
        for model, ids in (
            ("sale.order", theirs.ids),
            ("sale.order", pending.ids),
            ("sale.order.line", theirs.order_line.ids),
            ("account.move", their_invoice.ids),
        ):
            with self.subTest(model=model), self.assertRaises(JsonRpcException) as caught:
                self._call(self.buyer, model, "read", ids, ["display_name"])
            self.assertIn("AccessError", str(caught.exception))

        # the company's admin (and the accountant) see every order
        for user in (self.admin, self.client_users["accountant"]):
            rows = self._call(user, "sale.order", "search_read", [], ["id"])
            self.assertEqual({row["id"] for row in rows}, {mine.id, theirs.id, pending.id}, user.login)
            moves = self._call(user, "account.move", "search_read", [], ["id"])
            self.assertEqual({row["id"] for row in moves}, {my_invoice.id, their_invoice.id}, user.login)
        self._login(self.admin)
        listing = self.url_open("/my/orders").text
        self.assertIn("MINE-1", listing)
        self.assertIn("THEIRS-1", listing)
        self.assertIn("THEIRS-PENDING", listing)
        self.assertEqual(self.url_open(f"/my/b2b/order/{theirs.id}/payment-invoice").status_code, 200)
        # another client sees none of them
        rows = self._call(self.other_users["admin"], "sale.order", "search_read", [], ["id"])
        self.assertFalse({mine.id, theirs.id, pending.id} & {row["id"] for row in rows})

    def test_orders_the_distributor_entered_stay_visible_to_own_scope(self):
        """The company's orders entered by the distributor's staff (phoned in, consignment
        deliveries the buyers collect) are no colleague's: an own-scope buyer sees them, with
        their invoices; a colleague's portal order stays hidden."""
        order = self._b2b_make_order(self.client, [(self.product_b, 3)])
        invoice = order._create_invoices()
        invoice.action_post()
        __, their_invoice = self._reserved_with_invoice(self.colleague, "THEIRS-3")
        rows = self._call(self.buyer, "sale.order", "search_read", [], ["id"])
        self.assertEqual([row["id"] for row in rows], order.ids)
        moves = self._call(self.buyer, "account.move", "search_read", [], ["id"])
        self.assertEqual([row["id"] for row in moves], invoice.ids)
        self._login(self.buyer)
        self.assertIn(order.name, self.url_open("/my/orders").text)
        # an invoice billing both a colleague's order and a staff order is the colleague's too
        self.assertNotIn(their_invoice.id, [row["id"] for row in moves])

    def test_admin_sets_the_scope_on_the_team_page(self):
        theirs, __ = self._reserved_with_invoice(self.colleague, "THEIRS-2")
        self._login(self.admin)
        page = self.url_open("/my/b2b/team").text
        self.assertIn(f"/my/b2b/team/{self.buyer.partner_id.id}/order-scope", page)
        response = self.url_open(
            f"/my/b2b/team/{self.buyer.partner_id.id}/order-scope",
            data={"scope": "company", "csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.buyer.partner_id.b2b_order_scope, "company")
        rows = self._call(self.buyer, "sale.order", "search_read", [("id", "=", theirs.id)], ["id"])
        self.assertEqual([row["id"] for row in rows], theirs.ids)
        self._login(self.admin)
        response = self.url_open(
            f"/my/b2b/team/{self.buyer.partner_id.id}/order-scope",
            data={"scope": "everything", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.buyer.partner_id.b2b_order_scope, "company")

    def test_only_the_admin_of_the_same_client_changes_a_scope(self):
        url = f"/my/b2b/team/{self.buyer.partner_id.id}/order-scope"
        for user in (self.buyer, self.client_users["viewer"], self.client_users["accountant"]):
            self._login(user)
            response = self.url_open(url, data={"scope": "company", "csrf_token": http.Request.csrf_token(self)})
            self.assertEqual(response.status_code, 403, user.login)
        self._login(self.other_users["admin"])
        response = self.url_open(url, data={"scope": "company", "csrf_token": http.Request.csrf_token(self)})
        self.assertEqual(response.status_code, 400)
        self._login(None)
        response = self.url_open(url, data={"scope": "company"}, allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)
        # nor through the ORM: portal users may not write contacts, not even their own
        for model, ids in (("res.partner", self.buyer.partner_id.ids), ("res.users", self.buyer.ids)):
            with self.subTest(model=model), self.assertRaises(JsonRpcException):
                self._call(self.buyer, model, "write", ids, {"b2b_order_scope": "company"})
        self.assertEqual(self.buyer.partner_id.b2b_order_scope, "own")


@tagged("post_install", "-at_install")
class TestOrderScopeRules(TransactionCase):
    def test_odoo_rules_are_narrowed_in_place_and_put_back_on_uninstall(self):
        xmlids = list(ODOO_PORTAL_RULE_DOMAINS)
        for xmlid in xmlids:
            rule = self.env.ref(xmlid)
            self.assertIn("b2b_order_scope", rule.domain_force, xmlid)
            # still Odoo's record, still protected from an update of sale / account
            data = self.env["ir.model.data"].search(
                [("module", "=", xmlid.split(".")[0]), ("name", "=", xmlid.split(".")[1])]
            )
            self.assertTrue(data.noupdate, xmlid)
        # no second portal rule beside Odoo's (rules of one group are OR-ed)
        portal = self.env.ref("base.group_portal")
        for model in ("sale.order", "sale.order.line", "account.move", "account.move.line"):
            rules = self.env["ir.rule"].search([("model_id.model", "=", model), ("groups", "in", portal.ids)])
            self.assertEqual(len(rules), 1, model)
        uninstall_hook(self.env)
        for xmlid, domain in ODOO_PORTAL_RULE_DOMAINS.items():
            self.assertEqual(self.env.ref(xmlid).domain_force, domain)
