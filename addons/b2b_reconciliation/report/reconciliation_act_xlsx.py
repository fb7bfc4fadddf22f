"""The reconciliation act as an XLSX workbook, from the data builder's structure
(reconciliation_act_report.py), beside the PDF's QWeb report."""

import io

from odoo import api, models
from odoo.addons.b2b_portal.tools.spreadsheet import SafeSheet, new_workbook


class ReportReconciliationActXlsx(models.AbstractModel):
    _name = "report.b2b_reconciliation.reconciliation_act_xlsx"
    _description = "Reconciliation act XLSX"

    @api.model
    def _b2b_render_xlsx(self, data):
        """The act as an XLSX workbook (bytes), from the data builder's structure."""
        buffer = io.BytesIO()
        # text goes in as text: a partner named "=HYPERLINK(…)" must not become a live formula
        workbook = new_workbook(buffer)
        sheet = workbook.add_worksheet(data["title"][:31])
        money = "# ##0.00" if data["currency"]["digits"] == 2 else "# ##0"
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14, "align": "center"})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        head = workbook.add_format(
            {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
        )
        date_fmt = workbook.add_format({"num_format": "dd.mm.yyyy"})
        safe = SafeSheet(workbook, sheet, date_format=date_fmt)
        money_fmt = workbook.add_format({"num_format": money})
        total_text = workbook.add_format({"bold": True, "border": 1})
        total_money = workbook.add_format({"bold": True, "num_format": money, "border": 1})
        labels = data["labels"]
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 40)
        sheet.set_column(2, 5, 16)
        safe.merge_range(0, 0, 0, 5, data["title"], title)
        safe.merge_range(1, 0, 1, 5, data["subtitle"], wrap)
        sheet.set_row(1, 45)
        safe.merge_range(3, 0, 3, 3, labels["by_company"], head)
        safe.merge_range(3, 4, 3, 5, labels["by_partner"], head)
        safe.write_row(
            4,
            0,
            [labels["date"], labels["document"], labels["debit"], labels["credit"], labels["debit"], labels["credit"]],
            head,
        )

        def write_total(row, label, debit, credit):
            safe.merge_range(row, 0, row, 1, label, total_text)
            sheet.write_number(row, 2, debit, total_money)
            sheet.write_number(row, 3, credit, total_money)
            sheet.write_number(row, 4, credit, total_money)
            sheet.write_number(row, 5, debit, total_money)

        opening = data["opening_balance"]
        write_total(5, labels["opening"], max(opening, 0.0), max(-opening, 0.0))
        row = 6
        write_number, write_string, write_datetime = sheet.write_number, sheet.write_string, sheet.write_datetime
        # Zero amounts stay blank, as on the PDF: fewer cells keep 50,000 rows fast to write.
        for line in data["rows"]:
            write_datetime(row, 0, line["date"], date_fmt)
            write_string(row, 1, f"{line['kind']} {line['number']}")
            if line["debit"]:
                write_number(row, 2, line["debit"], money_fmt)
                write_number(row, 5, line["debit"], money_fmt)
            if line["credit"]:
                write_number(row, 3, line["credit"], money_fmt)
                write_number(row, 4, line["credit"], money_fmt)
            row += 1
        write_total(row, labels["turnover"], data["debit_total"], data["credit_total"])
        closing = data["closing_balance"]
        write_total(row + 1, labels["closing"], max(closing, 0.0), max(-closing, 0.0))
        safe.merge_range(row + 3, 0, row + 3, 5, data["conclusion"], wrap)
        sheet.set_row(row + 3, 45)
        safe.write_value(row + 5, 0, data["company"]["name"], bold)
        safe.write_value(row + 5, 4, data["partner"]["name"], bold)
        workbook.close()
        return buffer.getvalue()
