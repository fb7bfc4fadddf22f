from odoo.tests import HttpCase, tagged

from .common import B2bListCommon


@tagged("post_install", "-at_install")
class TestListTours(B2bListCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_order_setup()

    def test_save_a_list_tour(self):
        self._order([(self.product_a, 2)])
        self.start_tour("/my/b2b/order", "b2b_sale_list_save", login=self.buyer.login)
        sale_list = self.env["b2b.sale.list"].search([("name", "=", "Еженедельный заказ")])
        self.assertEqual(sale_list.partner_id, self.client)
        self.assertEqual(self._quantities(sale_list), {"T-A5": 7})
        self.assertEqual(self._quantities(self._draft(self.buyer)), {"T-A5": 9})

    def test_repeat_tour(self):
        past = self._sent([(self.product_b, 40)])
        self._run_job()
        self.start_tour(f"/my/orders/{past.id}", "b2b_sale_list_repeat", login=self.buyer.login)
        self.assertEqual(self._quantities(self._draft(self.buyer)), {"T-SP6": 40})
