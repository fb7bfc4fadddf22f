from odoo import http
from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.exceptions import UserError
from odoo.tests import HttpCase, TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDraftOrder(B2bTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()

    def test_one_draft_per_user_and_merge_lines(self):
        buyer = self.client_users["buyer"]
        SaleOrder = self.env["sale.order"]
        self.assertFalse(SaleOrder._b2b_draft_for_user(buyer))
        order = SaleOrder._b2b_draft_for_user(buyer, create=True)
        self.assertEqual(order, SaleOrder._b2b_draft_for_user(buyer, create=True))
        self.assertEqual(order.env.user, buyer)
        self.assertEqual(order.sudo().partner_id, buyer.partner_id)
        self.assertEqual(order.sudo().partner_invoice_id.commercial_partner_id, self.client)
        order._b2b_add_product(self.product_a, 3)
        order._b2b_add_product(self.product_a, "2")
        order._b2b_add_product(self.product_b, 10)
        lines = order.sudo().order_line
        self.assertEqual(len(lines), 2)
        self.assertEqual(lines.filtered(lambda l: l.product_id == self.product_a).product_uom_qty, 5)
        # the buyer can read its own order through Odoo's portal record rule
        self.assertEqual(order.with_user(buyer).read(["amount_total"])[0]["amount_total"], order.sudo().amount_total)
        # another user of the same company has a draft of its own
        other = SaleOrder._b2b_draft_for_user(self.client_users["admin"], create=True)
        self.assertNotEqual(other, order)

    def test_bad_quantities_change_nothing(self):
        order = self.env["sale.order"]._b2b_draft_for_user(self.client_users["buyer"], create=True)
        order._b2b_add_product(self.product_a, 1)
        for bad in (0, -3, "abc", None, "1e400x"):
            with self.subTest(quantity=bad), self.assertRaises(UserError):
                order._b2b_add_product(self.product_a, bad)
        self.product_b.sale_ok = False
        with self.assertRaises(UserError):
            order._b2b_add_product(self.product_b, 1)
        self.assertEqual(order.sudo().order_line.product_uom_qty, 1)

    def test_sent_order_is_frozen_and_non_clients_get_nothing(self):
        order = self.env["sale.order"]._b2b_draft_for_user(self.client_users["buyer"], create=True)
        order._b2b_add_product(self.product_a, 1)
        order.sudo().action_confirm()
        with self.assertRaises(UserError):
            order._b2b_add_product(self.product_a, 1)
        internal = self.env.ref("base.user_admin")
        self.assertFalse(self.env["sale.order"]._b2b_draft_for_user(internal, create=True))


@tagged("post_install", "-at_install")
class TestAddToOrderRoute(B2bTestCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()

    def _add(self, product_id, quantity):
        return self.url_open(
            "/my/b2b/order/add",
            data={
                "product_id": product_id,
                "quantity": quantity,
                "redirect": "/my",
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )

    def _draft(self, user):
        return self.env["sale.order"]._b2b_draft_for_user(user).sudo()

    def test_roles(self):
        for role in ("admin", "buyer"):
            user = self.client_users[role]
            self.authenticate(user.login, user.login)
            response = self._add(self.product_a.id, 2)
            self.assertEqual(response.status_code, 303, role)
            self.assertEqual(self._draft(user).order_line.product_uom_qty, 2, role)
        for role in ("accountant", "viewer"):
            user = self.client_users[role]
            self.authenticate(user.login, user.login)
            response = self._add(self.product_a.id, 2)
            self.assertEqual(response.status_code, 403, role)
            self.assertFalse(self._draft(user), role)

    def test_anonymous_and_bad_input(self):
        self.authenticate(None, None)
        response = self._add(self.product_a.id, 1)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        for product_id, quantity in ((self.product_a.id, -1), (999999999, 1), ("x", 1), (self.product_a.id, "")):
            response = self._add(product_id, quantity)
            self.assertEqual(response.status_code, 303)
        self.assertFalse(self._draft(buyer).order_line)

    def test_missing_csrf_token_is_refused(self):
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        response = self.url_open("/my/b2b/order/add", data={"product_id": self.product_a.id, "quantity": 1})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._draft(buyer))
