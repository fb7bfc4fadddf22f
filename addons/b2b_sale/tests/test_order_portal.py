import io
import zipfile

import xlsxwriter

from odoo import http
from odoo.addons.b2b_portal.tools import table_io
from odoo.tests import HttpCase, tagged

from .test_order_reservation import B2bOrderCommon


@tagged("post_install", "-at_install")
class TestOrderPortal(B2bOrderCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_order_setup()

    def _login(self, user):
        if user:
            self.authenticate(user.login, user.login)
        else:
            self.authenticate(None, None)

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _draft(self, user):
        return self.env["sale.order"]._b2b_draft_for_user(user).sudo()

    def test_order_page_by_role(self):
        self._order([(self.product_a, 4)], ref="WEB-55")
        for role, user in self.client_users.items():
            self._login(user)
            response = self.url_open("/my/b2b/order")
            self.assertEqual(response.status_code, 200, role)
            if role == "buyer":
                self.assertIn('data-sku="T-A5"', response.text)
                self.assertIn("WEB-55", response.text)
                self.assertIn("o_b2b_order_submit", response.text)
                self.assertIn("0.800", response.text)  # weight of 4 × 0.2 kg
            else:
                # every user has a draft of its own; a read-only role gets no form
                self.assertNotIn('data-sku="T-A5"', response.text, role)
                self.assertEqual("o_b2b_order_import" in response.text, role == "admin", role)
        self._login(self.other_users["admin"])
        response = self.url_open("/my/b2b/order")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("WEB-55", response.text)
        self._login(None)
        response = self.url_open("/my/b2b/order", allow_redirects=False)
        self.assertIn("/web/login", response.headers.get("Location", ""))

    def test_update_import_submit_refused_to_read_only_roles_and_strangers(self):
        order = self._order([(self.product_a, 4)])
        line = order.sudo().order_line
        for role in ("accountant", "viewer"):
            self._login(self.client_users[role])
            for url, data in (
                ("/my/b2b/order/update", {f"qty_{line.id}": 9}),
                ("/my/b2b/order/import", {"lines_text": "T-A5 1"}),
                ("/my/b2b/order/submit", {"order_id": order.id}),
            ):
                self.assertEqual(self._post(url, data).status_code, 403, (role, url))
        # another client's admin cannot send or cancel our order
        self._login(self.other_users["admin"])
        self.assertEqual(self._post("/my/b2b/order/submit", {"order_id": order.id}).status_code, 303)
        self.assertEqual(self._post(f"/my/b2b/order/{order.id}/cancel").status_code, 303)
        self._login(None)
        response = self._post("/my/b2b/order/submit", {"order_id": order.id})
        self.assertIn("/web/login", response.headers.get("Location", ""))
        self.assertEqual(order.sudo().b2b_reservation_state, "draft")
        self.assertEqual(order.sudo().state, "draft")
        self.assertEqual(line.product_uom_qty, 4)

    def test_update_and_double_submit(self):
        order = self._order([(self.product_a, 4), (self.product_b, 50)])
        line_a, line_b = order.sudo().order_line.sorted(lambda l: l.product_id != self.product_a)
        self._login(self.buyer)
        response = self._post("/my/b2b/order/update", {f"qty_{line_a.id}": "6", "reference": "SHOP-9"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(line_a.product_uom_qty, 6)
        self.assertEqual(order.sudo().client_order_ref, "SHOP-9")
        self._post("/my/b2b/order/update", {f"qty_{line_a.id}": "-2", f"qty_{line_b.id}": "1"})
        self.assertEqual((line_a.product_uom_qty, line_b.product_uom_qty), (6, 50))  # all or nothing
        # zero removes a line here, so a negative quantity is what is refused
        self.assertIn(
            self._t("The quantity cannot be negative.", module="b2b_portal"), self.url_open("/my/b2b/order").text
        )
        self._post("/my/b2b/order/update", {f"remove_{line_b.id}": "1"})
        self.assertFalse(line_b.exists())
        response = self._post("/my/b2b/order/submit", {"order_id": order.id})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(order.sudo().b2b_reservation_state, "pending")
        orders_before = self.env["sale.order"].search_count([])
        response = self._post("/my/b2b/order/submit", {"order_id": order.id})
        self.assertEqual(order.sudo().b2b_reservation_state, "pending")
        self.assertEqual(self.env["sale.order"].search_count([]), orders_before)
        page = self.url_open(response.headers["Location"]).text
        self.assertIn(self._t("This order has already been sent."), page)
        self.assertIn("o_b2b_reservation_pending", page)
        # the list shows the pending order with the client's reference, for every role of the company
        for user in (self.buyer, self.client_users["viewer"]):
            self._login(user)
            listing = self.url_open("/my/orders").text
            self.assertIn(order.name, listing)
            self.assertIn("SHOP-9", listing)
        self._login(self.other_users["admin"])
        self.assertNotIn(order.name, self.url_open("/my/orders").text)
        response = self.url_open(f"/my/orders/{order.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    def test_paste_and_upload_with_bad_lines(self):
        self._login(self.buyer)
        text = "SKU\tQty\nT-A5\t3\nNOPE-1\t2\nT-SP6\t-5\nT-SP6\t40\nT-A5\tabc\n\n"
        response = self._post("/my/b2b/order/import", {"lines_text": text})
        self.assertEqual(response.status_code, 303)
        order = self._draft(self.buyer)
        self.assertEqual(
            {l.product_id.default_code: l.product_uom_qty for l in order.order_line}, {"T-A5": 3, "T-SP6": 40}
        )
        page = self.url_open("/my/b2b/order").text
        self.assertIn(self._t("Line %(line)s: SKU «%(sku)s» is not in the catalog.", line=3, sku="NOPE-1"), page)
        msg = "Line %(line)s (%(sku)s): %(error)s"
        positive = self._t("The quantity must be greater than zero.", module="b2b_portal")
        self.assertIn(self._t(msg, line=4, sku="T-SP6", error=positive), page)
        self.assertIn(
            self._t(msg, line=6, sku="T-A5", error=self._t("Enter the quantity as a number.", module="b2b_portal")),
            page,
        )
        # the bad lines are given back in the paste box, nothing is lost
        self.assertIn("NOPE-1\t2\nT-SP6\t-5\nT-A5\tabc</textarea>", page)
        # CSV with semicolons and a decimal comma
        csv_data = "артикул;количество\nT-A5;2\nT-SP6;10,0\n".encode("cp1251")
        self._post("/my/b2b/order/import", files={"lines_file": ("list.csv", csv_data, "text/csv")})
        self.assertEqual(
            {l.product_id.default_code: l.product_uom_qty for l in order.order_line}, {"T-A5": 5, "T-SP6": 50}
        )
        # XLSX with numbers and strings
        stream = io.BytesIO()
        book = xlsxwriter.Workbook(stream, {"in_memory": True})
        sheet = book.add_worksheet()
        for row, values in enumerate([("SKU", "Qty"), ("T-A5", 1), ("T-SP6", "5"), ("GHOST", 1)]):
            sheet.write_row(row, 0, values)
        book.close()
        self._post(
            "/my/b2b/order/import", files={"lines_file": ("list.xlsx", stream.getvalue(), "application/octet-stream")}
        )
        self.assertEqual(
            {l.product_id.default_code: l.product_uom_qty for l in order.order_line}, {"T-A5": 6, "T-SP6": 55}
        )
        ghost = self._t("Line %(line)s: SKU «%(sku)s» is not in the catalog.", line=4, sku="GHOST")
        self.assertIn(ghost, self.url_open("/my/b2b/order").text)
        # a broken file changes nothing
        self._post(
            "/my/b2b/order/import", files={"lines_file": ("list.xlsx", b"PK\x03\x04broken", "application/octet-stream")}
        )
        self.assertIn(
            self._t("This file cannot be read as an XLSX table.", module="b2b_portal"),
            self.url_open("/my/b2b/order").text,
        )
        # the messages are in the user's language
        self._post("/my/b2b/order/import", {"lines_text": "NOPE-2 1"})
        self.assertIn("Строка 1: артикула «NOPE-2» нет в каталоге.", self.url_open("/my/b2b/order").text)
        self.assertEqual(sum(order.order_line.mapped("product_uom_qty")), 61)
        # too many lines: nothing is added
        self._post("/my/b2b/order/import", {"lines_text": "T-A5 1\n" * 501})
        self.assertEqual(sum(order.order_line.mapped("product_uom_qty")), 61)

    def _upload(self, name, data):
        return self._post("/my/b2b/order/import", files={"lines_file": (name, data, "application/octet-stream")})

    def test_hostile_lists_get_a_message(self):
        """Zip bomb, missing shared string, far column, NUL, over-long paste, absurd quantities:
        a message on the order page, never a server error, and the order is unchanged."""
        self._login(self.buyer)
        self._post("/my/b2b/order/import", {"lines_text": "T-A5 2"})
        order = self._draft(self.buyer)
        ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

        def xlsx(sheet, shared=None):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(
                    "xl/worksheets/sheet1.xml", f'<worksheet xmlns="{ns}"><sheetData>{sheet}</sheetData></worksheet>'
                )
                if shared is not None:
                    archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}">{shared}</sst>')
            return buffer.getvalue()

        cell = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row>'
        bomb = xlsx(cell, "<si><t>" + "T" * (64 * 1024 * 1024) + "</t></si>")
        self.assertLess(len(bomb), table_io.MAX_FILE_BYTES, "a small upload that inflates to 64 MB")
        cases = [
            (bomb, "This file unpacks to too much data to be a list of products."),
            (xlsx(cell, ""), "Line %(line)s refers to a text that is missing from the file."),
            (
                xlsx('<row r="1"><c r="ZZZZZZZ1"><v>1</v></c></row>'),
                "This file has a cell with an invalid address (%(ref)s).",
            ),
            (
                xlsx('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'),
                "Line %(line)s has a value beyond column %(max)s; keep the list in the first columns.",
            ),
        ]
        args = [{}, {"line": 1}, {"ref": "ZZZZZZZ1"}, {"line": 1048576, "max": 100}]
        for (data, message), kw in zip(cases, args, strict=True):
            with self.subTest(message=message):
                response = self._upload("list.xlsx", data)
                self.assertEqual(response.status_code, 303)
                self.assertIn(self._t(message, module="b2b_portal", **kw), self.url_open("/my/b2b/order").text)
        # a NUL in the paste box: a message, and the text comes back without it
        self._post("/my/b2b/order/import", {"lines_text": "T-A5 1\nT-SP6\x00 1"})
        page = self.url_open("/my/b2b/order").text
        self.assertIn(
            self._t("Line %(line)s holds a NUL character; remove it and try again.", module="b2b_portal", line=2), page
        )
        self.assertIn("T-A5 1\nT-SP6 1</textarea>", page)
        self._post("/my/b2b/order/import", {"lines_text": "T-A5 1\n" * 40_000})
        self.assertIn(
            self._t(
                "The list is too long: at most %(max)s characters at once.",
                module="b2b_portal",
                max=table_io.MAX_TEXT_CHARS,
            ),
            self.url_open("/my/b2b/order").text,
        )
        # absurd quantities are bad lines, given back like the others
        self._post("/my/b2b/order/import", {"lines_text": "T-A5\tnan\nT-A5\t1e309\nT-SP6\t" + "9" * 400})
        page = self.url_open("/my/b2b/order").text
        self.assertIn(self._t("Enter the quantity as a number.", module="b2b_portal"), page)
        self.assertIn(self._t("The quantity is too large.", module="b2b_portal"), page)
        # ids beyond PostgreSQL's integer: the usual "not found", no server error
        for url in ("/my/b2b/order/99999999999/cancel", "/my/b2b/order/99999999999/resend"):
            self.assertEqual(self._post(url).status_code, 303, url)
        self.assertEqual(self._post("/my/b2b/order/add", {"product_id": "9" * 400, "quantity": "1"}).status_code, 303)
        self.assertEqual(self._post("/my/b2b/order/submit", {"order_id": "99999999999"}).status_code, 303)
        self.assertEqual([(l.product_id.default_code, l.product_uom_qty) for l in order.order_line], [("T-A5", 2)])

    def test_refused_order_resend_and_cancel(self):
        admin = self.client_users["admin"]
        order = self._sent_short([(self.product_none, 2)], user=admin)
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "refused")
        self._login(self.client_users["viewer"])
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("o_b2b_reservation_refused", page)
        self.assertNotIn("o_b2b_order_resend", page)
        self.assertEqual(self._post(f"/my/b2b/order/{order.id}/resend").status_code, 403)
        self._login(admin)
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("o_b2b_order_resend", page)
        self.assertNotIn("o_b2b_payment_invoice", page)
        self._move_stock([(self.product_none, 2)], 1)  # sent again once the client sees stock
        self._post(f"/my/b2b/order/{order.id}/resend")
        self.assertEqual(order.b2b_reservation_state, "pending")
        self._move_stock([(self.product_none, 2)], -1)
        self._run_job()
        self._post(f"/my/b2b/order/{order.id}/cancel")
        self.assertEqual(order.state, "cancel")

    def test_payment_invoice_download(self):
        order = self._sent_short([(self.product_a, 150)], ref="WEB-3")
        url = f"/my/b2b/order/{order.id}/payment-invoice"
        self._login(self.buyer)
        self.assertEqual(self.url_open(url).status_code, 404)  # pending: no invoice yet
        self._run_job()
        self.assertEqual(order.b2b_reservation_state, "partial")
        page = self.url_open(f"/my/orders/{order.id}").text
        self.assertIn("o_b2b_payment_invoice", page)
        self.assertIn("o_b2b_reserved_qty", page)
        for role, user in self.client_users.items():
            self._login(user)
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, role)
            self.assertIn("attachment", response.headers["Content-Disposition"])
            self.assertIn("WEB-3", response.text)
        self._login(self.other_users["admin"])
        self.assertEqual(self.url_open(url).status_code, 404)
        self.assertEqual(self.url_open(f"{url}?access_token=wrong").status_code, 404)
        self._login(None)
        self.assertEqual(self.url_open(url).status_code, 404)
        token = order._portal_ensure_token()
        self.assertEqual(self.url_open(f"{url}?access_token={token}").status_code, 200)

    def test_reference_with_nul_gets_a_message(self):
        # found by the fuzz suite: PostgreSQL refused the NUL when the reference was written (500)
        order = self._order([(self.product_a, 2)], ref="WEB-1")
        self._login(self.buyer)
        response = self._post("/my/b2b/order/update", {"reference": "WEB\x002"})
        self.assertEqual(response.status_code, 303)
        self.assertIn(
            self._t("Your reference cannot hold control characters; type it again."),
            self.url_open("/my/b2b/order").text,
        )
        self.assertEqual(order.sudo().client_order_ref, "WEB-1")

    def test_payment_invoice_refuses_another_clients_token(self):
        order = self._sent_short([(self.product_a, 150)], ref="WEB-7")
        self._run_job()
        token = order._portal_ensure_token()
        url = f"/my/b2b/order/{order.id}/payment-invoice?access_token={token}"
        # a user of another client holding this client's link gets nothing, whatever the role
        for user in (self.other_users["admin"], self._b2b_make_user(self.other_client, "accountant")):
            self._login(user)
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, user.login)
            self.assertNotIn("WEB-7", response.text)
        # the client's own users and a visitor holding the link (e-mailed to the client) get it
        self._login(self.client_users["viewer"])
        self.assertEqual(self.url_open(url).status_code, 200)
        self._login(None)
        self.assertEqual(self.url_open(url).status_code, 200)

    def test_payment_invoice_of_a_demo_request(self):
        # a visitor's demo request is a quotation of a prospect: no «Счёт на оплату» through
        # the route, with or without its token, for a visitor or a client's user
        demo = self.env["sale.order"].create(
            {"partner_id": self.env["res.partner"].create({"name": "Посетитель"}).id, "client_order_ref": "DEMO-1"}
        )
        token = demo._portal_ensure_token()
        for user in (None, self.buyer, self.other_users["admin"]):
            self._login(user)
            for query in ("", f"?access_token={token}"):
                response = self.url_open(f"/my/b2b/order/{demo.id}/payment-invoice{query}")
                self.assertEqual(response.status_code, 404, (user, query))

    def test_add_to_order_redirect_is_followed_only_within_the_cabinet(self):
        self._login(self.buyer)
        cases = {
            "/my/b2b/catalog?search=T-A5&page=2": "/my/b2b/catalog?search=T-A5&page=2",
            "/my/b2b/catalog\r\nSet-Cookie: x=1": "/my/b2b/catalog",
            "/my/b2b/catalog\nX: y": "/my/b2b/catalog",
            "/my/\x00": "/my/b2b/catalog",
            "//evil.example.com/my/": "/my/b2b/catalog",
            "/\\evil.example.com": "/my/b2b/catalog",
            "https://evil.example.com/my/": "/my/b2b/catalog",
            "/web/session/logout": "/my/b2b/catalog",
            "/my/" + "x" * 5000: "/my/b2b/catalog",
            "": "/my/b2b/catalog",
        }
        for redirect, expected in cases.items():
            with self.subTest(redirect=redirect[:40]):
                response = self._post(
                    "/my/b2b/order/add", {"product_id": self.product_a.id, "quantity": "1", "redirect": redirect}
                )
                self.assertEqual(response.status_code, 303)
                location = response.headers["Location"]
                # back at the product's row of that catalog page (the anchor the catalog adds)
                self.assertTrue(location.split("#", 1)[0].endswith(expected), location)
                self.assertTrue(location.endswith(f"#b2b-product-{self.product_a.id}"), location)
                self.assertNotIn("\n", location)
                self.assertNotIn("evil", location)
        # every post added one more (a product already on the order once answered 403)
        self.assertEqual(self._draft(self.buyer).order_line.product_uom_qty, len(cases))

    def test_ids_that_are_not_ids(self):
        # beyond PostgreSQL's integer, zero or not a number: not found, never a server error
        self._login(self.buyer)
        for bad in ("99999999999", "0", "abc"):
            with self.subTest(order=bad):
                url = f"/my/b2b/order/{bad}/payment-invoice"
                self.assertEqual(self.url_open(url).status_code, 404)
                self.assertEqual(self.url_open(f"{url}?access_token=x").status_code, 404)
                # the order's buttons and form: back to the order page with a notice
                response = self._post("/my/b2b/order/submit", {"order_id": bad})
                self.assertEqual(response.status_code, 303)
                self.assertIn(self._t("This order cannot be found."), self.url_open("/my/b2b/order").text)
                for action in ("resend", "cancel"):
                    response = self._post(f"/my/b2b/order/{bad}/{action}")
                    # text matches no route at all; a number is answered with the notice
                    self.assertEqual(response.status_code, 404 if bad == "abc" else 303, action)

    def test_home_entry_for_who_may_order(self):
        # as the navigation and the dashboard: a viewer or an accountant builds no order of its own
        for role, user in self.client_users.items():
            with self.subTest(role=role):
                self._login(user)
                shown = 'href="/my/b2b/order"' in self.url_open("/my").text
                self.assertEqual(shown, role in ("admin", "buyer"))
        self._login(self.other_users["admin"])
        self.assertIn('href="/my/b2b/order"', self.url_open("/my").text)

    def test_read_only_roles_cannot_accept_or_decline_a_quotation(self):
        """A manager's quotation that asks for a signature: Odoo's own accept/decline routes
        follow the role table too."""
        quotation = self.env["sale.order"].create(
            {
                "partner_id": self.client.id,
                "require_signature": True,
                "order_line": [(0, 0, {"product_id": self.product_a.id, "product_uom_qty": 1})],
            }
        )
        quotation.message_subscribe(partner_ids=self.client_users["viewer"].partner_id.ids)
        quotation._portal_ensure_token()
        for role in ("viewer", "accountant"):
            with self.subTest(role=role):
                self._login(self.client_users[role])
                result = self.make_jsonrpc_request(
                    f"/my/orders/{quotation.id}/accept",
                    {"access_token": quotation.access_token, "name": "Кто-то", "signature": "iVBORw0KGgo="},
                )
                refusal = self._t("Your role in your company's cabinet does not allow accepting quotations.")
                self.assertEqual(result["error"], refusal)
                self._post(
                    f"/my/orders/{quotation.id}/decline",
                    {"access_token": quotation.access_token, "decline_message": "нет"},
                )
                quotation.invalidate_recordset()
                self.assertEqual(quotation.state, "draft")
                self.assertFalse(quotation.signature)
        # a buyer may answer: declining cancels it, as in Odoo
        self._login(self.client_users["buyer"])
        self._post(
            f"/my/orders/{quotation.id}/decline", {"access_token": quotation.access_token, "decline_message": "нет"}
        )
        quotation.invalidate_recordset()
        self.assertEqual(quotation.state, "cancel")

    def test_paid_shows_on_list_and_page(self):
        order = self._sent([(self.product_a, 1)])
        self._run_job()
        order.b2b_payment_state = "paid"
        self._login(self.client_users["accountant"])
        self.assertIn("o_b2b_paid", self.url_open("/my/orders").text)
        self.assertIn("o_b2b_paid", self.url_open(f"/my/orders/{order.id}").text)


@tagged("post_install", "-at_install")
class TestOrderTour(B2bOrderCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_order_setup()

    def test_order_tour(self):
        self._order([(self.product_a, 2)])
        self.start_tour("/my/b2b/order", "b2b_portal_order", login=self.buyer.login)
        order = self.env["sale.order"].search([("b2b_portal_user_id", "=", self.buyer.id)])
        self.assertEqual(order.b2b_reservation_state, "pending")
        self.assertEqual(order.client_order_ref, "SHOP-4242")
        self.assertEqual(
            {l.product_id.default_code: l.product_uom_qty for l in order.order_line}, {"T-A5": 2, "T-SP6": 40}
        )
