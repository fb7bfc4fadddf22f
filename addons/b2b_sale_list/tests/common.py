from odoo import http
from odoo.addons.b2b_sale.tests.test_order_reservation import B2bOrderCommon


class B2bListCommon(B2bOrderCommon):
    @classmethod
    def _b2b_list_setup(cls):
        cls._b2b_order_setup()
        cls.admin = cls.client_users["admin"]
        cls.sale_list = cls.env["b2b.sale.list"].create(
            {
                "name": "Еженедельный",
                "partner_id": cls.client.id,
                "line_ids": [
                    (0, 0, {"product_id": cls.product_a.id, "quantity": 30}),
                    (0, 0, {"product_id": cls.product_b.id, "quantity": 200}),
                ],
            }
        )
        cls.other_list = cls.env["b2b.sale.list"].create(
            {
                "name": "Чужой",
                "partner_id": cls.other_client.id,
                "line_ids": [(0, 0, {"product_id": cls.product_a.id, "quantity": 1})],
            }
        )

    def _login(self, user):
        self.authenticate(user.login, user.login) if user else self.authenticate(None, None)

    def _post(self, url, data=None, files=None):
        data = dict(data or {}, csrf_token=http.Request.csrf_token(self))
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def _call(self, user, model, method, *args, **kwargs):
        self._login(user)
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw", {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        )

    def _draft(self, user):
        return self.env["sale.order"]._b2b_draft_for_user(user).sudo()

    def _quantities(self, record):
        lines = record.sudo().order_line if record._name == "sale.order" else record.line_ids
        field = "product_uom_qty" if record._name == "sale.order" else "quantity"
        return {line.product_id.default_code: line[field] for line in lines}
