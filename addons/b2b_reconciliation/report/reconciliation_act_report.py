"""The reconciliation act's data builder: one plain structure for the PDF (this QWeb report)
and the XLSX (reconciliation_act_xlsx.py), as OCA's partner_statement builds its statements."""

from odoo import _, api, models
from odoo.tools import SQL, format_date, formatLang

from ..models.b2b_reconciliation_act import ACT_ACCOUNT_TYPES


class ReportReconciliationAct(models.AbstractModel):
    """Values of the PDF act: the data builder's structure, built once per act."""

    _name = "report.b2b_reconciliation.report_reconciliation_act"
    _description = "Reconciliation act report"

    @api.model
    def _get_report_values(self, docids, data=None):
        acts = self.env["b2b.reconciliation.act"].browse(docids)
        prebuilt = (data or {}).get("b2b_act_data") or {}
        act_data = {act.id: prebuilt.get(act.id) or self._b2b_build_data(act) for act in acts}
        return {
            "doc_ids": docids,
            "doc_model": "b2b.reconciliation.act",
            "docs": acts,
            "act_data": act_data,
            "fmt": self._b2b_amount_formatter(),
        }

    def _b2b_ledger_where(self, act, date_to):
        act.ensure_one()
        partner_ids = (
            self.env["res.partner"]
            .with_context(active_test=False)
            .sudo()  # sudo: contacts of the client that the job's user may not see still carry its entries
            .search([("id", "child_of", act.partner_id.id)])
            .ids
        )
        return SQL(
            """aml.parent_state = 'posted'
               AND aml.company_id = %(company)s
               AND aml.partner_id = ANY(%(partners)s)
               AND acc.account_type IN %(types)s
               AND aml.date <= %(date_to)s""",
            company=act.company_id.id,
            partners=partner_ids,
            types=ACT_ACCOUNT_TYPES,
            date_to=date_to,
        )

    def _b2b_query_totals(self, act):
        """Opening balance, period debit and credit, line count: one aggregated query."""
        act.ensure_one()
        self.env["account.move.line"].flush_model(
            ["parent_state", "company_id", "partner_id", "account_id", "date", "balance", "debit", "credit"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT COALESCE(SUM(aml.balance) FILTER (WHERE aml.date < %(date_from)s), 0),
                       COALESCE(SUM(aml.debit) FILTER (WHERE aml.date >= %(date_from)s), 0),
                       COALESCE(SUM(aml.credit) FILTER (WHERE aml.date >= %(date_from)s), 0),
                       COUNT(*) FILTER (WHERE aml.date >= %(date_from)s)
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE %(where)s
                """,
                date_from=act.date_from,
                where=self._b2b_ledger_where(act, act.date_to),
            )
        )
        return self.env.cr.fetchone()

    def _b2b_query_rows(self, act):
        """The period's documents, one row per journal entry, in date order."""
        act.ensure_one()
        self.env["account.move"].flush_model(["name", "move_type", "origin_payment_id", "statement_line_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT aml.date, m.id, m.name, m.move_type,
                       (m.origin_payment_id IS NOT NULL OR m.statement_line_id IS NOT NULL),
                       ROUND(SUM(aml.debit), %(digits)s)::float8, ROUND(SUM(aml.credit), %(digits)s)::float8
                  FROM account_move_line aml
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN account_move m ON m.id = aml.move_id
                 WHERE %(where)s AND aml.date >= %(date_from)s
                 GROUP BY aml.date, m.id
                 ORDER BY aml.date, m.name, m.id
                """,
                date_from=act.date_from,
                digits=act.company_id.currency_id.decimal_places,
                where=self._b2b_ledger_where(act, act.date_to),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _b2b_document_kinds(self):
        return {
            "out_invoice": _("Sale"),
            "out_refund": _("Customer credit note"),
            "out_receipt": _("Sale receipt"),
            "in_invoice": _("Purchase"),
            "in_refund": _("Vendor credit note"),
            "in_receipt": _("Purchase receipt"),
            "payment": _("Payment"),
            "entry": _("Journal entry"),
        }

    def _b2b_build_data(self, act):
        """Everything the PDF and the XLSX show, as plain values (numbers, dates, strings).

        Amounts are in the legal entity's currency, from the distributor's side: a positive
        balance means the client owes the distributor.
        """
        act.ensure_one()
        currency = act.company_id.currency_id
        opening, debit_total, credit_total, line_count = self._b2b_query_totals(act)
        kinds = self._b2b_document_kinds()
        rows = [
            {
                "date": row_date,
                "move_id": move_id,
                "number": name or "",
                "kind": kinds["payment"] if is_payment else kinds.get(move_type, kinds["entry"]),
                "debit": debit,
                "credit": credit,
            }
            for row_date, move_id, name, move_type, is_payment, debit, credit in self._b2b_query_rows(act)
        ]
        opening = currency.round(opening)
        debit_total = currency.round(debit_total)
        credit_total = currency.round(credit_total)
        closing = currency.round(opening + debit_total - credit_total)
        company_name = act.company_id.partner_id.commercial_partner_id.name or act.company_id.name
        partner_name = act.partner_id.name
        date_to_text = format_date(self.env, act.date_to)
        words = currency._b2b_amount_in_words(abs(closing), capital=False)
        amount_text = formatLang(self.env, abs(closing), digits=currency.decimal_places)
        if currency.is_zero(closing):
            closing_side = "settled"
            conclusion = _("As of %(date)s there is no debt between the parties.", date=date_to_text)
        else:
            closing_side = "client_owes" if closing > 0 else "company_owes"
            debtor, creditor = (partner_name, company_name) if closing > 0 else (company_name, partner_name)
            conclusion = _(
                "As of %(date)s %(debtor)s owes %(creditor)s %(amount)s %(currency)s (%(words)s).",
                date=date_to_text,
                debtor=debtor,
                creditor=creditor,
                amount=amount_text,
                currency=currency._b2b_short_name(),
                words=words,
            )
        return {
            # the parties' requisites, for b2b_portal.b2b_requisites_block
            "company": {**act.company_id.partner_id._b2b_requisites(), "name": company_name},
            "partner": act.partner_id._b2b_requisites(),
            "currency": {"name": currency.name, "symbol": currency.symbol, "digits": currency.decimal_places},
            "date_from": act.date_from,
            "date_to": act.date_to,
            "opening_balance": opening,
            "rows": rows,
            "line_count": line_count,
            "debit_total": debit_total,
            "credit_total": credit_total,
            "closing_balance": closing,
            "closing_side": closing_side,
            "amount_in_words": words,
            "conclusion": conclusion,
            "title": _("Reconciliation act"),
            "subtitle": _(
                "of mutual settlements for the period from %(date_from)s to %(date_to)s between %(company)s "
                "and %(partner)s",
                date_from=format_date(self.env, act.date_from),
                date_to=date_to_text,
                company=company_name,
                partner=partner_name,
            ),
            "labels": {
                "by_company": _("According to %(name)s", name=company_name),
                "by_partner": _("According to %(name)s", name=partner_name),
                "date": _("Date"),
                "document": _("Document"),
                "debit": _("Debit"),
                "credit": _("Credit"),
                "opening": _("Opening balance"),
                "turnover": _("Turnover for the period"),
                "closing": _("Closing balance"),
            },
        }

    @api.model
    def _b2b_amount_formatter(self):
        """A fast formatter for amounts in the user's language; empty for zero (blank cells)."""
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US") or self.env["res.lang"]._get_data(
            code="en_US"
        )
        decimal_point = lang.decimal_point or "."
        thousands_sep = lang.thousands_sep or ""

        def fmt(value, blank_zero=True):
            if blank_zero and not value:
                return ""
            text = f"{value:,.2f}"
            return text.replace(",", "\x00").replace(".", decimal_point).replace("\x00", thousands_sep)

        return fmt
