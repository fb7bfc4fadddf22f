import base64
import io

import xlsxwriter

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import B2bActCommon

PDF = b"%PDF-1.4\n% act made in 1C\n%%EOF\n"


def xlsx_bytes():
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    workbook.add_worksheet().write(0, 0, "Акт сверки из 1С")
    workbook.close()
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestActByAccounting(B2bActCommon, HttpCase):
    """The books kept in an external accounting system (1C): the act is made there, the request
    is a to-do for the manager, who attaches the files; the client is told and downloads them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["b2b_reconciliation"], ["ru_RU"], overwrite=True)
        cls._b2b_setup_books()
        cls._b2b_portal_users()
        cls.env["ir.config_parameter"].set_param("b2b_portal.external_accounting_master", "1")
        cls.manager = new_test_user(cls.env, "act-manager", groups="base.group_user,b2b_portal.group_b2b_manager")
        cls.manager.company_ids |= cls.entity  # the manager works for the legal entity of the act
        cls.client.user_id = cls.manager

    def _request(self, user):
        self.authenticate(user.login, user.login)
        return self.url_open(
            "/my/b2b/acts/request",
            data={
                "csrf_token": http.Request.csrf_token(self),
                "date_from": str(self.date_from),
                "date_to": str(self.date_to),
                "company_id": str(self.entity.id),
            },
            allow_redirects=False,
        )

    def test_request_todo_attach_notify_download(self):
        user = self.users["accountant"]
        self.authenticate(user.login, user.login)
        page = self.url_open("/my/b2b/acts").text
        self.assertIn("o_b2b_act_by_accounting", page)
        self.assertIn("Акт готовит наша бухгалтерия", page)
        self.assertEqual(self._request(user).status_code, 303)
        act = self.env["b2b.reconciliation.act"].search([("partner_id", "=", self.client.id)])
        self.assertEqual(len(act), 1)
        self.assertTrue(act.prepared_by_accounting)
        # the job does not generate it from Odoo's (empty) ledger
        self.env.ref("b2b_reconciliation.ir_cron_b2b_reconciliation_act").method_direct_trigger()
        self.assertEqual(act.state, "requested")
        self.assertFalse(act.pdf_attachment_id)
        todo = act.activity_ids
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.manager)
        self.assertEqual(todo.activity_type_id, self.env.ref("mail.mail_activity_data_todo"))
        self.assertIn("Готовится бухгалтерией", self.url_open("/my/b2b/acts").text)
        # nothing is downloadable before the files come
        self.assertEqual(self.url_open(f"/my/b2b/acts/{act.id}/pdf?access_token={act.access_token}").status_code, 404)

        # bad files: refused with a message, nothing changes
        Wizard = self.env["b2b.reconciliation.act.attach"].with_user(self.manager)
        for values in ({}, {"pdf_file": base64.b64encode(b"not a pdf")}, {"xlsx_file": base64.b64encode(b"<xml/>")}):
            with self.subTest(values=list(values)), self.assertRaises(UserError):
                Wizard.create({"act_id": act.id, **values}).action_attach()
        self.assertEqual(act.state, "requested")
        self.assertFalse(self.env["ir.attachment"].search([("res_model", "=", act._name), ("res_id", "=", act.id)]))

        mails_before = self.env["mail.mail"].search_count([("model", "=", act._name), ("res_id", "=", act.id)])
        Wizard.create(
            {
                "act_id": act.id,
                "pdf_file": base64.b64encode(PDF),
                "pdf_filename": "Акт сверки.pdf",
                "xlsx_file": base64.b64encode(xlsx_bytes()),
                "xlsx_filename": "../../Акт сверки.xlsx",
            }
        ).action_attach()
        self.assertEqual(act.state, "done")
        self.assertFalse(act.activity_ids)  # the to-do is done
        self.assertEqual(act.pdf_attachment_id.name, "Акт сверки.pdf")
        self.assertNotIn("/", act.xlsx_attachment_id.name)
        mails = self.env["mail.mail"].search([("model", "=", act._name), ("res_id", "=", act.id)])
        self.assertEqual(len(mails), mails_before + 1)
        self.assertTrue(any(user.partner_id in (mail.recipient_ids | mail.partner_ids) for mail in mails))
        # the client downloads it as today
        response = self.url_open(f"/my/b2b/acts/{act.id}/pdf?access_token={act.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, PDF)
        self.assertEqual(
            self.url_open(f"/my/b2b/acts/{act.id}/xlsx?access_token={act.access_token}").content[:2], b"PK"
        )
        # attached once: a second attach is refused
        with self.assertRaises(UserError):
            Wizard.create({"act_id": act.id, "pdf_file": base64.b64encode(PDF)}).action_attach()

    def test_client_cannot_attach(self):
        act = self._b2b_act(requested_by_id=self.users["admin"].id)
        self.assertTrue(act.prepared_by_accounting)
        portal = self.users["admin"]
        with self.assertRaises(AccessError):
            self.env["b2b.reconciliation.act.attach"].with_user(portal).create(
                {"act_id": act.id, "pdf_file": base64.b64encode(PDF)}
            )
        self.assertEqual(act.state, "requested")

    def test_client_without_entries_can_request(self):
        # Odoo's ledger is empty when 1C keeps the books: the client still gets a legal entity
        newcomer = self._b2b_make_client("ООО «Новичок»")
        entities = self.env["b2b.reconciliation.act"]._b2b_legal_entities(newcomer)
        self.assertTrue(entities)
        self.env["ir.config_parameter"].set_param("b2b_portal.external_accounting_master", False)
        self.assertFalse(self.env["b2b.reconciliation.act"]._b2b_legal_entities(newcomer))
