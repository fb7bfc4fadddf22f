import json
import shutil
import subprocess
import unittest

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import RECIPIENT, B2bDropshipCommon

FORM = {
    "recipient_name": RECIPIENT["b2b_recipient_name"],
    "recipient_phone": RECIPIENT["b2b_recipient_phone"],
    "recipient_address": RECIPIENT["b2b_recipient_address"],
    "cod_amount": RECIPIENT["b2b_cod_amount"],
    "packing_note": RECIPIENT["b2b_packing_note"],
}


@tagged("post_install", "-at_install")
class TestDropshipPortal(B2bDropshipCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_dropship_setup()

    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _post(self, url, data=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, allow_redirects=False)

    def _tr(self, source, **kw):
        return self._t(source, module="b2b_dropship", **kw)

    def _save_form(self, order, version=0, **changes):
        return self._post("/my/b2b/order/dropship", {"order_id": order.id, "version": version, **FORM, **changes})

    # ------------------------------------------------------------------ the form

    def test_form_saves_on_the_order_only(self):
        order = self._order([(self.product_gift, 2)]).sudo()
        partners = self._partner_count()
        self._login(self.buyer)
        page = self.url_open("/my/b2b/order").text
        self.assertIn("o_b2b_dropship_form", page)
        self.assertIn('name="recipient_name"', page)
        response = self._save_form(order)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(order.b2b_recipient_name, "Иванова Мария Петровна")
        self.assertEqual(order.b2b_cod_amount, 1500.5)
        self.assertEqual(self._partner_count(), partners)
        page = self.url_open("/my/b2b/order").text
        self.assertIn(self._tr("The delivery details are saved."), page)
        self.assertIn('value="Иванова Мария Петровна"', page)
        self.assertIn('value="1500,50"', page)
        # the same form sent again (back button, double click) changes nothing and says why
        response = self._save_form(order, recipient_name="Другой Получатель")
        self.assertEqual(response.status_code, 303)
        self.assertEqual(order.b2b_recipient_name, "Иванова Мария Петровна")
        self.assertEqual(order.b2b_dropship_version, 1)
        page = self.url_open("/my/b2b/order").text
        self.assertIn(
            self._tr("The delivery details were changed meanwhile (in another window?). Check them and save again."),
            page,
        )
        # removed
        self._post("/my/b2b/order/dropship", {"order_id": order.id, "version": 1, "clear": "1"})
        self.assertFalse(order.b2b_dropship)
        self.assertEqual(order.b2b_cod_amount, 0)

    def test_bad_input_over_http_gets_a_message(self):
        order = self._order([(self.product_gift, 2)]).sudo()
        self._login(self.buyer)
        self._save_form(order)
        before = self._dropship_snapshot(order)
        cases = {
            "NUL": {"recipient_name": "Ива\x00нова"},
            "a million characters": {"recipient_address": "д" * 10**6},
            "NaN": {"cod_amount": "NaN"},
            "negative": {"cod_amount": "-1"},
            "huge": {"cod_amount": "1e308"},
        }
        for label, change in cases.items():
            with self.subTest(label):
                response = self._save_form(order, version=1, **change)
                self.assertEqual(response.status_code, 303)
                self.assertEqual(self._dropship_snapshot(order), before)
                page = self.url_open("/my/b2b/order")
                self.assertEqual(page.status_code, 200)
                self.assertIn("alert-danger", page.text)
                self.assertNotIn("\x00", page.text)
                if label == "huge":  # what was typed is given back to correct, not lost
                    self.assertIn('value="1e308"', page.text)
                if label == "negative":
                    self.assertIn(self._tr("The cash-on-delivery amount cannot be negative."), page.text)

    def test_form_refused_to_read_only_roles_strangers_and_anonymous(self):
        order = self._order([(self.product_gift, 2)]).sudo()
        for role in ("accountant", "viewer"):
            with self.subTest(role=role):
                self._login(self.client_users[role])
                self.assertEqual(self._save_form(order).status_code, 403)
        self._login(self.other_users["admin"])
        response = self._save_form(order)
        self.assertEqual(response.status_code, 303)  # «cannot be found», on its own order page
        self._login(None)
        response = self._save_form(order)
        self.assertIn("/web/login", response.headers.get("Location", ""))
        self.assertFalse(order.b2b_dropship)
        self.assertEqual(order.b2b_dropship_version, 0)
        # a read-only role sees no form it could send
        self._login(self.client_users["viewer"])
        self.assertNotIn("o_b2b_dropship_save", self.url_open("/my/b2b/order").text)

    # ------------------------------------------------------------------ order page, assembly

    def test_assembly_from_the_order_page(self):
        order = self._reserved_dropship_order()
        url = f"/my/orders/{order.id}"
        self._login(self.buyer)
        page = self.url_open(url).text
        self.assertIn("o_b2b_send_to_assembly", page)
        self.assertIn("Иванова Мария Петровна", page)
        self.assertIn("o_b2b_packing_slip", page)
        self.assertIn("o_b2b_assembly_none", page)
        # a viewer sees the recipient and the slip, but cannot send; nor can an accountant
        for role in ("viewer", "accountant"):
            self._login(self.client_users[role])
            page = self.url_open(url).text
            self.assertIn("Иванова Мария Петровна", page)
            self.assertNotIn("o_b2b_send_to_assembly", page)
            self.assertEqual(self._post(f"{url.replace('/my/orders', '/my/b2b/order')}/assembly").status_code, 403)
        self.assertFalse(order.b2b_assembly_date)
        # another client: not found, and the order's own link shows it no drop-ship data
        self._login(self.other_users["admin"])
        response = self._post(f"/my/b2b/order/{order.id}/assembly")
        self.assertEqual(response.status_code, 303)
        self.assertFalse(order.b2b_assembly_date)
        page = self.url_open(f"{url}?access_token={order._portal_ensure_token()}").text
        self.assertNotIn("Иванова", page)
        self.assertNotIn("o_b2b_dropship", page)
        # the buyer sends it, once
        self._login(self.buyer)
        response = self._post(f"/my/b2b/order/{order.id}/assembly")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(order.b2b_assembly_date)
        page = self.url_open(url).text
        self.assertIn(self._tr("The order is sent to assembly. The warehouse will pick and pack the goods."), page)
        self.assertIn("o_b2b_assembly_assembly", page)
        self.assertIn("На сборке", page)
        self.assertNotIn("o_b2b_send_to_assembly", page)
        response = self._post(f"/my/b2b/order/{order.id}/assembly")
        self.assertIn(self._tr("This order has already been sent to assembly."), self.url_open(url).text)
        # the warehouse packs and gives a tracking number: the client sees both
        delivery = order._b2b_deliveries()
        delivery.action_b2b_mark_packed()
        delivery.b2b_tracking_ref = "RA123456789RU"
        page = self.url_open(url).text
        self.assertIn("o_b2b_assembly_packed", page)
        self.assertIn("Упакован", page)
        self.assertIn("RA123456789RU", page)
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.button_validate()
        page = self.url_open(url).text
        self.assertIn("o_b2b_assembly_shipped", page)
        self.assertIn("Отгружен", page)

    def test_send_to_assembly_before_reservation_refused(self):
        order = self._dropship_order()
        order._b2b_submit()
        self._login(self.buyer)
        self._post(f"/my/b2b/order/{order.id}/assembly")
        self.assertFalse(order.b2b_assembly_date)
        self.assertIn(
            self._tr("An order can be sent to assembly once it is reserved."),
            self.url_open(f"/my/orders/{order.id}").text,
        )

    # ------------------------------------------------------------------ packing slip

    def test_packing_slip_route(self):
        order = self._reserved_dropship_order()
        url = f"/my/b2b/order/{order.id}/packing-slip"
        for role, user in self.client_users.items():
            with self.subTest(role=role):
                self._login(user)
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                # under --test-enable Odoo gives the report's HTML instead of the PDF
                self.assertIn("o_b2b_packing_slip", response.text)
                self.assertIn("Иванова Мария Петровна", response.text)
                self.assertNotIn("4321", response.text.replace(" ", "").replace("\xa0", ""))
        for who, user in (("other client", self.other_users["admin"]), ("anonymous", None)):
            with self.subTest(who=who):
                self._login(user)
                response = self.url_open(url, allow_redirects=False)
                if user:
                    self.assertEqual(response.status_code, 404)
                    self.assertNotIn("Иванова", response.text)
                else:
                    self.assertIn("/web/login", response.headers.get("Location", ""))
        self._login(self.buyer)
        for bad in ("0", "abc", "99999999999"):
            self.assertEqual(self.url_open(f"/my/b2b/order/{bad}/packing-slip").status_code, 404)
        draft = self._order([(self.product_a, 1)], user=self.client_users["admin"])
        self.assertEqual(self.url_open(f"/my/b2b/order/{draft.id}/packing-slip").status_code, 404)

    def test_rpc_of_another_client(self):
        order = self._reserved_dropship_order()
        delivery = order._b2b_deliveries()
        self._login(self.other_users["admin"])

        def call(model, method, args, kwargs=None):
            return self.url_open(
                "/web/dataset/call_kw",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
                    }
                ),
                headers={"Content-Type": "application/json"},
            ).json()

        answer = call("sale.order", "read", [[order.id], ["b2b_recipient_name", "b2b_cod_amount"]])
        self.assertIn("error", answer)
        self.assertNotIn("Иванова", str(answer))
        answer = call("stock.picking", "search_read", [[("id", "=", delivery.id)], ["b2b_recipient_name"]])
        self.assertEqual(answer.get("result"), [])
        answer = call("sale.order", "search_read", [[("b2b_recipient_name", "!=", False)], ["b2b_recipient_name"]])
        self.assertNotIn("Иванова", str(answer))
        # the order's own buyer reads it, but writes nothing
        self._login(self.buyer)
        answer = call("sale.order", "read", [[order.id], ["b2b_recipient_name"]])
        self.assertEqual(answer["result"][0]["b2b_recipient_name"], "Иванова Мария Петровна")
        answer = call("sale.order", "write", [[order.id], {"b2b_recipient_name": "Взлом"}])
        self.assertIn("error", answer)
        answer = call("stock.picking", "action_b2b_mark_packed", [[delivery.id]])
        self.assertIn("error", answer)
        self.assertEqual(order.b2b_recipient_name, "Иванова Мария Петровна")
        self.assertFalse(delivery.b2b_packed_date)

    @unittest.skipUnless(shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed")
    def test_real_pdf_has_no_prices(self):
        order = self._reserved_dropship_order()
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())
        pdf, __ = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("b2b_dropship.action_report_b2b_packing_slip", order._b2b_deliveries().ids)
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
        ).stdout.decode()
        flat = " ".join(text.split())
        self.assertIn("Иванова Мария Петровна", flat)
        self.assertIn("SHOP-77", flat)
        self.assertIn("T-GIFT", flat)
        self.assertIn("Подарочная упаковка", flat)
        self.assertIn("1 500,50", flat.replace("\xa0", " "))  # cash on delivery
        digits = "".join(text.split()).replace("\xa0", "")
        for amount in (4321.99, order.amount_untaxed, order.amount_total, order.order_line[0].price_subtotal):
            for shown in ("%.2f" % amount, ("%.2f" % amount).replace(".", ","), "%d" % amount):
                self.assertNotIn(shown, digits)
        for word in ("Цена", "Сумма", "НДС", "Итого к оплате"):
            self.assertNotIn(word, flat)
