from psycopg2.errors import CheckViolation

from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestContractOrderLimit(B2bTestCommon, TransactionCase):
    """A contract's «max quantity per order line» (b2b_pricing) caps what an order of the client
    may hold (b2b_sale's checks through the `_b2b_order_limits` hook): adding, sending, the job."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls.env["ir.config_parameter"].set_param("b2b_pricing.stock_floor", "1000000")
        cls.contract = cls._b2b_make_contract(cls.client, order_line_max_qty=20)
        cls.buyer = cls.client_users["buyer"]

    def _draft(self):
        return self.env["sale.order"]._b2b_draft_for_user(self.buyer, create=True)

    def test_limits_of_the_hook(self):
        products = self.product_a | self.product_b
        for available in (True, False):
            limits = self.client._b2b_order_limits(products, available=available)
            self.assertEqual(limits[self.product_b.id], 20.0, available)  # 1000 in stock, capped
            self.assertLessEqual(limits[self.product_a.id], 20.0, available)
        # another client, without such a contract, is not capped by it
        other = self.other_client._b2b_order_limits(self.product_b)
        self.assertEqual(other[self.product_b.id], 1000.0)
        # no limit of its own (0): the stock's
        self.contract.order_line_max_qty = 0
        self.assertEqual(self.client._b2b_order_limits(self.product_b)[self.product_b.id], 1000.0)

    def test_adding_and_sending_respect_the_contract(self):
        order = self._draft()
        order._b2b_add_product(self.product_b, "15")
        with self.assertRaisesRegex(UserError, "20"):
            order._b2b_add_product(self.product_b, "6")
        self.assertEqual(order.sudo().order_line.product_uom_qty, 15.0)  # nothing changed
        order._b2b_add_product(self.product_b, "5")
        self.assertEqual(order.sudo().order_line.product_uom_qty, 20.0)
        # the contract is tightened before the order is sent: sending refuses it
        self.contract.order_line_max_qty = 10
        with self.assertRaisesRegex(UserError, "10"):
            order._b2b_submit()
        self.assertEqual(order.sudo().b2b_reservation_state, "draft")

    def test_negative_limit_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation), self.env.cr.savepoint():
            self.contract.order_line_max_qty = -1
            self.contract.flush_recordset()
