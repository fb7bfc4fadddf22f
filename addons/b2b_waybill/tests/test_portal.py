import re

from odoo.tests import HttpCase, tagged
from odoo.tools.translate import get_translation

from .common import ROLES, B2bWaybillCommon

CSRF = re.compile(r'csrf_token: "([^"]+)"')
TOKEN = re.compile(r'name="request_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestWaybillPortal(B2bWaybillCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_waybill_setup()
        cls.block = cls._b2b_waybill_product("Tour block", 20, code="WB-TB")
        cls.order = cls._b2b_make_order(cls.client, [(cls.block, 20)])
        cls.order.client_order_ref = "WBTOUR"
        cls.line = cls.order.order_line
        cls.issued = cls.order.sudo()._b2b_issue_waybill({cls.line.id: 5}, user=cls.buyer)
        cls.collected = cls.order.sudo()._b2b_issue_waybill({cls.line.id: 4}, user=cls.buyer)
        cls.collected.with_user(cls.storekeeper)._b2b_collect({})
        cls.logins = {role: user.login for role, user in cls.users.items()}
        cls.logins["other client"] = cls.other_admin.login

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _as(self, who):
        if who == "anonymous":
            self.authenticate(None, None)
        else:
            self.authenticate(self.logins[who], self.logins[who])

    def test_routes_by_role(self):
        issued, collected = self.issued, self.collected
        own = {
            "/my/b2b/waybills": b"o_b2b_waybill_row",
            f"/my/b2b/waybills/new/{self.order.id}": b"o_b2b_waybill_form",
            f"/my/b2b/waybills/{issued.id}": issued.name.encode(),
            f"/my/b2b/waybills/{issued.id}/pdf?access_token={issued.access_token}": issued.name.encode(),
            f"/my/b2b/waybills/{collected.id}/torg12?access_token={collected.access_token}": b"o_b2b_torg12",
        }
        for who in (*ROLES, "other client", "anonymous"):
            self._as(who)
            for url, marker in own.items():
                with self.subTest(who=who, url=url):
                    response = self._get(url)
                    if who in ("admin", "buyer"):
                        self.assertEqual(response.status_code, 200)
                        self.assertIn(marker, response.content)
                        if "/pdf" in url or "/torg12" in url:
                            self.assertEqual(response.headers["Content-Type"], "application/pdf")
                    elif who == "anonymous":
                        self.assertEqual(response.status_code, 303)
                        self.assertIn("/web/login", response.headers["Location"])
                    elif who == "other client" and url != "/my/b2b/waybills":
                        # a user of another consignment client: not found, even with the right token
                        self.assertEqual(response.status_code, 404)
                        self.assertNotIn(issued.name.encode(), response.content)
                    elif who == "other client":
                        self.assertEqual(response.status_code, 200)
                        self.assertNotIn(issued.name.encode(), response.content)
                    else:
                        self.assertEqual(response.status_code, 403)
                        self.assertIn(b"alert-heading", response.content)
                        self.assertNotIn(issued.name.encode(), response.content)

    def test_downloads_need_the_token(self):
        self._as("buyer")
        for url in (
            f"/my/b2b/waybills/{self.issued.id}/pdf",
            f"/my/b2b/waybills/{self.issued.id}/pdf?access_token=wrong",
            f"/my/b2b/waybills/{self.collected.id}/torg12?access_token=wrong",
            f"/my/b2b/waybills/{self.issued.id}/torg12?access_token={self.issued.access_token}",
            "/my/b2b/waybills/999999/pdf?access_token=x",
        ):
            with self.subTest(url=url):
                self.assertEqual(self._get(url).status_code, 404)

    def test_hostile_quantities_get_a_message(self):
        """nan, 1e309, 400 digits, NUL, an id beyond int4: a message on the form, nothing issued."""
        self._as("buyer")
        url = f"/my/b2b/waybills/new/{self.order.id}"
        count = len(self.order.b2b_waybill_ids)
        number = get_translation("b2b_portal", "ru_RU", "Enter the quantity as a number.", ())
        large = get_translation("b2b_portal", "ru_RU", "The quantity is too large.", ())
        negative = get_translation("b2b_portal", "ru_RU", "The quantity cannot be negative.", ())
        cases = [
            ({f"qty_{self.line.id}": "nan"}, number),
            ({f"qty_{self.line.id}": "inf"}, number),
            ({f"qty_{self.line.id}": "1e309"}, number),
            ({f"qty_{self.line.id}": "9" * 400}, large),
            ({f"qty_{self.line.id}": "1\x00"}, number),
            ({f"qty_{self.line.id}": "-1"}, negative),
            ({"qty_99999999999": "1"}, None),
            ({"qty_" + "9" * 400: "1"}, None),
        ]
        for fields, message in cases:
            with self.subTest(fields=str(fields)[:40]):
                page = self._get(url).text
                form = {"csrf_token": CSRF.search(page).group(1), "request_token": TOKEN.search(page).group(1)}
                response = self.url_open(url, data={**form, **fields}, allow_redirects=False)
                self.assertEqual(response.status_code, 200)
                self.assertIn("o_b2b_waybill_error", response.text)
                if message:
                    self.assertIn(message, response.text)
                    self.assertIn(self.block.display_name, response.text.split("o_b2b_waybill_error")[1][:300])
        self.assertEqual(len(self.order.b2b_waybill_ids), count)

    def test_ids_that_are_not_ids_are_not_found(self):
        # beyond PostgreSQL's integer, zero or not a number: a 404 page on every route, never a 500
        self._as("buyer")
        csrf = CSRF.search(self._get("/my/b2b/waybills").text).group(1)
        for bad in ("99999999999", "0", "abc", "1e3"):
            for url in (
                f"/my/b2b/waybills/{bad}",
                f"/my/b2b/waybills/{bad}/pdf?access_token=x",
                f"/my/b2b/waybills/{bad}/torg12?access_token=x",
                f"/my/b2b/waybills/new/{bad}",
            ):
                with self.subTest(url=url):
                    self.assertEqual(self._get(url).status_code, 404)
            for url in (f"/my/b2b/waybills/{bad}/cancel", f"/my/b2b/waybills/new/{bad}"):
                with self.subTest(url=url, method="POST"):
                    response = self.url_open(url, data={"csrf_token": csrf}, allow_redirects=False)
                    self.assertEqual(response.status_code, 404)

    def test_client_without_consignment_contract_is_refused(self):
        seller = self._b2b_contract_client("ООО «Продавец»", "sale")
        seller_admin = self._b2b_make_user(seller, "admin")
        self.authenticate(seller_admin.login, seller_admin.login)
        response = self._get("/my/b2b/waybills")
        self.assertEqual(response.status_code, 403)
        self.assertIn(b"alert-heading", response.content)
        self.assertNotIn(b"o_b2b_waybill_row", response.content)

    def test_issue_and_cancel_through_the_forms(self):
        self._as("buyer")
        page = self._get(f"/my/b2b/waybills/new/{self.order.id}").text
        form = {"csrf_token": CSRF.search(page).group(1), "request_token": TOKEN.search(page).group(1)}
        url = f"/my/b2b/waybills/new/{self.order.id}"
        # more than is free: refused with a message, nothing issued
        response = self.url_open(url, data={**form, f"qty_{self.line.id}": "12"}, allow_redirects=False)
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"o_b2b_waybill_error", response.content)
        self.assertIn(b"11", response.content)
        response = self.url_open(url, data={**form, f"qty_{self.line.id}": "abc"}, allow_redirects=False)
        self.assertIn(b"o_b2b_waybill_error", response.content)
        self.assertEqual(len(self.order.b2b_waybill_ids), 2)

        response = self.url_open(url, data={**form, f"qty_{self.line.id}": "2,5"}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        waybill = self.order.b2b_waybill_ids.filtered(lambda w: w.request_token == form["request_token"])
        self.assertEqual(waybill.line_ids.quantity, 2.5)
        self.assertEqual(waybill.issued_by_id, self.buyer)
        self.assertIn(f"/my/b2b/waybills/{waybill.id}", response.headers["Location"])
        # the same form sent again (double click, back button) issues nothing more
        response = self.url_open(url, data={**form, f"qty_{self.line.id}": "2,5"}, allow_redirects=False)
        self.assertIn(f"/my/b2b/waybills/{waybill.id}", response.headers["Location"])
        self.assertEqual(len(self.order.b2b_waybill_ids), 3)

        # another client's user cannot cancel it; the buyer can, once
        cancel = f"/my/b2b/waybills/{waybill.id}/cancel?access_token={waybill.access_token}"
        self._as("other client")
        other_csrf = CSRF.search(self._get("/my/b2b/waybills").text).group(1)
        response = self.url_open(cancel, data={"csrf_token": other_csrf})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(waybill.state, "issued")
        self._as("viewer")
        viewer_csrf = CSRF.search(self._get("/my").text).group(1)
        response = self.url_open(cancel, data={"csrf_token": viewer_csrf})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(waybill.state, "issued")
        self._as("buyer")
        page = self._get(f"/my/b2b/waybills/{waybill.id}?access_token={waybill.access_token}").text
        response = self.url_open(cancel, data={"csrf_token": CSRF.search(page).group(1)}, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertEqual(waybill.state, "cancelled")
        response = self.url_open(cancel, data={"csrf_token": CSRF.search(page).group(1)}, allow_redirects=False)
        self.assertEqual(response.status_code, 409)

    def test_portal_home_entry_only_for_who_may_issue(self):
        for who, expected in (("admin", 1), ("buyer", 1), ("accountant", 0), ("viewer", 0)):
            with self.subTest(who=who):
                self._as(who)
                counters = self.make_jsonrpc_request("/my/counters", {"counters": ["b2b_waybill_count"]})
                self.assertEqual(counters["b2b_waybill_count"], expected)

    def test_collected_waybill_shows_collected_quantities(self):
        self._as("admin")
        page = self._get(f"/my/b2b/waybills/{self.collected.id}?access_token={self.collected.access_token}").text
        self.assertIn('data-state="collected"', page)
        self.assertIn("/torg12?access_token=", page)
        self.assertNotIn("o_b2b_waybill_cancel", page)

    def test_list_query_count_does_not_grow(self):
        self._as("buyer")
        self._get("/my/b2b/waybills")  # warm the caches

        def count():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self._get("/my/b2b/waybills")
            return self.env.cr.sql_log_count - before

        first = count()
        for qty in (1, 1, 1, 1):
            self.order.sudo()._b2b_issue_waybill({self.line.id: qty}, user=self.buyer)
        for _i in range(3):
            product = self._b2b_waybill_product(f"Extra {_i}", 5)
            self._b2b_make_order(self.client, [(product, 2)])
        self._get("/my/b2b/waybills")  # creating products clears the registry caches: warm them again
        self.assertLessEqual(count(), first)

    def test_tour_issue_waybill(self):
        before = self.order.b2b_waybill_ids
        self.start_tour("/my/b2b/waybills", "b2b_waybill_issue", login=self.logins["buyer"])
        waybill = self.order.b2b_waybill_ids - before
        self.assertEqual(waybill.state, "issued")
        self.assertEqual(waybill.line_ids.quantity, 3)
