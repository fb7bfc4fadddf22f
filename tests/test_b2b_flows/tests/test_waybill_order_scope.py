from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWaybillOrderScope(B2bTestCommon, HttpCase):
    """The waybill page offers a buyer who sees his own orders (b2b_sale's order scope) the
    orders he may open, not those a colleague built in the portal; the admin sees them all."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls._b2b_make_contract(cls.client, contract_type="consignment")
        cls.buyer = cls.client_users["buyer"]
        cls.colleague = cls._b2b_make_user(cls.client, "buyer")
        cls.staff_order = cls._b2b_make_order(cls.client, [(cls.product_a, 2)])
        cls.colleague_order = cls._b2b_make_order(cls.client, [(cls.product_a, 3)])
        cls.colleague_order.sudo().b2b_portal_user_id = cls.colleague
        assert cls.buyer.partner_id.b2b_order_scope == "own"

    def _offered(self, user):
        self.authenticate(user.login, user.login)
        page = self.url_open("/my/b2b/waybills")
        self.assertEqual(page.status_code, 200)
        return {order for order in (self.staff_order, self.colleague_order) if f"/waybills/new/{order.id}" in page.text}

    def test_buyer_is_offered_the_orders_he_sees(self):
        self.assertEqual(self._offered(self.buyer), {self.staff_order})
        self.assertEqual(self.url_open(f"/my/b2b/waybills/new/{self.colleague_order.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/my/b2b/waybills/new/{self.staff_order.id}").status_code, 200)
        self.assertEqual(self._offered(self.colleague), {self.staff_order, self.colleague_order})
        self.assertEqual(self._offered(self.client_users["admin"]), {self.staff_order, self.colleague_order})
