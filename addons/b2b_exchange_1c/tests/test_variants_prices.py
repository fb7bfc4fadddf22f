from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.tests import tagged

from .common import Exchange1cCase, data

NOTEBOOK = "b7000000-0001-11ee-8c90-0242ac120002"
RED, BLUE = f"{NOTEBOOK}#c-red", f"{NOTEBOOK}#c-blue"


@tagged("post_install", "-at_install")
class TestVariantsAndPrices(Exchange1cCase, B2bTestCommon):
    """Characteristics (товар#характеристика) as variants with their own price and stock;
    properties as the catalog's characteristics; prices in another currency and per pack; a
    contract priced by a 1C price type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._b2b_setup()
        cls.env["ir.config_parameter"].set_param("b2b_pricing.stock_floor", "1000000")
        cls.company_currency = cls.env.company.currency_id
        # the fixture's wholesale prices are in roubles: 100 roubles to one unit of the company's currency
        # (or the company's own currency when that is the rouble)
        cls.rub = cls.env.ref("base.RUB")
        cls.rub.active = True
        cls.rub_rate = 1.0 if cls.company_currency == cls.rub else 100.0
        if cls.company_currency != cls.rub:
            cls.env["res.currency.rate"].create({"currency_id": cls.rub.id, "rate": cls.rub_rate, "name": "2020-01-01"})
        cls.usd = cls.env.ref("base.USD")
        cls.usd.active = True
        if cls.company_currency != cls.usd:
            cls.env["res.currency.rate"].create({"currency_id": cls.usd.id, "rate": 0.5, "name": "2020-01-01"})
        cls.dealer = cls.env["product.pricelist"].create({"name": "Дилерская из 1С", "currency_id": cls.usd.id})
        cls.dealer_type = cls.env["b2b.exchange.price.type"].create(
            {"name": "Дилерская", "pricelist_id": cls.dealer.id}
        )
        cls.env["ir.config_parameter"].set_param("b2b_exchange_1c.base_price_type", "Оптовая")

    def exchange(self):
        return Exchange1cCase.client(self).exchange(
            [("import.xml", data("variants/import.xml")), ("offers.xml", data("variants/offers.xml"))]
        )

    def in_company(self, roubles):
        return roubles / self.rub_rate

    def test_variants_properties_currency_and_coefficient(self):
        self.assertEqual(self.exchange(), [["success"], ["success"]])
        bare, red, blue = self.product(NOTEBOOK), self.product(RED), self.product(BLUE)
        self.assertTrue(red and blue)
        self.assertEqual(red.product_tmpl_id, bare.product_tmpl_id)  # variants of the good, not new goods
        self.assertEqual(blue.product_tmpl_id, bare.product_tmpl_id)
        self.assertFalse(bare.active)  # the good is sold as its characteristics
        self.assertTrue(bare.product_tmpl_id.active)
        self.assertEqual(red.product_template_attribute_value_ids.name, "красный")
        self.assertEqual(red.product_template_attribute_value_ids.attribute_id.name, "Цвет обложки")
        self.assertEqual(blue.product_template_attribute_value_ids.name, "синий")
        self.assertEqual(red.default_code or bare.default_code, "TETR-96")
        # own price and stock each: 1200 roubles per pack of 10 → 120 roubles a piece
        self.assertAlmostEqual(red.lst_price, self.in_company(120.0), places=4)
        self.assertAlmostEqual(blue.lst_price, self.in_company(135.0), places=4)
        self.assertEqual(self.on_hand(red), 30)
        self.assertEqual(self.on_hand(blue), 7)
        # the mapped price type in dollars: its pricelist (in dollars) per variant
        self.assertAlmostEqual(self.dealer._get_product_price(red, 1.0), 1.5)
        self.assertAlmostEqual(self.dealer._get_product_price(blue, 1.0), 2.0)
        # properties → characteristics, the reference value resolved; the unknown property left out
        characteristics = bare.product_tmpl_id.b2b_characteristic_ids
        self.assertEqual([(c.name, c.value) for c in characteristics], [("Формат", "A5"), ("Количество листов", "96")])
        # the same exchange twice: no new variants, attributes or characteristics
        counts = (
            self.env["product.product"].with_context(active_test=False).search_count([]),
            self.env["product.template.attribute.value"].search_count([]),
            len(characteristics),
        )
        self.assertEqual(self.exchange(), [["success"], ["success"]])
        self.env.invalidate_all()
        self.assertEqual(
            (
                self.env["product.product"].with_context(active_test=False).search_count([]),
                self.env["product.template.attribute.value"].search_count([]),
                len(bare.product_tmpl_id.b2b_characteristic_ids),
            ),
            counts,
        )
        self.assertFalse(self.product(NOTEBOOK).active)

    def test_unknown_currency_fails_the_file(self):
        self.exchange()
        red = self.product(RED)
        price = red.lst_price
        answers = Exchange1cCase.client(self).exchange([("offers.xml", data("variants/offers_bad_currency.xml"))])
        self.assertEqual(answers[0][0], "failure")
        self.assertIn("ДУБЛОН", answers[0][1])
        self.assertEqual(self.product(RED).lst_price, price)

    def test_contract_priced_by_a_1c_price_type(self):
        self.exchange()
        red, blue = self.product(RED), self.product(BLUE)
        contract = self._b2b_make_contract(self.client, discount_percent=20)
        red_by_formula = self.client._b2b_get_catalog_prices(red)[red.id]
        self.assertAlmostEqual(red_by_formula, red.lst_price * 0.8, places=4)  # the formula, own price
        contract.b2b_1c_price_type_id = self.dealer_type
        self.env.invalidate_all()
        # dealer prices are in dollars; the contract's pricelist in the company's currency
        expected = {red: self.usd._convert(1.5, contract.pricelist_id.currency_id, self.env.company, "2026-12-01")}
        expected[blue] = self.usd._convert(2.0, contract.pricelist_id.currency_id, self.env.company, "2026-12-01")
        prices = self.client._b2b_get_catalog_prices(red | blue)
        for product, price in expected.items():
            self.assertAlmostEqual(prices[product.id], price, places=2)
        # the order the client builds carries the same number
        order = self.env["sale.order"]._b2b_draft_for_user(self.client_users["buyer"], create=True)
        order._b2b_add_product(red, 3)
        line = order.sudo().order_line
        self.assertAlmostEqual(line.price_unit, expected[red], places=2)
        # back to the formula
        contract.b2b_1c_price_type_id = False
        self.env.invalidate_all()
        self.assertAlmostEqual(self.client._b2b_get_catalog_prices(red)[red.id], red_by_formula, places=4)
