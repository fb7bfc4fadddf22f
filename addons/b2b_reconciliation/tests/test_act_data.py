import io
import zipfile
from datetime import timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from .common import B2bActCommon, xlsx_cells


@tagged("post_install", "-at_install")
class TestActData(B2bActCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup_books()
        cls.env["res.lang"]._activate_lang("ru_RU")
        cls.env["ir.module.module"]._load_module_terms(["b2b_reconciliation"], ["ru_RU"], overwrite=True)

    def test_balances_agree_with_the_books(self):
        act = self._b2b_act()
        data = act._b2b_build_data()
        self.assertEqual(data["opening_balance"], self.expected["opening"])
        self.assertEqual(data["debit_total"], self.expected["debit"])
        self.assertEqual(data["credit_total"], self.expected["credit"])
        self.assertEqual(data["closing_balance"], self.expected["closing"])
        # the invariant, and the rows add up to the totals
        self.assertAlmostEqual(
            data["opening_balance"] + data["debit_total"] - data["credit_total"], data["closing_balance"], places=2
        )
        self.assertAlmostEqual(sum(row["debit"] for row in data["rows"]), data["debit_total"], places=2)
        self.assertAlmostEqual(sum(row["credit"] for row in data["rows"]), data["credit_total"], places=2)
        # closing = the client's ledger balance at the end date for that legal entity
        self.assertAlmostEqual(data["closing_balance"], self._b2b_ledger_balance(self.date_to), places=2)
        self.assertAlmostEqual(
            data["opening_balance"], self._b2b_ledger_balance(self.date_from - timedelta(days=1)), places=2
        )
        self.assertEqual(data["closing_side"], "client_owes")

    def test_closing_agrees_with_partner_receivable_and_payable(self):
        """Up to today, the act's closing equals Odoo's own partner credit (receivable) less debit (payable)."""
        act = self._b2b_act(date_to=self.today)
        data = act._b2b_build_data()
        self.assertEqual(data["closing_balance"], self.expected["closing"] + 250.0)
        client = self.client.with_company(self.entity)
        client.invalidate_recordset(["credit", "debit"])
        self.assertAlmostEqual(data["closing_balance"], client.credit - client.debit, places=2)

    def test_rows_list_the_period_documents_only(self):
        data = self._b2b_act()._b2b_build_data()
        numbers = [row["number"] for row in data["rows"]]
        payments = (self.pay_partial | self.pay_old).move_id
        expected_moves = self.inv_1 | self.refund_1 | payments | self.bill_1 | self.inv_2 | self.inv_contact
        self.assertEqual([row["move_id"] for row in data["rows"]], [m.id for m in expected_moves.sorted("date")])
        for excluded in self.inv_old | self.bill_old | self.inv_after | self.inv_entity_2 | self.inv_other:
            self.assertNotIn(excluded.name, numbers)
        self.assertNotIn(self.inv_draft.id, [row["move_id"] for row in data["rows"]])
        by_move = {row["move_id"]: row for row in data["rows"]}
        self.assertEqual(by_move[self.inv_1.id]["debit"], 5000.0)
        self.assertEqual(by_move[self.refund_1.id]["credit"], 500.0)
        self.assertEqual(by_move[self.pay_partial.move_id.id]["credit"], 2000.0)
        self.assertEqual(by_move[self.bill_1.id]["credit"], 300.0)
        kinds = self.env["report.b2b_reconciliation.report_reconciliation_act"]._b2b_document_kinds()
        self.assertEqual(by_move[self.pay_partial.move_id.id]["kind"], kinds["payment"])
        self.assertEqual(by_move[self.refund_1.id]["kind"], kinds["out_refund"])
        self.assertEqual(by_move[self.inv_1.id]["number"], self.inv_1.name)

    def test_sides_and_amount_in_words_in_russian(self):
        act = self._b2b_act().with_context(lang="ru_RU")
        data = act._b2b_build_data()
        self.assertEqual(data["amount_in_words"], "три тысячи триста рублей 00 копеек")
        self.assertIn("ООО «Клиент-Тест»", data["conclusion"])
        self.assertIn("три тысячи триста рублей", data["conclusion"])
        self.assertTrue(
            data["conclusion"].index("ООО «Клиент-Тест»") < data["conclusion"].index("ООО «Поставщик-Тест»")
        )
        self.assertEqual(data["title"], "Акт сверки")
        # the distributor owes the client once a large credit note is posted
        self._b2b_invoice("out_refund", 10000, self.date_to)
        data = act._b2b_build_data()
        self.assertEqual(data["closing_balance"], 3300.0 - 10000.0)
        self.assertEqual(data["closing_side"], "company_owes")
        self.assertEqual(data["amount_in_words"], "шесть тысяч семьсот рублей 00 копеек")
        self.assertTrue(
            data["conclusion"].index("ООО «Поставщик-Тест»") < data["conclusion"].index("ООО «Клиент-Тест»")
        )

    def test_nothing_owed(self):
        quiet = self._b2b_make_client("ООО «Тишина»")
        data = self._b2b_act(partner_id=quiet.id)._b2b_build_data()
        self.assertEqual((data["opening_balance"], data["debit_total"], data["closing_balance"]), (0.0, 0.0, 0.0))
        self.assertEqual(data["rows"], [])
        self.assertEqual(data["closing_side"], "settled")

    def test_xlsx_has_the_same_figures(self):
        act = self._b2b_act().with_context(lang="ru_RU")
        data = act._b2b_build_data()
        cells = xlsx_cells(act._b2b_render_xlsx(data))
        by_label = {value: row for (row, column), value in cells.items() if column == 0 and isinstance(value, str)}
        opening = by_label["Сальдо начальное"]
        turnover = by_label["Обороты за период"]
        closing = by_label["Сальдо конечное"]
        self.assertEqual(cells[(opening, 2)], 800.0)
        self.assertEqual((cells[(turnover, 2)], cells[(turnover, 3)]), (6300.0, 3800.0))
        # the client's mirror columns
        self.assertEqual((cells[(turnover, 4)], cells[(turnover, 5)]), (3800.0, 6300.0))
        self.assertEqual((cells[(closing, 2)], cells[(closing, 5)]), (3300.0, 3300.0))
        document_rows = range(opening + 1, turnover)
        self.assertEqual(len(document_rows), len(data["rows"]))
        self.assertEqual(sum(cells.get((row, 2), 0.0) for row in document_rows), 6300.0)
        self.assertEqual(sum(cells.get((row, 3), 0.0) for row in document_rows), 3800.0)
        self.assertTrue(any(self.inv_1.name in str(cells.get((row, 1))) for row in document_rows))
        # the client's mirror columns on every document row
        for row in document_rows:
            self.assertEqual(cells.get((row, 2)), cells.get((row, 5)))
            self.assertEqual(cells.get((row, 3)), cells.get((row, 4)))
        self.assertIn(data["conclusion"], cells.values())

    def test_xlsx_writes_names_as_text(self):
        """A client registered as a formula reaches the accountant's spreadsheet as text."""
        name = '=HYPERLINK("http://evil.example","Click")'
        hostile = self.env["res.partner"].create({"name": name, "is_company": True, "b2b_is_client": True})
        act = self._b2b_act(partner_id=hostile.id)
        content = act._b2b_render_xlsx(act._b2b_build_data())
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet)
        self.assertIn(name, xlsx_cells(content).values())

    def test_pdf_html_shows_both_sides_and_signatures(self):
        act = self._b2b_act()
        html, _format = (
            self.env["ir.actions.report"]
            .with_context(lang="ru_RU")
            ._render_qweb_html("b2b_reconciliation.b2b_reconciliation_act_report", act.ids)
        )
        html = html.decode()
        self.assertIn("Акт сверки", html)
        self.assertIn("По данным ООО «Поставщик-Тест»", html)
        self.assertIn("По данным ООО «Клиент-Тест»", html)
        self.assertIn(self.inv_1.name, html)
        self.assertNotIn(self.inv_after.name, html)
        self.assertIn("6\xa0300,00", html.replace(" ", "\xa0"))
        self.assertIn("три тысячи триста рублей", html)
        self.assertEqual(html.count("От имени"), 2)

    def test_refusals_create_nothing(self):
        Act = self.env["b2b.reconciliation.act"]
        before = Act.search_count([])
        cases = {
            "reversed": (self.date_to, self.date_from),
            "future start": (self.today + timedelta(days=1), self.today + timedelta(days=5)),
        }
        for label, (date_from, date_to) in cases.items():
            with self.subTest(label), self.assertRaises(ValidationError):
                self._b2b_act(date_from=date_from, date_to=date_to)
        self.env["ir.config_parameter"].set_param("b2b_reconciliation.max_period_days", "31")
        with self.assertRaisesRegex(ValidationError, "31"):
            self._b2b_act(date_from=self.today - timedelta(days=40), date_to=self.today)
        self.assertEqual(Act.search_count([]), before)
        # 31 days exactly are allowed
        self._b2b_act(date_from=self.today - timedelta(days=30), date_to=self.today)
        self.assertEqual(Act.search_count([]), before + 1)

    def test_refusal_in_russian(self):
        Act = self.env["b2b.reconciliation.act"].with_context(lang="ru_RU")
        with self.assertRaisesRegex(ValidationError, "Дата начала не может быть позже даты окончания"):
            Act.create(
                {
                    "partner_id": self.client.id,
                    "company_id": self.entity.id,
                    "date_from": self.date_to,
                    "date_to": self.date_from,
                }
            )
        with self.assertRaisesRegex(ValidationError, "в будущем"):
            Act._b2b_check_period(self.today + timedelta(days=1), self.today + timedelta(days=2))

    def test_legal_entities_of_a_client(self):
        Act = self.env["b2b.reconciliation.act"]
        self.assertEqual(Act._b2b_legal_entities(self.client), self.entity | self.entity_2)
        self.assertEqual(Act._b2b_legal_entities(self.client_contact), self.entity | self.entity_2)
        self.assertEqual(Act._b2b_legal_entities(self.other_client), self.entity)
        if "b2b.contract" in self.env:  # b2b_pricing: a contract without entries yet counts too
            self.env["b2b.contract"].create(
                {"name": "Д-1", "partner_id": self.other_client.id, "company_id": self.entity_2.id}
            )
            self.assertEqual(Act._b2b_legal_entities(self.other_client), self.entity | self.entity_2)

    def test_backend_request_from_client_form(self):
        manager = self._b2b_make_staff("manager")
        manager.company_ids |= self.entity
        billing = self._b2b_make_staff("accountant")
        billing.company_ids |= self.entity
        cron = self.env.ref("b2b_reconciliation.ir_cron_b2b_reconciliation_act")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        for user, days_back in ((manager, 0), (billing, 1)):
            with self.subTest(user=user.login):
                action = self.client.with_user(user).with_company(self.entity).action_b2b_request_act()
                self.assertEqual(action["res_model"], "b2b.reconciliation.act")
                Act = self.env["b2b.reconciliation.act"].with_user(user).with_company(self.entity)
                form = Form(Act.with_context(**action["context"]), view=action["views"][0][0])
                self.assertEqual(form.partner_id, self.client)
                self.assertEqual(form.company_id, self.entity)
                form.date_to -= timedelta(days=days_back)  # one waiting act per period
                act = form.save()
                self.assertEqual(act.state, "requested")
                self.assertEqual(act.requested_by_id, user)
        self.assertEqual(self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 2)
        clerk = self._b2b_make_staff("clerk")
        with self.assertRaises(AccessError):
            self.env["b2b.reconciliation.act"].with_user(clerk).create(
                {
                    "partner_id": self.client.id,
                    "company_id": self.env.company.id,
                    "date_from": self.date_from,
                    "date_to": self.date_to,
                }
            )
        self.assertEqual(self.client.with_user(manager).b2b_act_count, 2)

    def test_partner_is_the_commercial_partner(self):
        act = self._b2b_act(partner_id=self.client_contact.id)
        self.assertEqual(act.partner_id, self.client)
