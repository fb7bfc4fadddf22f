from datetime import timedelta

from odoo import fields
from odoo.tests import Form, TransactionCase, tagged

from .common import B2bPricingTestCommon


@tagged("post_install", "-at_install")
class TestContractPricelist(B2bPricingTestCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_pricing_setup()
        cls.product_a.list_price = 200.0

    def _pricelist_of(self, partner):
        return partner.with_company(self.company).property_product_pricelist

    def test_pricelist_follows_terms(self):
        contract = self._b2b_make_contract(self.client, activate=False, discount_percent=10)
        pricelist = contract.pricelist_id
        self.assertEqual(pricelist.b2b_contract_id, contract)
        self.assertAlmostEqual(pricelist._get_product_price(self.product_a, 1), 180.0)
        # terms written by an accounting system through the ORM (as the external API does)
        contract.write({"contract_type": "consignment", "installment_days": 60, "discount_percent": 0})
        self.assertEqual(contract.pricelist_id, pricelist)
        self.assertAlmostEqual(pricelist._get_product_price(self.product_a, 1), 200 * 1.10 * 1.03)
        self.assertAlmostEqual(contract.price_factor, 1.10 * 1.03)

    def test_client_pricelist_follows_active_contract(self):
        default = self._pricelist_of(self.client)
        contract = self._b2b_make_contract(self.client, activate=False, discount_percent=5)
        self.assertEqual(self._pricelist_of(self.client), default, "a draft contract does not set prices")
        contract.action_activate()
        self.assertEqual(self._pricelist_of(self.client), contract.pricelist_id)
        # the client's users (contacts) follow, and so do their new orders
        buyer = self.client_users["buyer"]
        self.assertEqual(self._pricelist_of(buyer.partner_id), contract.pricelist_id)
        order = self.env["sale.order"].create({"partner_id": self.client.id})
        self.assertEqual(order.pricelist_id, contract.pricelist_id)
        draft = self.env["sale.order"]._b2b_draft_for_user(buyer, create=True)
        self.assertEqual(draft.sudo().pricelist_id, contract.pricelist_id)
        # another client never falls back on it
        self.assertNotEqual(self._pricelist_of(self.other_client), contract.pricelist_id)
        self.assertFalse(self._pricelist_of(self.other_client).b2b_contract_id)
        contract.action_cancel()
        self.assertFalse(self._pricelist_of(self.client).b2b_contract_id)
        self.assertFalse(self._pricelist_of(buyer.partner_id).b2b_contract_id)

    def test_hand_set_pricelist_is_kept_without_contract(self):
        special = self.env["product.pricelist"].create({"name": "Особый"})
        self.client.with_company(self.company).property_product_pricelist = special
        contract = self._b2b_make_contract(self.client, activate=False)
        contract.action_cancel()
        self.assertEqual(self._pricelist_of(self.client), special)

    def test_expiry_cron(self):
        today = fields.Date.context_today(self.env["b2b.contract"])
        contract = self._b2b_make_contract(
            self.client, date_start=today - timedelta(days=30), date_end=today - timedelta(days=1)
        )
        running = self._b2b_make_contract(self.other_client, date_start=today - timedelta(days=30), date_end=today)
        self.env.ref("b2b_pricing.ir_cron_b2b_contract_expire").method_direct_trigger()
        self.assertEqual(contract.state, "expired")
        self.assertEqual(running.state, "active")
        self.assertFalse(self._pricelist_of(self.client).b2b_contract_id)
        self.assertEqual(self._pricelist_of(self.other_client), running.pricelist_id)

    def test_settings_change_reprices_contracts(self):
        contract = self._b2b_make_contract(self.client, contract_type="consignment")
        self.assertAlmostEqual(contract.pricelist_id._get_product_price(self.product_a, 1), 220.0)
        config = Form(self.env["res.config.settings"])
        config.b2b_consignment_markup = 20
        config.save().execute()
        self.assertAlmostEqual(contract.pricelist_id._get_product_price(self.product_a, 1), 240.0)

    def test_deleted_contract_releases_the_client(self):
        contract = self._b2b_make_contract(self.client, discount_percent=5)
        pricelist = contract.pricelist_id
        contract.unlink()
        self.assertFalse(pricelist.active)
        self.assertNotEqual(self._pricelist_of(self.client), pricelist)

    def test_client_change_moves_the_pricelist(self):
        contract = self._b2b_make_contract(self.client, discount_percent=5)
        contract.partner_id = self.other_client
        self.assertFalse(self._pricelist_of(self.client).b2b_contract_id)
        self.assertEqual(self._pricelist_of(self.other_client), contract.pricelist_id)
