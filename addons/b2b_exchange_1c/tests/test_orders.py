from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.tests import tagged

from .common import DATA, Exchange1cCase


@tagged("post_install", "-at_install")
class TestOrders(Exchange1cCase, B2bTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls.env["ir.config_parameter"].set_param("b2b_portal.external_accounting_master", "1")
        # a client without turnover may order only the stock floor (b2b_pricing); these orders are larger
        cls.env["ir.config_parameter"].set_param("b2b_pricing.stock_floor", "1000000")
        cls.client_company = cls.client
        cls.client_company.b2b_kpp = "770701001"
        cls.product_a.b2b_1c_id = "1c-block-a5"

    def sent_order(self, lines, ref=None):
        order = self.env["sale.order"]._b2b_draft_for_user(self.client_users["buyer"], create=True)
        for product, qty in lines:
            order._b2b_add_product(product, qty)
        if ref:
            order._b2b_set_line_quantities({}, reference=ref)
        self.assertTrue(order._b2b_submit())
        return order.sudo()

    def sale_client(self, version=None):
        client = Exchange1cCase.client(self)
        self.assertEqual(client.checkauth("sale")[0], "success")
        client.init("sale", **({"version": version} if version else {}))
        return client

    def query(self, client):
        response = client.call("sale", "query")
        self.assertIn("charset=utf-8", response.headers["Content-Type"])
        return response.content.decode()

    def test_query_success_and_resend(self):
        order = self.sent_order([(self.product_a, 10), (self.product_b, 100)], ref="PO-77")
        draft = self.env["sale.order"]._b2b_draft_for_user(self.client_users["admin"], create=True)
        draft._b2b_add_product(self.product_a, 1)
        client = self.sale_client()
        xml = self.query(client)
        self.env.invalidate_all()
        self.assertIn(f"<Ид>{order.b2b_1c_id}</Ид>", xml)
        self.assertIn(f"<Номер>{order.name}</Номер>", xml)
        self.assertNotIn(draft.sudo().name, xml)
        self.assertIn(f"<ИНН>{self.client.vat}</ИНН>", xml)
        self.assertIn("<КПП>770701001</КПП>", xml)
        self.assertIn("<Ид>1c-block-a5</Ид>", xml)  # a good from 1C: its Ид
        self.assertIn(f"<Ид>odoo-product-{self.product_b.id}</Ид>", xml)  # ours: a stable Ид and the SKU
        self.assertIn("<Артикул>T-SP6</Артикул>", xml)
        self.assertIn("PO-77", xml)
        # no success: sent again, with the same Ид
        again = self.query(self.sale_client())
        self.assertIn(f"<Ид>{order.b2b_1c_id}</Ид>", again)
        self.assertEqual(again.count("<Документ>"), 1)
        client = self.sale_client()
        self.query(client)
        self.assertEqual(client.lines("sale", "success"), ["success"])
        self.env.invalidate_all()
        self.assertTrue(order.b2b_1c_exported_date)
        self.assertNotIn("<Документ>", self.query(self.sale_client()))

    def test_query_protocol_3_and_windows_1251(self):
        self.env["ir.config_parameter"].set_param("b2b_exchange_1c.encoding", "windows-1251")
        order = self.sent_order([(self.product_a, 2)])
        client = self.sale_client(version="3.1")
        response = client.call("sale", "query")
        self.assertIn("windows-1251", response.headers["Content-Type"])
        xml = response.content.decode("cp1251")
        self.assertIn('encoding="windows-1251"', xml)
        self.assertIn("<Контейнер><Документ>", xml)
        self.env.invalidate_all()
        self.assertIn(order.b2b_1c_id, xml)

    def order_file(self, order, date, qty_a, qty_b, cancelled="false", paid="T", status_date=""):
        text = (DATA / "orders_from_1c.xml").read_text()
        return text.format(
            order_id=order.b2b_1c_id,
            order_name=order.name,
            date=date,
            inn=order.partner_id.commercial_partner_id.vat,
            line1_id="1c-block-a5",
            line1_qty=qty_a,
            line2_code="T-SP6",
            line2_qty=qty_b,
            number=order.id,
            cancelled=cancelled,
            status_date=status_date or f"{date} 11:00:00",
            paid_date=paid,
        ).encode()

    def send_orders(self, content, version=None):
        client = self.sale_client(version)
        name = "orders-1.xml"
        answer = client.send(name, content, exchange_type="sale")[-1]
        if version:
            self.assertEqual(answer, ["success"])
            answer = client.lines("sale", "import", filename=name)
        self.env.invalidate_all()
        return answer

    def exported(self, *lines):
        order = self.sent_order(list(lines))
        client = self.sale_client()
        self.query(client)
        client.lines("sale", "success")
        self.env.invalidate_all()
        return order

    def test_reserved_partly_and_refused_back(self):
        full = self.exported((self.product_a, 10), (self.product_b, 100))
        self.assertEqual(self.send_orders(self.order_file(full, "2026-12-01", 10, 100)), ["success"])
        self.assertEqual(full.b2b_reservation_state, "reserved")
        self.assertEqual(full.b2b_1c_number, f"ЗК-000{full.id}")
        self.assertEqual(full.order_line.mapped("b2b_qty_reserved"), [10, 100])
        self.assertEqual(full.state, "draft")  # Odoo reserves nothing for an order 1C owns
        partial = self.exported((self.product_a, 10), (self.product_b, 100))
        self.assertEqual(self.send_orders(self.order_file(partial, "2026-12-01", 4, 100), version="3.1"), ["success"])
        self.assertEqual(partial.b2b_reservation_state, "partial")
        self.assertEqual(partial.order_line.mapped("b2b_qty_reserved"), [4, 100])
        refused = self.exported((self.product_a, 1))
        self.send_orders(self.order_file(refused, "2026-12-01", 1, 0, cancelled="true"))
        self.assertEqual(refused.b2b_reservation_state, "refused")
        # the unknown order of the file is logged and skipped
        messages = self.env["b2b.exchange.message"].search([("element", "like", "no-such-order")])
        self.assertTrue(messages)

    def test_idempotent_and_older_files_lose(self):
        order = self.exported((self.product_a, 10), (self.product_b, 100))
        newer = self.order_file(order, "2026-12-02", 4, 100, paid="2026-12-02T15:00:00")
        self.send_orders(newer)
        self.assertEqual(order.b2b_reservation_state, "partial")
        self.assertEqual(order.b2b_payment_state, "paid")
        state = (order.b2b_reservation_state, order.b2b_1c_state_date, order.order_line.mapped("b2b_1c_qty_reserved"))
        messages = self.env["mail.mail"].search_count([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.send_orders(newer)
        self.send_orders(self.order_file(order, "2026-12-01", 10, 100))  # older: ignored
        self.env.invalidate_all()
        self.assertEqual(
            (order.b2b_reservation_state, order.b2b_1c_state_date, order.order_line.mapped("b2b_1c_qty_reserved")),
            state,
        )
        self.assertEqual(
            self.env["mail.mail"].search_count([("model", "=", "sale.order"), ("res_id", "=", order.id)]), messages
        )
        # not re-exported as changed
        self.assertNotIn(order.b2b_1c_id, self.query(self.sale_client()))

    def test_bad_order_files(self):
        order = self.exported((self.product_a, 10))
        answer = self.send_orders("<?xml version='1.0'?><КоммерческаяИнформация><Документ>".encode())
        self.assertEqual(answer[0], "failure")
        self.assertEqual(order.b2b_reservation_state, "pending")
        answer = self.send_orders(self.order_file(order, "2026-12-01", "много", 0))
        self.assertEqual(answer[0], "failure")
        self.assertIn("много", answer[1])
        self.assertEqual(order.b2b_reservation_state, "pending")
        # another client's INN: logged and skipped
        other = self.order_file(order, "2026-12-01", 10, 0).replace(
            self.client.vat.encode(), self.other_client.vat.encode()
        )
        self.assertEqual(self.send_orders(other), ["success"])
        self.assertEqual(order.b2b_reservation_state, "pending")
