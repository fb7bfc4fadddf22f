"""The role table holds through the ORM too: JSON-RPC `/web/dataset/call_kw` as each user."""

from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import B2bWaybillCommon


@tagged("post_install", "-at_install")
class TestWaybillRpcRights(B2bWaybillCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_waybill_setup()
        product = cls._b2b_waybill_product("Блок RPC", 10, code="WB-RPC")
        cls.order = cls._b2b_make_order(cls.client, [(product, 10)])
        cls.waybill = cls.order.sudo()._b2b_issue_waybill({cls.order.order_line.id: 4}, user=cls.buyer)

    def _call(self, login, model, method, *args, **kwargs):
        self.authenticate(login, login)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _snapshot(self):
        self.waybill.invalidate_recordset()
        return (
            self.waybill.state,
            self.waybill.date_expiry,
            self.waybill.sale_order_id,
            self.waybill.line_ids.mapped("quantity"),
            self.waybill.line_ids.mapped("quantity_collected"),
        )

    def test_storekeeper_reads_but_cannot_write(self):
        before = self._snapshot()
        rows = self._call(
            self.storekeeper.login, "b2b.waybill", "search_read", [("id", "=", self.waybill.id)], ["name"]
        )
        self.assertEqual([row["id"] for row in rows], self.waybill.ids)
        other_order = self._b2b_make_order(self.client, [(self._b2b_waybill_product("Другой", 5), 5)])
        writes = [
            ("b2b.waybill", [self.waybill.id], {"state": "collected"}),
            ("b2b.waybill", [self.waybill.id], {"date_expiry": "2099-01-01"}),
            ("b2b.waybill", [self.waybill.id], {"sale_order_id": other_order.id}),
            ("b2b.waybill.line", self.waybill.line_ids.ids, {"quantity": 10}),
            ("b2b.waybill.line", self.waybill.line_ids.ids, {"quantity_collected": 4}),
        ]
        for model, ids, values in writes:
            with self.subTest(model=model, values=values), self.assertRaises(JsonRpcException) as caught:
                self._call(self.storekeeper.login, model, "write", ids, values)
            self.assertIn("AccessError", str(caught.exception))
        with self.assertRaises(JsonRpcException):
            self._call(self.storekeeper.login, "b2b.waybill", "action_cancel", [self.waybill.id])
        self.assertEqual(self._snapshot(), before)

    def test_client_roles_follow_the_table(self):
        domain = [("id", "=", self.waybill.id)]
        for role, sees in (("admin", True), ("buyer", True), ("viewer", True), ("accountant", False)):
            login = self.users[role].login
            with self.subTest(role=role):
                rows = self._call(login, "b2b.waybill", "search_read", domain, ["name"])
                lines = self._call(login, "b2b.waybill.line", "search_read", [("waybill_id", "=", self.waybill.id)], [])
                self.assertEqual(bool(rows), sees)
                self.assertEqual(bool(lines), sees)
                if not sees:
                    with self.assertRaises(JsonRpcException):
                        self._call(login, "b2b.waybill", "read", [self.waybill.id], ["name"])
        rows = self._call(self.other_admin.login, "b2b.waybill", "search_read", domain, ["name"])
        self.assertEqual(rows, [], "another client sees nothing")
