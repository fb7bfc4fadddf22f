from odoo import api, models


class ReportReconciliationAct(models.AbstractModel):
    """Values of the PDF act: the data builder's structure, built once per act."""

    _name = "report.b2b_reconciliation.report_reconciliation_act"
    _description = "Reconciliation act report"

    @api.model
    def _get_report_values(self, docids, data=None):
        acts = self.env["b2b.reconciliation.act"].browse(docids)
        prebuilt = (data or {}).get("b2b_act_data") or {}
        act_data = {act.id: prebuilt.get(act.id) or act._b2b_build_data() for act in acts}
        return {
            "doc_ids": docids,
            "doc_model": "b2b.reconciliation.act",
            "docs": acts,
            "act_data": act_data,
            "fmt": self._b2b_amount_formatter(),
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
