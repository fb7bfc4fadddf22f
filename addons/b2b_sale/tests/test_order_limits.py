"""What one order may hold and which orders may be sent (hardening: a client ordering 10⁹ units
held all the stock and saw the real figure; products outside its catalog reached its order; a
manager's quotation could be sent for reservation)."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_order_reservation import B2bOrderCommon, TransactionCase

MANAGERS = "This quotation was prepared by your manager: answer it on its page, or call the manager."


@tagged("post_install", "-at_install")
class TestOrderLimits(B2bOrderCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_order_setup()
        cls.other_company = cls.env["res.company"].create({"name": "Чужая фирма"})
        cls.foreign = cls.env["product.product"].create(
            {
                "name": "Чужой товар",
                "default_code": "T-FOREIGN",
                "is_storable": True,
                "company_id": cls.other_company.id,
            }
        )
        cls.unsellable = cls.env["product.product"].create(
            {"name": "Не для продажи", "default_code": "T-NOSALE", "is_storable": True, "sale_ok": False}
        )
        cls.archived = cls.env["product.product"].create(
            {"name": "Снят с продажи", "default_code": "T-OLD", "is_storable": True, "active": False}
        )

    def _draft(self):
        return self.env["sale.order"]._b2b_draft_for_user(self.buyer, create=True)

    def _lines(self, order):
        return [(line.product_id.default_code, line.product_uom_qty) for line in order.sudo().order_line]

    def test_an_order_holds_at_most_what_the_client_sees(self):
        order = self._draft()
        order._b2b_add_product(self.product_a, 60)
        for quantity in (10**9, 41, "1 000 000"):
            with self.subTest(quantity=quantity), self.assertRaisesRegex(UserError, r"\b100\b"):
                order._b2b_add_product(self.product_a, quantity)
        line = order.sudo().order_line
        with self.assertRaisesRegex(UserError, r"\b100\b"):
            order._b2b_set_line_quantities({line.id: 101}, reference="NEW-REF")
        self.assertEqual(self._lines(order), [("T-A5", 60)], "nothing changed")
        self.assertFalse(order.sudo().client_order_ref)
        order._b2b_add_product(self.product_a, 40)  # exactly what is there
        self.assertEqual(self._lines(order), [("T-A5", 100)])
        with self.assertRaisesRegex(UserError, r"\b0\b"):
            order._b2b_add_product(self.product_none, 1)

    def test_stock_seen_at_sending_is_checked_again(self):
        order = self._draft()
        order._b2b_add_product(self.product_a, 80)
        self.env["stock.quant"]._update_available_quantity(self.product_a, self.stock_location, -30)
        with self.assertRaisesRegex(UserError, r"\b70\b"):
            order._b2b_submit()
        self.assertEqual(order.sudo().b2b_reservation_state, "draft")

    def test_products_outside_the_catalog_never_reach_the_order(self):
        order = self._draft()
        for product in (self.foreign, self.unsellable, self.archived):
            with (
                self.subTest(product=product.default_code),
                self.assertRaisesRegex(UserError, self._t("This product is not available for ordering.")),
            ):
                order._b2b_add_product(product, 1)
        self.assertFalse(order.sudo().order_line)
        # a line slipped in behind the portal stops the sending, and the job
        order._b2b_add_product(self.product_a, 1)
        order.sudo().order_line = [(0, 0, {"product_id": self.unsellable.id, "product_uom_qty": 1})]
        with self.assertRaisesRegex(UserError, self._t("This product is not available for ordering.")):
            order._b2b_submit()

    def test_only_portal_orders_of_the_client_may_be_sent(self):
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "require_payment": True,
                "order_line": [(0, 0, {"product_id": self.product_a.id, "product_uom_qty": 1})],
            }
        )
        with self.assertRaisesRegex(UserError, self._t(MANAGERS)):
            quotation.with_user(self.buyer)._b2b_submit()
        self.assertEqual(quotation.b2b_reservation_state, "draft")
        # another client's user as the portal buyer of this client's order: refused too
        quotation.b2b_portal_user_id = self.other_users["admin"]
        with self.assertRaisesRegex(UserError, self._t(MANAGERS)):
            quotation.with_user(self.buyer)._b2b_submit()
        # expired
        order = self._draft()
        order._b2b_add_product(self.product_a, 1)
        order.sudo().validity_date = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, self._t("This order has expired. Start a new one from the catalog.")):
            order._b2b_submit()
        self.assertEqual(order.sudo().b2b_reservation_state, "draft")

    def test_the_job_refuses_an_order_swollen_behind_the_portal(self):
        order = self._sent([(self.product_a, 5)])
        order.order_line.product_uom_qty = 10**7  # e.g. through RPC by someone with write access
        quants_before = sum(
            self.env["stock.quant"].search([("product_id", "=", self.product_a.id)]).mapped("reserved_quantity")
        )
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "refused")
        self.assertEqual(order.state, "draft")
        self.assertIn("1000000", str(order.message_ids.mapped("body")), "the cap is in the note")
        quants_after = sum(
            self.env["stock.quant"].search([("product_id", "=", self.product_a.id)]).mapped("reserved_quantity")
        )
        self.assertEqual(quants_after, quants_before, "nothing was reserved")
