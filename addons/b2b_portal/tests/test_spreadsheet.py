"""Spreadsheets that data cannot turn into formulas: XLSX strings are strings, CSV cells that
would start a formula get a leading quote."""

import csv
import datetime
import io
import re
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..tools import spreadsheet, table_io

HYPOTHESIS = settings(max_examples=300, deadline=None, database=None, derandomize=True)
HOSTILE = [
    "=1+1",
    '=HYPERLINK("http://evil.example","Click")',
    "+7 999 123-45-67",
    "-",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
]


def sheet_xml(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode(), archive.read("xl/sharedStrings.xml").decode()


@tagged("post_install", "-at_install")
class TestSpreadsheet(BaseCase):
    def test_xlsx_strings_are_strings(self):
        workbook = spreadsheet.new_workbook()
        sheet = spreadsheet.SafeSheet(workbook, workbook.add_worksheet())
        sheet.write_row(0, 0, HOSTILE)
        sheet.write_row(1, 0, [10, 2.5, datetime.date(2026, 1, 31), datetime.datetime(2026, 1, 31, 9, 30), True, None])
        sheet.merge_range(2, 0, 2, 3, '=HYPERLINK("http://evil.example")', workbook.add_format({"bold": True}))
        sheet.write_value(3, 0, "http://example.com")  # no URL either
        sheet.write_value(3, 1, "1234")  # no number made of a string
        workbook.close()
        body, shared = sheet_xml(workbook.filename.getvalue())
        self.assertNotIn("<f>", body)
        self.assertNotIn("hyperlink", body.lower())
        for text in ["=1+1", "+7 999 123-45-67", "@SUM(A1:A2)", "http://example.com", "1234"]:
            self.assertIn(f">{text}<", shared)
        self.assertIn("=HYPERLINK(", shared)
        self.assertRegex(body, r'<c r="A2"[^>]*><v>10</v>')
        self.assertRegex(body, r'<c r="B2"[^>]*><v>2.5</v>')
        self.assertRegex(body, r'<c r="C2" s="\d+"><v>46053</v>', "a date is a number with a date format")
        self.assertRegex(body, r'<c r="E2" t="b"><v>1</v>')
        rows = dict(table_io.read_xlsx_rows(workbook.filename.getvalue()))
        self.assertEqual(rows[1], HOSTILE)
        self.assertEqual(rows[3][0], '=HYPERLINK("http://evil.example")')

    def test_csv_cells(self):
        self.assertEqual(
            spreadsheet.csv_safe_row(HOSTILE + ["ООО «Ромашка»", "", 5, -5.5, None, "a=b"]),
            ["'" + text for text in HOSTILE] + ["ООО «Ромашка»", "", 5, -5.5, None, "a=b"],
        )
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=";").writerow(spreadsheet.csv_safe_row(["=1+1", "x"]))
        self.assertEqual(buffer.getvalue().strip(), "'=1+1;x")

    @HYPOTHESIS
    @given(st.text(max_size=30))
    def test_csv_safe_never_starts_a_formula(self, text):
        safe = spreadsheet.csv_safe(text)
        self.assertFalse(safe.startswith(spreadsheet.CSV_FORMULA_STARTS), safe)
        self.assertIn(safe, (text, "'" + text))

    @HYPOTHESIS
    @given(
        st.lists(
            st.one_of(st.text(min_size=1, max_size=20).filter(lambda t: "\x00" not in t), st.sampled_from(HOSTILE)),
            min_size=1,
            max_size=6,
        )
    )
    def test_xlsx_never_has_formulas(self, texts):
        texts = [re.sub("[\ud800-\udfff\ufffe\uffff]", "", text) or "x" for text in texts]
        workbook = spreadsheet.new_workbook()
        spreadsheet.SafeSheet(workbook, workbook.add_worksheet()).write_row(0, 0, texts)
        workbook.close()
        self.assertNotIn("<f>", sheet_xml(workbook.filename.getvalue())[0])
        expected = [(1, texts)] if any(text.strip() for text in texts) else []
        self.assertEqual(table_io.read_xlsx_rows(workbook.filename.getvalue()), expected)
