from odoo.addons.b2b_sale.tests.test_order_reservation import B2bOrderCommon

RECIPIENT = {
    "b2b_recipient_name": "Иванова Мария Петровна",
    "b2b_recipient_phone": "+7 912 345-67-89",
    "b2b_recipient_address": "620014, г. Екатеринбург,\nул. Малышева, д. 5, кв. 12",
    "b2b_cod_amount": "1 500,50",
    "b2b_packing_note": "Подарочная упаковка, без чека",
}


class B2bDropshipCommon(B2bOrderCommon):
    @classmethod
    def _b2b_dropship_setup(cls):
        cls._b2b_order_setup()
        # a price no quantity, weight or date on the slip can be mistaken for
        cls.product_gift = cls._b2b_make_product(
            "Ежедневник подарочный", code="T-GIFT", qty=50, price=4321.99, weight=0.5
        )

    def _partner_count(self):
        return self.env["res.partner"].with_context(active_test=False).search_count([])

    def _dropship_order(self, user=None, values=None):
        values = RECIPIENT if values is None else values
        order = self._order([(self.product_gift, 2), (self.product_b, 10)], user=user, ref="SHOP-77")
        order._b2b_set_dropship(values, version=0)
        return order.sudo()

    def _reserved_dropship_order(self, user=None):
        order = self._dropship_order(user=user)
        self.assertTrue(order._b2b_submit())
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "reserved")
        return order

    def _dropship_snapshot(self, order):
        order.invalidate_recordset()
        return {name: order[name] for name in (*RECIPIENT, "b2b_dropship_version", "b2b_dropship", "b2b_assembly_date")}
