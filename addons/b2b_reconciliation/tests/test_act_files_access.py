import json

from odoo.tests import HttpCase, tagged

from .common import B2bActCommon


@tagged("post_install", "-at_install")
class TestActFilesAccess(B2bActCommon, HttpCase):
    """The act's PDF and XLSX follow the act's download route: a client's user gets them through
    /my/b2b/acts/<id>/<format> with the act's token, never through Odoo's generic file routes or
    the ORM; staff read them as the act's access rights allow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup_books()
        cls._b2b_portal_users()
        cls.act = cls.env["b2b.reconciliation.act"].create(
            {
                "partner_id": cls.client.id,
                "company_id": cls.entity.id,
                "date_from": cls.date_from,
                "date_to": cls.date_to,
                "requested_by_id": cls.users["accountant"].id,
            }
        )
        cls.act._b2b_generate()
        cls.storekeeper = cls._b2b_make_staff("storekeeper")
        cls.manager = cls._b2b_make_staff("manager")
        cls.manager.company_ids |= cls.entity  # the act's legal entity is one the manager works in
        cls.attachments = cls.act.pdf_attachment_id | cls.act.xlsx_attachment_id

    def _login(self, who):
        if who == "anonymous":
            self.authenticate(None, None)
            return None
        user = {"other client": self.outsider, "storekeeper": self.storekeeper, "manager": self.manager}.get(who)
        user = user or self.users[who]
        self.authenticate(user.login, user.login)
        return user

    def _rpc(self, model, method, args, kwargs=None):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        }
        response = self.url_open(
            "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        return response.json()

    def _file_urls(self):
        act = self.act
        urls = []
        for attachment in self.attachments:
            urls += [
                f"/web/content/{attachment.id}",
                f"/web/content/{attachment.id}?download=true",
                f"/web/content/ir.attachment/{attachment.id}/datas",
                f"/web/content/ir.attachment/{attachment.id}/raw",
                f"/web/content/{attachment.id}?access_token={act.access_token}",
                f"/web/image/{attachment.id}",
                f"/web/image/ir.attachment/{attachment.id}/datas",
            ]
        for field in ("pdf_file", "xlsx_file"):
            urls += [
                f"/web/content/b2b.reconciliation.act/{act.id}/{field}",
                f"/web/content/b2b.reconciliation.act/{act.id}/{field}?access_token={act.access_token}",
                f"/web/image/b2b.reconciliation.act/{act.id}/{field}",
                f"/web/content?model=b2b.reconciliation.act&id={act.id}&field={field}",
            ]
        return urls

    def test_generic_file_routes_refuse_everyone_but_staff(self):
        self.assertTrue(self.attachments and len(self.attachments) == 2)
        # under --test-enable the "PDF" is the report's HTML: look for the act's table in it
        self.assertIn(b"o_b2b_act_table", self.act.pdf_attachment_id.raw)
        for who in ("admin", "buyer", "accountant", "viewer", "other client", "anonymous", "storekeeper"):
            self._login(who)
            for url in self._file_urls():
                with self.subTest(who=who, url=url):
                    response = self.url_open(url, allow_redirects=False)
                    if url.startswith("/web/image"):  # Odoo answers a placeholder image
                        self.assertIn(response.status_code, (200, 303, 403, 404))
                    else:
                        self.assertIn(response.status_code, (303, 403, 404), response.text[:200])
                    self.assertNotIn(b"o_b2b_act_table", response.content)
                    self.assertNotIn(b"PK\x03\x04", response.content)
        # the act's route still serves the client's roles that see acts, with the token
        for who in ("admin", "accountant", "viewer"):
            self._login(who)
            url = f"/my/b2b/acts/{self.act.id}/xlsx?access_token={self.act.access_token}"
            self.assertEqual(self.url_open(url).content[:4], b"PK\x03\x04", who)
        # a B2B manager still downloads the files in the back office
        self._login("manager")
        response = self.url_open(f"/web/content/{self.act.xlsx_attachment_id.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content[:4], b"PK\x03\x04")

    def test_rpc_refuses_the_files(self):
        fields = ["pdf_file", "xlsx_file", "pdf_attachment_id", "xlsx_attachment_id", "pdf_filename"]
        for who in ("admin", "buyer", "accountant", "viewer", "other client", "storekeeper"):
            self._login(who)
            with self.subTest(who=who, call="act read"):
                result = self._rpc("b2b.reconciliation.act", "read", [self.act.ids, fields])
                self.assertIn("error", result, str(result)[:300])
            with self.subTest(who=who, call="act search_read"):
                result = self._rpc("b2b.reconciliation.act", "search_read", [[]], {"fields": fields})
                self.assertIn("error", result, str(result)[:300])
            with self.subTest(who=who, call="act read of every field"):
                result = self._rpc("b2b.reconciliation.act", "search_read", [[]], {})
                self.assertNotIn("UEsDB", str(result))  # base64 of an XLSX (zip) file
                self.assertNotIn("o_b2b_act", str(result))
            for method, args, kwargs in (
                ("read", [self.attachments.ids, ["datas", "raw", "name"]], {}),
                ("search_read", [[("res_model", "=", "b2b.reconciliation.act")]], {"fields": ["datas", "name"]}),
                ("search_read", [[("id", "in", self.attachments.ids)]], {"fields": ["datas"]}),
                ("search_count", [[("res_model", "=", "b2b.reconciliation.act")]], {}),
            ):
                with self.subTest(who=who, call=f"ir.attachment {method}"):
                    result = self._rpc("ir.attachment", method, args, kwargs)
                    self.assertTrue("error" in result or not result.get("result"), str(result)[:300])
        # the act itself (without its files) stays readable by the roles that see acts
        self._login("viewer")
        result = self._rpc("b2b.reconciliation.act", "read", [self.act.ids, ["state", "closing_balance"]])
        self.assertEqual(result["result"][0]["state"], "done")
        # staff with the act's rights read the files
        self._login("manager")
        result = self._rpc("b2b.reconciliation.act", "read", [self.act.ids, ["xlsx_filename"]])
        self.assertTrue(result["result"][0]["xlsx_filename"].endswith(".xlsx"))
        result = self._rpc("ir.attachment", "search_read", [[("id", "in", self.attachments.ids)]], {"fields": ["name"]})
        self.assertEqual(len(result["result"]), 2)
