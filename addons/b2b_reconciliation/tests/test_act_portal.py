from datetime import timedelta

from odoo import http
from odoo.tests import HttpCase, tagged

from .common import B2bActCommon, xlsx_cells

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@tagged("post_install", "-at_install")
class TestActPortal(B2bActCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["b2b_reconciliation"], ["ru_RU"], overwrite=True)
        cls._b2b_setup_books()
        cls._b2b_portal_users()
        cls.Act = cls.env["b2b.reconciliation.act"]
        cls.act = cls._b2b_class_act(cls.users["accountant"])
        cls.pending = cls.Act.create(
            {
                "partner_id": cls.client.id,
                "company_id": cls.entity.id,
                "date_from": cls.date_from,
                "date_to": cls.today,
                "requested_by_id": cls.users["admin"].id,
            }
        )
        cls.pending.access_token = "pending-token"

    @classmethod
    def _b2b_class_act(cls, requester):
        act = cls.env["b2b.reconciliation.act"].create(
            {
                "partner_id": cls.client.id,
                "company_id": cls.entity.id,
                "date_from": cls.date_from,
                "date_to": cls.date_to,
                "requested_by_id": requester.id,
            }
        )
        act._b2b_generate()
        return act

    def _login(self, who):
        if who == "anonymous":
            self.authenticate(None, None)
            return
        user = self.outsider if who == "other client" else self.users[who]
        self.authenticate(user.login, user.login)

    def _post_request(self, **values):
        data = {
            "csrf_token": http.Request.csrf_token(self),
            "date_from": str(self.date_from),
            "date_to": str(self.date_to),
            "company_id": str(self.entity.id),
        }
        data.update(values)
        return self.url_open("/my/b2b/acts/request", data=data, allow_redirects=False)

    def _download(self, fmt="xlsx", act=None, token=None):
        act = act or self.act
        token = act.access_token if token is None else token
        return self.url_open(f"/my/b2b/acts/{act.id}/{fmt}?access_token={token}", allow_redirects=False)

    def _acts_count(self):
        return self.Act.search_count([])

    # ------------------------------------------------------------------

    def test_list_page_per_role(self):
        expectations = {
            # who: (status, sees the act, sees the request form)
            "admin": (200, True, True),
            "accountant": (200, True, True),
            "viewer": (200, True, False),
            "buyer": (403, False, False),
            "other client": (200, False, True),
        }
        for who, (status, sees_act, sees_form) in expectations.items():
            with self.subTest(who=who):
                self._login(who)
                response = self.url_open("/my/b2b/acts", allow_redirects=False)
                self.assertEqual(response.status_code, status)
                self.assertEqual(f'data-act-id="{self.act.id}"' in response.text, sees_act)
                self.assertEqual("o_b2b_act_request" in response.text, sees_form)
                if sees_act:
                    self.assertIn("Акты сверки", response.text)
                    self.assertIn(f"/my/b2b/acts/{self.act.id}/pdf?access_token={self.act.access_token}", response.text)
                    self.assertIn("ООО «Поставщик-Тест»", response.text)
        self._login("anonymous")
        response = self.url_open("/my/b2b/acts", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_form_preselects_the_only_legal_entity(self):
        self.inv_entity_2.button_draft()
        self.inv_entity_2.unlink()
        self._login("admin")
        response = self.url_open("/my/b2b/acts")
        self.assertIn(f'<option value="{self.entity.id}" selected=', response.text)
        self.assertNotIn("Выберите…", response.text)

    def test_request_by_roles(self):
        before = self._acts_count()
        for who in ("admin", "accountant"):
            with self.subTest(who=who):
                self._login(who)
                response = self._post_request(date_to=str(self.date_to - timedelta(days=len(who))))
                self.assertEqual(response.status_code, 303)
                act = self.Act.search([("requested_by_id.login", "=", self.users[who].login)], limit=1)
                self.assertEqual(act.state, "requested")
                self.assertEqual(act.partner_id, self.client)
                self.assertEqual(act.company_id, self.entity)
        self.assertEqual(self._acts_count(), before + 2)
        # a replayed form does not queue the same act twice, and says so
        self._login("admin")
        response = self._post_request(date_to=str(self.date_to - timedelta(days=len("admin"))))
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self._acts_count(), before + 2)
        self.assertIn("уже заказан", self.url_open("/my/b2b/acts").text)
        for who in ("viewer", "buyer"):
            with self.subTest(who=who):
                self._login(who)
                response = self._post_request()
                self.assertEqual(response.status_code, 403)
        self._login("anonymous")
        response = self._post_request()
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertEqual(self._acts_count(), before + 2)

    def test_request_refusals(self):
        self._login("admin")
        before = self._acts_count()
        self.env["ir.config_parameter"].set_param("b2b_reconciliation.max_period_days", "100")
        cases = {
            "reversed": ({"date_from": str(self.date_to), "date_to": str(self.date_from)}, "не может быть позже"),
            "future": (
                {"date_from": str(self.today + timedelta(days=2)), "date_to": str(self.today + timedelta(days=9))},
                "в будущем",
            ),
            "too long": ({"date_from": str(self.today - timedelta(days=200))}, "не может быть длиннее 100"),
            "bad date": ({"date_from": "31.02.2026"}, "Введите даты"),
            "no date": ({"date_to": ""}, "Укажите дату начала и дату окончания"),
            "foreign entity": ({"company_id": str(self.env.company.id)}, "Выберите наше юридическое лицо"),
            "no entity": ({"company_id": ""}, "Выберите наше юридическое лицо"),
            # the form shown again with the error must not choke on the posted value either
            "entity not a number": ({"company_id": "abc"}, "Выберите наше юридическое лицо"),
            "entity beyond int4": ({"company_id": "9" * 400}, "Выберите наше юридическое лицо"),
        }
        for label, (values, message) in cases.items():
            with self.subTest(label):
                response = self._post_request(**values)
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
                self.assertIn("o_b2b_act_error", response.text)
        self.assertEqual(self._acts_count(), before)
        # another client's admin cannot request an act with our legal entity's books of someone else
        self._login("other client")
        response = self._post_request(company_id=str(self.entity_2.id))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._acts_count(), before)

    def test_request_over_the_cap_of_waiting_acts(self):
        # the class's pending act waits already: with a cap of 2, one more may be asked, then no more
        self.env["ir.config_parameter"].set_param("b2b_reconciliation.max_open_requests", "2")
        self._login("accountant")
        before = self._acts_count()
        self.assertEqual(self._post_request(date_to=str(self.date_to - timedelta(days=1))).status_code, 303)
        response = self._post_request(date_to=str(self.date_to - timedelta(days=2)))
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_b2b_act_error", response.text)
        self.assertIn("уже формируется актов: 2", response.text)
        self.assertEqual(self._acts_count(), before + 1)

    def test_downloads_per_role(self):
        for who in ("admin", "accountant", "viewer"):
            with self.subTest(who=who):
                self._login(who)
                response = self._download("xlsx")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.headers["Content-Type"], XLSX_MIMETYPE)
                self.assertIn("attachment", response.headers["Content-Disposition"])
                self.assertIn(3300.0, xlsx_cells(response.content).values())
                response = self._download("pdf")
                self.assertEqual(response.status_code, 200)
                self.assertIn(".pdf", response.headers["Content-Disposition"])
        refused = {"buyer": 403, "other client": 404}
        for who, status in refused.items():
            with self.subTest(who=who):
                self._login(who)
                for fmt in ("pdf", "xlsx"):
                    response = self._download(fmt)
                    self.assertEqual(response.status_code, status)
                    self.assertNotEqual(response.content[:2], b"PK")
        self._login("anonymous")
        response = self._download("xlsx")
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_download_needs_the_token_and_a_done_act(self):
        self._login("admin")
        self.assertEqual(self._download(token="").status_code, 404)
        self.assertEqual(self._download(token="wrong").status_code, 404)
        self.assertEqual(self._download(fmt="docx").status_code, 404)
        self.assertEqual(self._download(act=self.pending).status_code, 404)
        self.assertEqual(self.url_open("/my/b2b/acts/999999/xlsx?access_token=x").status_code, 404)

    def test_ids_that_are_not_ids_are_not_found(self):
        self._login("admin")
        for bad in ("99999999999", "0", "abc"):
            for fmt in ("pdf", "xlsx"):
                with self.subTest(act=bad, fmt=fmt):
                    url = f"/my/b2b/acts/{bad}/{fmt}?access_token={self.act.access_token}"
                    self.assertEqual(self.url_open(url, allow_redirects=False).status_code, 404)

    def test_home_counter(self):
        expectations = {"admin": 2, "accountant": 2, "viewer": 2, "buyer": 0, "other client": 0}
        for who, count in expectations.items():
            with self.subTest(who=who):
                self._login(who)
                result = self.make_jsonrpc_request("/my/counters", {"counters": ["b2b_act_count"]})
                self.assertEqual(result["b2b_act_count"], count)
                # the page's script writes every key of the answer into a counter: nothing else
                self.assertFalse([key for key in result if key.startswith("b2b_") and key != "b2b_act_count"])
        self._login("accountant")
        home = self.url_open("/my").text
        self.assertIn('data-placeholder_count="b2b_act_count"', home)
        self.assertIn("/my/b2b/acts", home)
        self._login("buyer")
        self.assertNotIn('data-placeholder_count="b2b_act_count"', self.url_open("/my").text)

    def test_real_pdf(self):
        self.env["ir.config_parameter"].set_param("report.url", self.base_url())
        act = self.act.with_context(force_report_rendering=True)
        pdf = act._b2b_render_pdf(act._b2b_build_data())
        self.assertTrue(pdf.startswith(b"%PDF"))
        act.pdf_attachment_id.raw = pdf
        self._login("viewer")
        response = self._download("pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.content.startswith(b"%PDF"))

    def test_tour_request_and_download(self):
        self.inv_entity_2.button_draft()
        self.inv_entity_2.unlink()
        (self.act | self.pending).unlink()
        self.start_tour("/my/b2b/acts", "b2b_reconciliation_request_act", login=self.users["accountant"].login)
        act = self.Act.search([("requested_by_id", "=", self.users["accountant"].id)])
        self.assertEqual(len(act), 1)
        self.assertEqual(act.state, "requested")
        self.Act._cron_generate_acts()
        self.assertEqual(act.state, "done")
        self.start_tour("/my/b2b/acts", "b2b_reconciliation_download_act", login=self.users["accountant"].login)

    def test_list_queries_do_not_grow_with_acts(self):
        self._login("viewer")

        def queries():
            self.url_open("/my/b2b/acts")  # warm up caches
            before = self.cr.sql_log_count
            self.assertEqual(self.url_open("/my/b2b/acts").status_code, 200)
            return self.cr.sql_log_count - before

        few = queries()
        self.assertGreater(few, 0)
        for _i in range(8):
            done = self._b2b_class_act(self.users["admin"])
            self.assertEqual(done.state, "done")
        self.assertLessEqual(queries(), few)
