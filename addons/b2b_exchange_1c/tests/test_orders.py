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

    # ------------------------------------------------------------------ payments and shipments

    def payments_file(
        self, order, payment_id, amount, shipment_id, shipped_a, date="2026-12-03", time="10:00:00", posted="true"
    ):
        text = (DATA / "payments_from_1c.xml").read_text()
        return text.format(
            payment_id=payment_id,
            amount=amount,
            shipment_id=shipment_id,
            shipped_a=shipped_a,
            order_id=order.b2b_1c_id,
            order_name=order.name,
            inn=order.partner_id.commercial_partner_id.vat,
            date=date,
            time=time,
            posted=posted,
        ).encode()

    def test_payments_and_shipments_as_documents(self):
        order = self.exported((self.product_a, 10))
        self.send_orders(self.order_file(order, "2026-12-01", 10, 0))  # reserved in full by 1C
        self.assertEqual(order.b2b_reservation_state, "reserved")
        total = order.amount_total
        # a first partial payment and a partial shipment (4 of 10)
        answer = self.send_orders(self.payments_file(order, "pay-1", total / 4, "ship-1", 4), version="3.1")
        self.assertEqual(answer, ["success"])
        self.assertEqual(order.b2b_payment_state, "partial")
        self.assertFalse(order.b2b_1c_paid_date)
        self.assertEqual(order.b2b_1c_shipment_state, "partial")
        self.assertFalse(order.b2b_1c_shipped_date)
        self.assertTrue(self.env["b2b.exchange.message"].search([("element", "like", "pay-unknown-order")]))
        # the same file again: nothing changes, no second document
        documents = order.b2b_1c_document_ids
        self.send_orders(self.payments_file(order, "pay-1", total / 4, "ship-1", 4), version="3.1")
        self.assertEqual(order.b2b_1c_document_ids, documents)
        self.assertEqual(order.b2b_payment_state, "partial")
        # the rest is paid and shipped by second documents: paid, shipped, with 1C's dates
        self.send_orders(
            self.payments_file(order, "pay-2", total - total / 4, "ship-2", 6, date="2026-12-04", time="09:30:00"),
            version="3.1",
        )
        self.assertEqual(len(order.b2b_1c_document_ids), 4)
        self.assertEqual(order.b2b_payment_state, "paid")
        self.assertEqual(order.b2b_1c_shipment_state, "shipped")
        paid_at = order.b2b_1c_paid_date
        self.assertEqual(
            self.env["b2b.exchange.sale"]._b2b_local(paid_at).strftime("%Y-%m-%d %H:%M"), "2026-12-04 09:30"
        )
        self.assertTrue(order.b2b_1c_shipped_date)
        # an older version of the second payment (another amount) never overwrites the newer one
        self.send_orders(
            self.payments_file(order, "pay-2", 1, "ship-2", 1, date="2026-12-02", time="09:30:00"), version="3.1"
        )
        self.assertEqual(order.b2b_payment_state, "paid")
        self.assertEqual(order.b2b_1c_shipment_state, "shipped")
        # a newer version of it, no longer posted in 1C: it counts for nothing, the order is partly paid again
        self.send_orders(
            self.payments_file(order, "pay-2", 1, "ship-2", 6, date="2026-12-05", posted="false"), version="3.1"
        )
        self.assertEqual(order.b2b_payment_state, "partial")
        # order changes made by 1C do not send the order back to 1C
        self.assertNotIn(order.b2b_1c_id, self.query(self.sale_client()))

    def test_bad_payment_amount_fails_the_file(self):
        order = self.exported((self.product_a, 10))
        answer = self.send_orders(self.payments_file(order, "pay-x", "много", "ship-x", 4), version="3.1")
        self.assertEqual(answer[0], "failure")
        self.assertFalse(order.b2b_1c_document_ids)
        self.assertEqual(order.b2b_1c_shipment_state, "none")

    # ------------------------------------------------------------------ «Счёт на оплату»

    def test_reserved_by_1c_prints_the_payment_invoice(self):
        order = self.exported((self.product_a, 10), (self.product_b, 100))
        buyer = self.client_users["buyer"]
        self.authenticate(buyer.login, buyer.login)
        url = f"/my/b2b/order/{order.id}/payment-invoice"
        self.assertEqual(self.url_open(url).status_code, 404)  # sent, not reserved yet
        self.send_orders(self.order_file(order, "2026-12-01", 4, 100))
        self.assertEqual(order.b2b_reservation_state, "partial")
        self.assertEqual(order.state, "draft")  # Odoo reserves nothing
        self.assertFalse(self.env["stock.move"].search([("sale_line_id", "in", order.order_line.ids)]))
        self.authenticate(buyer.login, buyer.login)
        listing = self.url_open("/my/orders").text
        self.assertIn(order.name, listing)
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("o_b2b_payment_invoice", page)
        self.assertIn("o_b2b_reserved_qty", page)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # the invoice covers what 1C reserved
        data = order._b2b_payment_invoice_data()
        quantities = sorted(line["qty"] for line in data["lines"])
        self.assertEqual(quantities, [4, 100])
        # another client's user does not get it
        other = self.other_users["admin"]
        self.authenticate(other.login, other.login)
        self.assertEqual(self.url_open(url).status_code, 404)

    def test_order_file_in_windows_1251(self):
        order = self.exported((self.product_a, 10), (self.product_b, 100))
        text = self.order_file(order, "2026-12-01", 10, 50).decode()
        content = text.replace('encoding="UTF-8"', 'encoding="windows-1251"').encode("cp1251")
        self.assertEqual(self.send_orders(content), ["success"])
        self.assertEqual(order.b2b_reservation_state, "partial")
        self.assertEqual(order.b2b_1c_number, f"ЗК-000{order.id}")
