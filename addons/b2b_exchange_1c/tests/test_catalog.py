from odoo.tests import tagged

from .common import Exchange1cCase, data

PAPER = "a1b2c3d4-0001-11ee-8c90-0242ac120002"
CLIPS = "a1b2c3d4-0002-11ee-8c90-0242ac120002"
DELIVERY = "a1b2c3d4-0003-11ee-8c90-0242ac120002"


@tagged("post_install", "-at_install")
class TestCatalog(Exchange1cCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.retail = cls.env["product.pricelist"].create({"name": "Розница из 1С"})
        cls.env["b2b.exchange.price.type"].create({"name": "Розничная", "pricelist_id": cls.retail.id})
        cls.shop = cls.env["stock.warehouse"].create({"name": "Магазин", "code": "SHOP"})
        cls.env["b2b.exchange.warehouse"].create({"name": "wh-shop", "warehouse_id": cls.shop.id})

    def full_exchange(self):
        return self.client().exchange([("import.xml", data("import.xml")), ("offers.xml", data("offers.xml"))])

    def test_full_exchange(self):
        self.assertEqual(self.full_exchange(), [["success"], ["success"]])
        paper, clips, delivery = self.product(PAPER), self.product(CLIPS), self.product(DELIVERY)
        self.assertEqual(paper.name, "Бумага офисная А4, 500 листов")
        self.assertEqual(paper.default_code, "BUM-A4")
        self.assertEqual(paper.barcode, "4600000000011")
        self.assertEqual(paper.weight, 2.5)
        self.assertEqual(paper.uom_id, self.env.ref("uom.product_uom_unit"))
        self.assertEqual(clips.uom_id, self.env.ref("uom.product_uom_kgm"))
        self.assertEqual(paper.categ_id.name, "Бумага")
        self.assertEqual(paper.categ_id.parent_id.name, "Канцтовары")
        self.assertTrue(paper.is_storable)
        self.assertEqual(delivery.type, "service")
        # the first price type of the offers is the sales price; a mapped one fills its pricelist
        self.assertEqual(paper.list_price, 310.5)
        self.assertEqual(clips.list_price, 1200.0)
        self.assertEqual(self.retail._get_product_price(paper, 1.0), 399.0)
        # «Закупочная» is declared but not mapped: logged, skipped
        messages = self.env["b2b.exchange.message"].search([]).mapped("message")
        self.assertTrue(any("Закупочная" in m for m in messages), messages)
        self.assertTrue(
            any("ffffffff-9999" in e for e in self.env["b2b.exchange.message"].search([]).mapped("element"))
        )
        # stock per 1C warehouse: wh-shop is mapped, wh-main goes to the main warehouse
        self.assertEqual(self.on_hand(paper), 40)
        self.assertEqual(self.on_hand(paper, self.shop), 5)
        self.assertEqual(self.on_hand(clips), 12.5)
        session = self.env["b2b.exchange.session"].search([], limit=1)
        self.assertEqual(session.created_count, 6)
        self.assertEqual(session.error_count, 0)

    def test_same_exchange_twice_changes_nothing(self):
        self.full_exchange()
        before = self.snapshot()
        self.assertEqual(self.full_exchange(), [["success"], ["success"]])
        self.assertEqual(self.snapshot(), before)
        self.assertEqual(self.env["product.product"].search_count([("b2b_1c_id", "=", PAPER)]), 1)
        files = self.env["b2b.exchange.session"].search([], limit=1).file_ids
        self.assertEqual(sum(files.mapped("created_count")), 0)
        self.assertEqual(sum(files.mapped("updated_count")), 0)

    def test_partial_exchange_windows_1251(self):
        self.full_exchange()
        paper_stock = self.on_hand(self.product(PAPER))
        answers = self.client().exchange(
            [("import.xml", data("import_partial_1251.xml")), ("offers.xml", data("offers_partial_1251.xml"))]
        )
        self.assertEqual(answers, [["success"], ["success"]])
        clips, paper, delivery = self.product(CLIPS), self.product(PAPER), self.product(DELIVERY)
        self.assertEqual(clips.name, "Скрепки никелированные 28 мм")
        self.assertEqual(clips.list_price, 1150)
        self.assertEqual(self.on_hand(clips), 7)
        # not mentioned: kept, not archived, stock not zeroed
        self.assertTrue(paper.active)
        self.assertEqual(self.on_hand(paper), paper_stock)
        self.assertEqual(paper.list_price, 310.5)
        # marked for deletion: archived
        self.assertFalse(delivery.active)

    def test_full_exchange_archives_what_it_lacks_and_revives_what_comes_back(self):
        self.full_exchange()
        lacking = data("import.xml").decode().replace("a1b2c3d4-0003-11ee-8c90-0242ac120002", "a1b2c3d4-0004-11ee")
        self.assertEqual(self.client().exchange([("import.xml", lacking.encode())]), [["success"]])
        self.assertFalse(self.product(DELIVERY).active)
        self.assertFalse(self.product(DELIVERY).product_tmpl_id.active)
        self.assertTrue(self.product("a1b2c3d4-0004-11ee").active)
        self.client().exchange([("import.xml", data("import.xml"))])
        self.assertTrue(self.product(DELIVERY).active)
        self.assertTrue(self.product(DELIVERY).product_tmpl_id.active)
        self.assertFalse(self.product("a1b2c3d4-0004-11ee").active)

    def test_ut11_split_files_protocol_3(self):
        self.env["ir.config_parameter"].set_param("b2b_exchange_1c.base_price_type", "Оптовая")
        client = self.client()
        files = ["import0_1.xml", "offers0_1.xml", "prices0_1.xml", "rests0_1.xml"]
        answers = client.exchange([(name, data(f"ut11/{name}")) for name in files], version="3.1")
        self.assertEqual(answers, [["success"]] * 4)
        self.assertEqual(client.lines("catalog", "deactivate", timestamp="1764590400"), ["success"])
        self.assertEqual(client.lines("catalog", "complete"), ["success"])
        first, second = self.product("ut-good-1"), self.product("ut-good-2")
        self.assertEqual(first.name, "Тетрадь 48 листов, клетка")
        self.assertEqual(first.weight, 0.15)
        self.assertEqual(first.list_price, 38.2)  # the configured base type, not the first one
        self.assertEqual(second.list_price, 70)
        self.assertEqual(self.on_hand(first), 120)  # both 1C warehouses unmapped → the main one
        self.assertEqual(self.on_hand(second), 3)
        # the other catalog (2.10 fixture) is not touched by this full exchange
        self.full_exchange()
        self.assertTrue(self.product(PAPER).active)
        self.assertTrue(self.product("ut-good-1").active)

    def test_protocol_3_deactivate_archives_missing_goods(self):
        client = self.client()
        client.exchange([("import0_1.xml", data("ut11/import0_1.xml"))], version="3.1")
        client.lines("catalog", "complete")
        only_first = data("ut11/import0_1.xml").decode()
        start = only_first.index("<Товар>", only_first.index("ut-good-1"))
        end = only_first.index("</Товар>", start) + len("</Товар>")
        only_first = only_first[:start] + only_first[end:]
        client = self.client()
        self.assertEqual(client.exchange([("import0_1.xml", only_first.encode())], version="3.1"), [["success"]])
        self.assertTrue(self.product("ut-good-2").active)  # 3.x waits for deactivate
        self.assertEqual(client.lines("catalog", "deactivate"), ["success"])
        self.assertTrue(self.product("ut-good-1").active)
        self.assertFalse(self.product("ut-good-2").active)

    def assert_refused(self, name, content, expected, after=None):
        self.full_exchange()
        before = self.snapshot()
        answers = self.client().exchange([(name, content)])
        self.assertEqual(answers[0][0], "failure")
        self.assertIn(expected, answers[0][1])
        self.assertEqual(self.snapshot(), before)
        upload = self.env["b2b.exchange.file"].search([("name", "=", name)], order="id desc", limit=1)
        self.assertEqual(upload.state, "failed")
        self.assertTrue(upload.error)

    def test_malformed_xml(self):
        self.assert_refused("import.xml", data("bad/import_malformed.xml"), "XML")

    def test_good_without_id(self):
        self.assert_refused("import.xml", data("bad/import_no_id.xml"), "Ид")
        self.assertFalse(self.product("new-good-before-error"))

    def test_undeclared_price_type(self):
        self.assert_refused("offers.xml", data("bad/offers_unknown_price_type.xml"), "pt-undeclared")

    def test_not_commerceml(self):
        self.assert_refused("import.xml", b"<?xml version='1.0'?><html><body/></html>", "КоммерческаяИнформация")
