"""The feed's writers as pure functions: CSV cells sanitised, XLSX strings as strings, YML
valid whatever the catalog's text holds."""

import csv
import datetime
import io
import zipfile

from lxml import etree

from odoo.addons.b2b_portal.tools import table_io
from odoo.tests import BaseCase, tagged

from ..tools import feed_formats

HEADER = ["sku", "name", "quantity", "price"]
ROWS = [
    ["=1+1", '=HYPERLINK("http://evil.example","Click")', 10.0, 900.0],
    ["-A", "Блок «Календарь»\x01\x1f", 0, 2.25],
    ["", "_x0041_ @home", 3, 1],
]


def _row(sku, name, quantity=5.0, category_id=1):
    return {
        "id": 7, "sku": sku, "barcode": "", "name": name, "uom": "pc", "category_id": category_id,
        "quantity": quantity, "at_least": True, "price": 12.5, "currency": "RUB", "next_batch_date": "2030-01-20",
    }  # fmt: skip


@tagged("post_install", "-at_install")
class TestFeedFormats(BaseCase):
    def test_csv(self):
        text = feed_formats.csv_bytes(HEADER, ROWS).decode("utf-8-sig")
        self.assertTrue(text.startswith("sku;name;quantity;price\r\n"))
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        self.assertEqual(rows[1], ["'=1+1", '\'=HYPERLINK("http://evil.example","Click")', "10.0", "900.0"])
        self.assertEqual(rows[2][0], "'-A")
        self.assertEqual(rows[2][2:], ["0", "2.25"], "numbers are not quoted")
        self.assertEqual(rows[3][1], "_x0041_ @home", "only the start of a cell matters")

    def test_xlsx(self):
        data = feed_formats.xlsx_bytes(HEADER, ROWS)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        self.assertNotIn("<f>", sheet)
        etree.fromstring(sheet.encode())  # well-formed although a name held control characters
        self.assertIn('<c r="C2"><v>10.0</v></c>', sheet)
        self.assertIn('<c r="A2" t="inlineStr"><is><t xml:space="preserve">=1+1</t></is></c>', sheet)
        self.assertEqual(
            table_io.read_xlsx_rows(data),
            [
                (1, HEADER),
                (2, ["=1+1", '=HYPERLINK("http://evil.example","Click")', "10", "900"]),
                (3, ["-A", "Блок «Календарь»\x01\x1f", "0", "2.25"]),
                (4, ["", "_x0041_ @home", "3", "1"]),
            ],
            "strings read back as the same strings, control characters and a literal _x0041_ included",
        )
        self.assertEqual(feed_formats._column_letters(28)[-3:], ["Z", "AA", "AB"])

    def test_yml(self):
        date = datetime.datetime(2026, 1, 31, 9, 30, tzinfo=datetime.UTC)
        body = feed_formats.yml_bytes(
            {"name": "ООО «Календарь-Опт»", "company": "ООО «Календарь-Опт»", "url": "https://example.com"},
            date,
            [(2, 1, "Блоки"), (1, None, "Все\x02")],
            [_row("T-1\x00", "<b>Блок</b>\x0b")],
            "RUB",
        )
        root = etree.fromstring(body)
        self.assertEqual(root.get("date"), "2026-01-31T09:30:00+0000")
        self.assertEqual(root.xpath("//categories/category/@id"), ["1", "2"])
        self.assertEqual(root.xpath("//category[@id='2']/@parentId"), ["1"])
        self.assertEqual(root.findtext(".//category[@id='1']"), "Все")
        (offer,) = root.xpath("//offer")
        self.assertEqual(offer.findtext("name"), "<b>Блок</b>")
        self.assertEqual(offer.findtext("vendorCode"), "T-1")
        self.assertEqual(offer.findtext("price"), "12.50")
        self.assertEqual(offer.findtext("count"), "5")
        self.assertEqual(offer.xpath("param[@name='next_batch_date']/text()"), ["2030-01-20"])
        self.assertEqual(root.xpath("//currencies/currency/@id"), ["RUB"])
        empty = etree.fromstring(feed_formats.yml_bytes({"name": "a", "company": "a", "url": "u"}, date, [], [], "EUR"))
        self.assertEqual(empty.xpath("//currencies/currency/@id"), ["EUR"])
