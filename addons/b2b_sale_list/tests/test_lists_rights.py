"""Who may read and change a client company's lists: every route and JSON-RPC, each role,
another client, anonymous."""

from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import B2bListCommon


@tagged("post_install", "-at_install")
class TestListRights(B2bListCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_list_setup()

    def _snapshot(self):
        self.env.invalidate_all()
        return [(sale_list.name, self._quantities(sale_list)) for sale_list in (self.sale_list, self.other_list)]

    def _write_routes(self, sale_list):
        line = sale_list.line_ids[:1]
        return [
            ("/my/b2b/lists/create", {"name": "Новый"}),
            ("/my/b2b/lists/create", {"name": "Из заказа", "from_order": "1"}),
            (f"/my/b2b/lists/{sale_list.id}/update", {"name": "Переименован", f"qty_{line.id}": "5"}),
            (f"/my/b2b/lists/{sale_list.id}/import", {"lines_text": "T-SP6;7"}),
            (f"/my/b2b/lists/{sale_list.id}/add-to-order", {}),
            (f"/my/b2b/lists/{sale_list.id}/delete", {}),
            ("/my/b2b/lists/add-product", {"product_id": self.product_b.id, "quantity": "3", "list_id": sale_list.id}),
        ]

    def test_every_role_reads_its_company_lists(self):
        for role, user in self.client_users.items():
            self._login(user)
            page = self.url_open("/my/b2b/lists")
            self.assertEqual(page.status_code, 200, role)
            self.assertIn("Еженедельный", page.text, role)
            self.assertNotIn("Чужой", page.text, role)
            page = self.url_open(f"/my/b2b/lists/{self.sale_list.id}")
            self.assertEqual(page.status_code, 200, role)
            self.assertIn('data-sku="T-A5"', page.text, role)
            self.assertEqual("o_b2b_list_save" in page.text, role in ("admin", "buyer"), role)
            self.assertEqual(self.url_open(f"/my/b2b/lists/{self.sale_list.id}/export.csv").status_code, 200, role)
            rows = self._call(user, "b2b.sale.list", "search_read", [], ["name"])
            self.assertEqual([row["id"] for row in rows], self.sale_list.ids, role)
            lines = self._call(user, "b2b.sale.list.line", "search_read", [], ["list_id"])
            self.assertEqual({row["list_id"][0] for row in lines}, set(self.sale_list.ids), role)

    def test_read_only_roles_change_nothing(self):
        before = self._snapshot()
        for role in ("accountant", "viewer"):
            user = self.client_users[role]
            self._login(user)
            for url, data in self._write_routes(self.sale_list):
                self.assertEqual(self._post(url, data).status_code, 403, (role, url))
            line = self.sale_list.line_ids[0]
            for model, method, args in (
                ("b2b.sale.list", "write", [self.sale_list.ids, {"name": "X"}]),
                ("b2b.sale.list", "unlink", [self.sale_list.ids]),
                ("b2b.sale.list", "create", [{"name": "X", "partner_id": self.client.id}]),
                ("b2b.sale.list.line", "write", [line.ids, {"quantity": 99}]),
                ("b2b.sale.list.line", "create", [{"list_id": self.sale_list.id, "product_id": self.product_none.id}]),
                ("b2b.sale.list.line", "unlink", [line.ids]),
            ):
                with self.subTest(role=role, model=model, method=method), self.assertRaises(JsonRpcException) as caught:
                    self._call(user, model, method, *args)
                self.assertIn("AccessError", str(caught.exception))
        self.assertEqual(self._snapshot(), before)
        self.assertFalse(self.env["b2b.sale.list"].search([("name", "in", ("Новый", "Из заказа", "X"))]))

    def test_another_client_gets_nothing(self):
        before = self._snapshot()
        stranger = self.other_users["admin"]
        self._login(stranger)
        for url in (
            f"/my/b2b/lists/{self.sale_list.id}",
            f"/my/b2b/lists/{self.sale_list.id}/export.csv",
            f"/my/b2b/lists/{self.sale_list.id}/export.xlsx",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        for url, data in self._write_routes(self.sale_list)[2:]:
            response = self._post(url, data)
            self.assertIn(response.status_code, (303, 404), url)
        line = self.sale_list.line_ids[0]
        for model, method, args in (
            ("b2b.sale.list", "read", [self.sale_list.ids, ["name"]]),
            ("b2b.sale.list.line", "read", [line.ids, ["quantity"]]),
            ("b2b.sale.list", "write", [self.sale_list.ids, {"name": "X"}]),
            ("b2b.sale.list", "create", [{"name": "X", "partner_id": self.client.id}]),
            # a product already on the list too: the answer tells nothing about the list's lines
            ("b2b.sale.list.line", "create", [{"list_id": self.sale_list.id, "product_id": self.product_b.id}]),
            ("b2b.sale.list.line", "create", [{"list_id": self.sale_list.id, "product_id": self.product_none.id}]),
            ("b2b.sale.list.line", "write", [line.ids, {"list_id": self.other_list.id}]),
        ):
            with self.subTest(model=model, method=method), self.assertRaises(JsonRpcException) as caught:
                self._call(stranger, model, method, *args)
            self.assertIn("AccessError", str(caught.exception))
        # and a buyer cannot move his company's line onto another client's list either
        with self.assertRaises(JsonRpcException):
            self._call(self.buyer, "b2b.sale.list.line", "write", line.ids, {"list_id": self.other_list.id})
        with self.assertRaises(JsonRpcException):
            self._call(self.buyer, "b2b.sale.list", "write", self.sale_list.ids, {"partner_id": self.other_client.id})
        self.assertEqual(self._snapshot(), before)
        # his own draft did not get our list's lines
        self.assertFalse(self._draft(stranger).order_line)

    def test_anonymous_is_sent_to_log_in(self):
        self._login(None)
        for url in (
            "/my/b2b/lists",
            f"/my/b2b/lists/{self.sale_list.id}",
            f"/my/b2b/lists/{self.sale_list.id}/export.csv",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn("/web/login", response.headers.get("Location", ""), url)
        for url, data in self._write_routes(self.sale_list):
            response = self._post(url, data)
            self.assertIn("/web/login", response.headers.get("Location", ""), url)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {"model": "b2b.sale.list", "method": "search_read", "args": [[], ["name"]], "kwargs": {}},
            )

    def test_buyer_edits_through_the_orm_within_the_catalog(self):
        [new] = self._call(self.buyer, "b2b.sale.list", "create", [{"name": "RPC", "partner_id": self.client.id}])
        self.assertEqual(self.env["b2b.sale.list"].browse(new).partner_id, self.client)
        # another client's company as owner, or a product outside the catalog: refused
        with self.assertRaises(JsonRpcException) as caught:
            self._call(self.buyer, "b2b.sale.list", "create", [{"name": "X", "partner_id": self.other_client.id}])
        self.assertIn("AccessError", str(caught.exception))
        self.product_none.b2b_catalog_published = False
        with self.assertRaises(JsonRpcException) as caught:
            self._call(
                self.buyer, "b2b.sale.list.line", "create", [{"list_id": new, "product_id": self.product_none.id}]
            )
        self.assertIn("ValidationError", str(caught.exception))
        with self.assertRaises(JsonRpcException):
            self._call(
                self.buyer,
                "b2b.sale.list.line",
                "create",
                [{"list_id": new, "product_id": self.product_a.id, "quantity": -4}],
            )
        self.assertFalse(self.env["b2b.sale.list"].browse(new).line_ids)

    def test_bad_ids_and_input_are_answered(self):
        self._login(self.buyer)
        for url in ("/my/b2b/lists/0", "/my/b2b/lists/99999999999", f"/my/b2b/lists/{self.sale_list.id}/export.pdf"):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        before = self._snapshot()
        line = self.sale_list.line_ids[0]
        for data in (
            {f"qty_{line.id}": "-3"},
            {f"qty_{line.id}": "nan"},
            {f"qty_{line.id}": "1e308"},
            {f"qty_{line.id}": "5", "name": ""},
            {f"qty_{line.id}": "5", "name": "x" * 81},
            {f"qty_{self.other_list.line_ids.id}": "5"},
        ):
            response = self._post(f"/my/b2b/lists/{self.sale_list.id}/update", data)
            self.assertEqual(response.status_code, 303, data)
        self.assertEqual(self._snapshot(), before)
        response = self._post(f"/my/b2b/lists/{self.sale_list.id}/import", {"lines_text": "T-A5\x00;1"})
        self.assertEqual(response.status_code, 303)
        response = self._post("/my/b2b/lists/add-product", {"product_id": "abc", "quantity": "1"})
        self.assertEqual(response.status_code, 303)
        response = self._post("/my/b2b/lists/create", {"name": "  "})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._snapshot(), before)
        self.assertEqual(self.env["b2b.sale.list"].search_count([("partner_id", "=", self.client.id)]), 1)
