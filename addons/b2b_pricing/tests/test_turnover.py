from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import B2bPricingTestCommon


@tagged("post_install", "-at_install")
class TestTurnover(B2bPricingTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_pricing_setup()
        cls.env["stock.quant"]._update_available_quantity(cls.product_a, cls.stock_location, 900)

    def _turnover(self, partner=None, product=None):
        partner = partner or self.client
        product = product or self.product_a
        return self.env["b2b.turnover"]._b2b_get_turnover(partner, product).get(product.id, 0.0)

    def test_delivery_updates_turnover_and_cron_agrees(self):
        self._move(self.client_users["buyer"].partner_id, self.product_a, 8)
        self.assertEqual(self._turnover(), 8, "a delivery to a contact counts for its company")
        self._move(self.client, self.product_a, 5)
        self.assertEqual(self._turnover(), 13)
        self._move(self.client, self.product_a, 3, outgoing=False)
        self.assertEqual(self._turnover(), 10, "returns are deducted")
        self.assertEqual(self._turnover(self.other_client), 0)
        Turnover = self.env["b2b.turnover"]
        rows = Turnover.search([]).mapped(lambda t: (t.partner_id, t.product_id, t.quantity))
        Turnover.search([]).unlink()
        self.env.ref("b2b_pricing.ir_cron_b2b_turnover_rebuild").method_direct_trigger()
        self.assertEqual(Turnover.search([]).mapped(lambda t: (t.partner_id, t.product_id, t.quantity)), rows)

    def test_window(self):
        picking = self._move(self.client, self.product_a, 20)
        self._move(self.client, self.product_a, 4)
        old = fields.Datetime.now() - timedelta(days=91)
        picking.move_ids.write({"date": old})
        self.env["b2b.turnover"]._cron_rebuild()
        self.assertEqual(self._turnover(), 4)
        self.env["ir.config_parameter"].sudo().set_param("b2b_pricing.turnover_window_days", 120)
        self.env["b2b.turnover"]._cron_rebuild()
        self.assertEqual(self._turnover(), 24)

    def test_visible_stock_follows_turnover_and_contract_factor(self):
        client = self.client.with_company(self.company)
        free = client._b2b_get_free_qty(self.product_a)[self.product_a.id]
        self.assertEqual(free, 1000)
        # no turnover: the floor, marked as capped
        self.assertEqual(client._b2b_get_visible_stock(self.product_a)[self.product_a.id], {"qty": 10, "capped": True})
        self._move(self.client, self.product_a, 20)
        # 980 free, turnover 20 × 1.5
        self.assertEqual(client._b2b_get_visible_stock(self.product_a)[self.product_a.id], {"qty": 30, "capped": True})
        contract = self._b2b_make_contract(self.client, stock_factor=100)
        self.assertEqual(contract.stock_factor, 100)
        self.assertEqual(
            client._b2b_get_visible_stock(self.product_a)[self.product_a.id], {"qty": 980, "capped": False}
        )
        # the other client has no turnover: the floor
        other = self.other_client.with_company(self.company)
        self.assertEqual(other._b2b_get_visible_stock(self.product_a)[self.product_a.id], {"qty": 10, "capped": True})
