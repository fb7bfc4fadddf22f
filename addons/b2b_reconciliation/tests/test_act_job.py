from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import B2bActCommon, xlsx_cells


@tagged("post_install", "-at_install")
class TestActJob(B2bActCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup_books()
        cls._b2b_portal_users()
        cls.Act = cls.env["b2b.reconciliation.act"]

    def _attachments(self, act):
        return self.env["ir.attachment"].search([("res_model", "=", act._name), ("res_id", "=", act.id)])

    def _mails(self, act):
        return self.env["mail.mail"].search([("model", "=", act._name), ("res_id", "=", act.id)])

    def test_job_generates_files_and_mails_the_requester(self):
        requester = self.users["accountant"]
        act = self._b2b_act(requested_by_id=requester.id)
        self.assertEqual(act.state, "requested")
        self.assertFalse(self._attachments(act))
        done = self.Act._cron_generate_acts()
        self.assertIn(act, done)
        self.assertEqual(act.state, "done")
        self.assertEqual(
            (act.opening_balance, act.debit_total, act.credit_total, act.closing_balance),
            (800.0, 6300.0, 3800.0, 3300.0),
        )
        self.assertEqual(act.line_count, 7)
        self.assertEqual(self._attachments(act), act.pdf_attachment_id | act.xlsx_attachment_id)
        self.assertTrue(act.pdf_attachment_id.name.endswith(".pdf"))
        self.assertTrue(act.xlsx_attachment_id.name.startswith("Акт сверки"))
        self.assertEqual(
            act.xlsx_attachment_id.mimetype, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        cells = xlsx_cells(act.xlsx_attachment_id.raw)
        self.assertIn(3300.0, cells.values())
        self.assertTrue(act.access_token)
        mail = self._mails(act)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, requester.partner_id)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn("/my/b2b/acts", mail.body_html)
        self.assertIn(act.partner_id.name, mail.subject)

    def test_failure_leaves_no_files_and_can_be_retried(self):
        act = self._b2b_act(requested_by_id=self.users["admin"].id)
        report = self.env.ref("b2b_reconciliation.b2b_reconciliation_act_report")
        report_name = report.report_name
        report.report_name = "b2b_reconciliation.no_such_template"
        with mute_logger("odoo.addons.b2b_reconciliation.models.b2b_reconciliation_act"):
            self.Act._cron_generate_acts()
        self.assertEqual(act.state, "failed")
        self.assertIn("Не удалось сформировать акт", act.failure_reason)  # in the requester's language
        self.assertIn("no_such_template", act.failure_reason)
        self.assertFalse(self._attachments(act))
        self.assertFalse(act.pdf_attachment_id or act.xlsx_attachment_id)
        self.assertFalse(self._mails(act))
        self.assertEqual(act.closing_balance, 0.0)
        # a failed act is not picked up again on its own
        self.assertNotIn(act, self.Act._cron_generate_acts())
        report.report_name = report_name
        act.action_retry()
        self.assertEqual(act.state, "requested")
        self.assertFalse(act.failure_reason)
        self.Act._cron_generate_acts()
        self.assertEqual(act.state, "done")
        self.assertEqual(len(self._attachments(act)), 2)
        self.assertEqual(len(self._mails(act)), 1)

    def test_job_works_in_batches(self):
        first = self._b2b_act(requested_by_id=self.users["admin"].id)
        second = self._b2b_act(requested_by_id=self.users["viewer"].id, date_to=self.today)
        self.assertEqual(self.Act._cron_generate_acts(batch_size=1), first)
        self.assertEqual((first.state, second.state), ("done", "requested"))
        self.Act._cron_generate_acts()
        self.assertEqual(second.state, "done")
        self.assertEqual(second.closing_balance, 3550.0)
