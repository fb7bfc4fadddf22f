"""Reading order lists from text, CSV and XLSX: behaviour kept from the order page, and the limits
against hostile files (zip bombs, missing shared strings, far columns, NUL, over-long fields)."""

import csv
import io
import struct
import time
import tracemalloc
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..tools import spreadsheet, table_io
from ..tools.inputs import InvalidInput

HYPOTHESIS = settings(max_examples=150, deadline=None, database=None, derandomize=True)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def xlsx(sheet_xml, shared_xml=None, compression=zipfile.ZIP_DEFLATED):
    """A minimal XLSX archive with the given sheet body (and shared strings)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/worksheets/sheet1.xml", f'<worksheet xmlns="{NS}"><sheetData>{sheet_xml}</sheetData></worksheet>'
        )
        if shared_xml is not None:
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{NS}">{shared_xml}</sst>')
    return buffer.getvalue()


def written_xlsx(rows):
    """An XLSX written by xlsxwriter through the string-safe writer."""
    workbook = spreadsheet.new_workbook()
    sheet = spreadsheet.SafeSheet(workbook, workbook.add_worksheet())
    for index, row in enumerate(rows):
        sheet.write_row(index, 0, row)
    workbook.close()
    return workbook.filename.getvalue()


def lie_about_size(data, member, size):
    """``data`` with the uncompressed size of ``member`` set to ``size`` in both zip headers."""
    data = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(member)
    struct.pack_into("<I", data, info.header_offset + 22, size)  # local file header
    position = data.find(b"PK\x01\x02")  # central directory entries
    while position >= 0:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46 : position + 46 + name_length]) == member.encode():
            struct.pack_into("<I", data, position + 24, size)
        position = data.find(b"PK\x01\x02", position + 4)
    return bytes(data)


@tagged("post_install", "-at_install")
class TestTableText(BaseCase):
    def test_delimiters_and_header(self):
        self.assertEqual(
            table_io.read_text_rows("SKU;Quantity\nA-1;10\n\nB-2;2,5\n"),
            [(1, ["SKU", "Quantity"]), (2, ["A-1", "10"]), (4, ["B-2", "2,5"])],
            "';' in the sample makes CSV; empty lines are skipped but keep the numbering",
        )
        self.assertEqual(table_io.read_text_rows("A-1\t10\nB 2\t3"), [(1, ["A-1", "10"]), (2, ["B 2", "3"])])
        self.assertEqual(
            table_io.read_text_rows("A-1 10\nB-X,5\nC-3 1,5\nD-4 7,25"),
            [(1, ["A-1", "10"]), (2, ["B-X", "5"]), (3, ["C-3", "1,5"]), (4, ["D-4", "7,25"])],
            "a single comma splits unless it is a decimal comma at the end",
        )
        rows = table_io.read_text_rows("SKU;Qty\nA;1\nB;2")
        self.assertEqual(table_io.code_quantity_rows(rows), [(1, "SKU", "Qty"), (2, "A", "1"), (3, "B", "2")])

    def test_encodings(self):
        text = "Артикул;Количество\nКЛ-1;10\n"
        for data in (text.encode(), text.encode("utf-8-sig"), text.encode("cp1251"), text.encode("utf-16")):
            with self.subTest(data=data[:4]):
                self.assertEqual(table_io.read_table(data=data, filename="list.csv")[1], (2, ["КЛ-1", "10"]))

    def test_row_limit(self):
        five = "\n".join(f"A-{n};{n}" for n in range(5))
        self.assertEqual(len(table_io.read_text_rows(five + "\n\n\n", max_rows=5)), 5, "empty lines do not count")
        with self.assertRaises(InvalidInput) as caught:
            table_io.read_text_rows(five + "\nB;1", max_rows=5)
        self.assertIn("At most 5 lines", str(caught.exception))
        self.assertEqual(len(table_io.read_text_rows("\n".join(f"A{n} 1" for n in range(500)))), 500)

    def test_hostile_text(self):
        cases = {
            "A-1;10\nB-2\x00;1": "Line 2 holds a NUL",
            "x" * (table_io.MAX_TEXT_CHARS + 1): "too long",
            "A;" + "9" * 2000: "longer than 1000 characters",
        }
        for text, message in cases.items():
            with self.subTest(text=text[:20]), self.assertRaises(InvalidInput) as caught:
                table_io.read_text_rows(text)
            self.assertIn(message, str(caught.exception))
        # csv's "field larger than field limit": Odoo's server raises the limit to 500 MB, Python
        # leaves it at 128 kB; either way a message (the cell limit catches what csv lets through)
        long_field = b"A;1\nB;" + b"x" * 200_000
        limit = csv.field_size_limit()
        try:
            csv.field_size_limit(131072)
            with self.assertRaises(InvalidInput) as caught:
                table_io.read_table(data=long_field, filename="list.csv")
            self.assertIn("Line 2 cannot be read", str(caught.exception))
            csv.field_size_limit(500 * 1024 * 1024)
            with self.assertRaises(InvalidInput) as caught:
                table_io.read_table(data=long_field, filename="list.csv")
            self.assertIn("Line 2 has a cell longer than 1000 characters", str(caught.exception))
        finally:
            csv.field_size_limit(limit)
        with self.assertRaises(InvalidInput) as caught:
            table_io.read_table(data=b"x" * (table_io.MAX_FILE_BYTES + 1), filename="list.csv")
        self.assertIn("too large", str(caught.exception))

    @HYPOTHESIS
    @given(st.text(max_size=300))
    def test_any_text_reads_or_says_why(self, text):
        try:
            rows = table_io.read_text_rows(text)
        except InvalidInput as error:
            self.assertTrue(str(error))
        else:
            self.assertTrue(all(isinstance(cell, str) for _number, cells in rows for cell in cells))
            self.assertTrue(all(any(cell.strip() for cell in cells) for _number, cells in rows))

    @HYPOTHESIS
    @given(
        st.lists(
            st.tuples(
                st.text(st.characters(whitelist_categories=("L", "N", "Pd")), min_size=1, max_size=12),
                st.integers(1, 10**6),
            ),
            max_size=30,
        ),
        st.sampled_from(["\t", ";"]),
    )
    def test_pasted_columns_round_trip(self, lines, delimiter):
        text = "\n".join(f"{sku}{delimiter}{quantity}" for sku, quantity in lines)
        rows = table_io.code_quantity_rows(table_io.read_text_rows(text))
        self.assertEqual(rows, [(n, sku, str(q)) for n, (sku, q) in enumerate(lines, start=1)])


@tagged("post_install", "-at_install")
class TestTableXlsx(BaseCase):
    def test_reads_values_not_formulas(self):
        data = written_xlsx([["SKU", "Quantity"], ["=1+1", 10], ["+7 999", 2.5], ["КЛ-1", 0.001]])
        self.assertEqual(
            table_io.read_xlsx_rows(data),
            [(1, ["SKU", "Quantity"]), (2, ["=1+1", "10"]), (3, ["+7 999", "2.5"]), (4, ["КЛ-1", "0.001"])],
        )
        sheet = xlsx(
            '<row r="3"><c r="B3" t="inlineStr"><is><t>A-1</t></is></c><c r="C3"><v>1E-3</v></c></row>'
            '<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>',
            "<si><t>B-</t></si><si><r><t>1</t></r><r><t>2</t></r><rPh><t>ignored</t></rPh></si>",
        )
        self.assertEqual(table_io.read_xlsx_rows(sheet), [(3, ["", "A-1", "0.001"]), (4, ["B-", "12"])])
        self.assertEqual(table_io.read_xlsx_rows(xlsx("")), [])

    @HYPOTHESIS
    @given(
        st.lists(
            st.lists(
                st.one_of(
                    st.text(
                        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff"),
                        min_size=1,
                        max_size=40,
                    ),
                    st.sampled_from(["=1+1", '=HYPERLINK("http://x","y")', "+7", "-", "@SUM(A1)", "_x0041_"]),
                ),
                min_size=1,
                max_size=4,
            ),
            min_size=1,
            max_size=8,
        )
    )
    def test_strings_round_trip_through_xlsx(self, rows):
        """Any text written by the safe writer reads back as the same text."""
        expected = [(n, row) for n, row in enumerate(rows, start=1) if any(cell.strip() for cell in row)]
        self.assertEqual(table_io.read_xlsx_rows(written_xlsx(rows)), expected)

    def test_zip_bomb(self):
        """Shared strings of 64 MB in an archive of a few kB: refused before inflating, also when
        the archive lies about the size (then the inflated stream is cut at the claimed size)."""
        bomb = xlsx('<row r="1"><c r="A1" t="s"><v>0</v></c></row>', "<si><t>" + "A" * (64 * 1024 * 1024) + "</t></si>")
        self.assertLess(len(bomb), 200_000)
        for data in (bomb, lie_about_size(bomb, "xl/sharedStrings.xml", 1000)):
            tracemalloc.start()
            try:
                with self.assertRaises(InvalidInput) as caught:
                    table_io.read_table(data=data, filename="list.xlsx")
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            self.assertLess(peak, 16 * 1024 * 1024, "nothing near the inflated size was held")
            self.assertTrue(str(caught.exception))
        with zipfile.ZipFile(io.BytesIO(lie_about_size(bomb, "xl/sharedStrings.xml", 1000))) as archive:
            self.assertEqual(archive.getinfo("xl/sharedStrings.xml").file_size, 1000, "the lie is in place")

    def test_stream_limit_holds_whatever_the_header_says(self):
        reader = table_io._LimitedReader(io.BytesIO(b"x" * 1000), 600)
        self.assertEqual(len(reader.read(500)), 500)
        with self.assertRaises(InvalidInput):
            reader.read(500)

    def test_row_limit_stops_parsing(self):
        rows = "".join(
            f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>A-{n}</t></is></c></row>' for n in range(1, 100_001)
        )
        data = xlsx(rows)
        started = time.monotonic()
        with self.assertRaises(InvalidInput) as caught:
            table_io.read_xlsx_rows(data, max_rows=500)
        self.assertIn("At most 500 lines", str(caught.exception))
        self.assertLess(time.monotonic() - started, 5, "parsing stopped at the limit, not after 100,000 rows")
        empty = xlsx(
            "".join(f'<row r="{n}"/>' for n in range(1, 200_001)) + '<row r="200001"><c r="A200001"><v>7</v></c></row>'
        )
        self.assertEqual(table_io.read_xlsx_rows(empty), [(200001, ["7"])], "empty rows do not count and are not kept")

    def test_hostile_cells(self):
        cases = {
            "missing shared string": (
                xlsx('<row r="1"><c r="A1" t="s"><v>5</v></c></row>', "<si><t>a</t></si>"),
                "missing",
            ),
            "shared string index not a number": (
                xlsx('<row r="1"><c r="A1" t="s"><v>-1</v></c></row>', "<si><t>a</t></si>"),
                "missing",
            ),
            "value at XFD1048576": (xlsx('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'), "beyond column 100"),
            "column ZZZZZZZ": (xlsx('<row r="1"><c r="ZZZZZZZ1"><v>1</v></c></row>'), "invalid address"),
            "column beyond XFD": (xlsx('<row r="1"><c r="XFE1"><v>1</v></c></row>'), "invalid address"),
            "NUL in a cell": (xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>A_x0000_</t></is></c></row>'), "NUL"),
            "over-long cell": (
                xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>' + "x" * 5000 + "</t></is></c></row>"),
                "longer than",
            ),
            "not XML": (xlsx("<row>"), "cannot be read as an XLSX"),
            "not a zip": (b"PK\x03\x04 surely not a zip", "cannot be read as an XLSX"),
            "text named .xlsx": (b"SKU;1", "cannot be read as an XLSX"),
        }
        for label, (data, message) in cases.items():
            with self.subTest(label), self.assertRaises(InvalidInput) as caught:
                table_io.read_table(data=data, filename="list.xlsx")
            self.assertIn(message, str(caught.exception))
        styled = xlsx('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="3"/></row>')
        self.assertEqual(table_io.read_xlsx_rows(styled), [(1, ["1"])], "an empty styled cell far right is ignored")

    def test_entities_are_not_expanded(self):
        laughs = (
            '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(
                "xl/worksheets/sheet1.xml",
                laughs
                + f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&d;</t></is></c>'
                '<c r="B1"><v>1</v></c></row></sheetData></worksheet>',
            )
        try:
            rows = table_io.read_xlsx_rows(buffer.getvalue())
        except InvalidInput:
            return
        self.assertEqual(rows, [(1, ["", "1"])], "the entity stays unexpanded")
