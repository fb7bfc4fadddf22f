import io
from datetime import datetime

from odoo.addons.b2b_exchange_1c.tools import commerceml as cml
from odoo.tests import BaseCase, tagged

from .common import data


@tagged("post_install", "-at_install")
class TestCommerceML(BaseCase):
    def test_filenames(self):
        for good in ("import.xml", "import0_1.xml", "import_files/ab/cd.jpg", "orders-2026.xml"):
            self.assertEqual(cml.check_filename(good), good)
        for bad in (
            "",
            "../import.xml",
            "import_files/../../etc/passwd",
            "/etc/passwd",
            "C:/x.xml",
            "a\\b.xml",
            "a//b",
            "x\x00.xml",
            "a" * 300,
        ):
            self.assertIsNone(cml.check_filename(bad), bad)

    def test_kinds(self):
        self.assertEqual(cml.file_kind("import0_1.xml"), "import")
        self.assertEqual(cml.file_kind("Offers0_1.XML"), "offers")
        self.assertEqual(cml.file_kind("prices0_1.xml"), "prices")
        self.assertEqual(cml.file_kind("rests0_1.xml"), "rests")
        self.assertEqual(cml.file_kind("orders-1.xml"), "orders")
        self.assertIsNone(cml.file_kind("import_files/a.jpg"))
        self.assertIsNone(cml.file_kind("readme.xml"))

    def test_numbers_and_dates(self):
        self.assertEqual(cml.number("1 200,50"), 1200.5)
        self.assertIsNone(cml.number(""))
        for bad in ("abc", "1e400", "nan", "1e13"):
            with self.assertRaises(cml.CommerceMLError):
                cml.number(bad)
        self.assertEqual(cml.parse_datetime("2026-12-01", "14:05:00"), datetime(2026, 12, 1, 14, 5))
        self.assertEqual(cml.parse_datetime("2026-12-01T14:05:00"), datetime(2026, 12, 1, 14, 5))
        self.assertIsNone(cml.parse_datetime("T"))
        self.assertIsNone(cml.parse_datetime("0001-01-01T00:00:00"))

    def test_read_is_namespace_and_encoding_agnostic(self):
        for name in ("import.xml", "import_partial_1251.xml", "ut11/import0_1.xml"):
            items = list(cml.read(io.BytesIO(data(name))))
            goods = [elem for kind, elem, _ctx in items if kind == "product"]
            self.assertTrue(goods, name)
            self.assertTrue(all(cml.text(good, "Ид") for good in goods))
            end = next(ctx for kind, _elem, ctx in items if kind == "package_end")
            self.assertEqual(end["only_changes"], name.startswith("import_partial"), name)
        names = [
            cml.text(e, "Наименование")
            for k, e, _c in cml.read(io.BytesIO(data("import_partial_1251.xml")))
            if k == "product"
        ]
        self.assertEqual(names[0], "Скрепки никелированные 28 мм")

    def test_document_goods_are_not_catalog_goods(self):
        kinds = [kind for kind, _e, _c in cml.read(io.BytesIO(data("orders_from_1c.xml")))]
        self.assertEqual(kinds.count("document"), 2)
        self.assertNotIn("product", kinds)

    def test_malformed(self):
        with self.assertRaises(cml.CommerceMLError) as caught:
            list(cml.read(io.BytesIO(data("bad/import_malformed.xml"))))
        self.assertIn("not well-formed", caught.exception.message)
        with self.assertRaises(cml.CommerceMLError):
            list(cml.read(io.BytesIO(b"<?xml version='1.0'?><html/>")))
