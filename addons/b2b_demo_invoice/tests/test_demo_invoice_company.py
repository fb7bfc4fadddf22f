from odoo import Command, http
from odoo.addons.b2b_portal.tests.common import B2bTestCommon
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDemoInvoiceCompany(B2bTestCommon, HttpCase):
    """The demo quotation is made in the distributor's legal entity of the settings (not Odoo's
    first company, which is the public visitor's): its currency, taxes and fiscal position."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main = cls.env.ref("base.main_company")
        cls.distributor = cls._b2b_make_distributor_entity("ООО «Опт-Второй»", chart=True)
        cls.rub = cls.distributor.currency_id
        cls.assertNotEqual(cls, cls.main.currency_id, cls.rub)
        cls.vat20 = cls.env["account.tax"].create(
            {"name": "НДС 20% (тест)", "amount": 20, "type_tax_use": "sale", "company_id": cls.distributor.id}
        )
        cls.product = cls._b2b_make_product("Блок календарный A4", code="T-A4", price=150.0)
        # the distributor's 20 % and whatever sales tax Odoo's first company has: only the first applies
        main_taxes = cls.env["account.tax"].search([("company_id", "=", cls.main.id), ("type_tax_use", "=", "sale")])
        cls.product.taxes_id = [Command.set((main_taxes | cls.vat20).ids)]
        cls.main_only = cls._b2b_make_product("Стул конференционный", code="T-CHAIR", company_id=cls.main.id)
        cls.unpublished = cls._b2b_make_product("Депозит", code="T-DEP", b2b_catalog_published=False)

    def _post(self, data):
        return self.url_open("/b2b/demo-invoice", data=dict(data, csrf_token=http.Request.csrf_token(self)))

    def test_page_lists_the_distributors_goods_in_its_currency(self):
        self.authenticate(None, None)
        page = self.url_open("/b2b/demo-invoice").text
        self.assertIn('data-sku="T-A4"', page)
        self.assertNotIn('data-sku="T-CHAIR"', page)  # another company's goods
        self.assertNotIn('data-sku="T-DEP"', page)  # not in the B2B catalog
        self.assertIn(self.rub.symbol, page)
        self.assertNotIn(self.main.currency_id.symbol + "\xa0", page)
        self.assertIn("150,00", page)

    def test_quotation_in_the_distributor_company(self):
        self.authenticate(None, None)
        form = {f"qty_{self.product.id}": "2", "email": "visitor@example.com", "name": "Иван", "action": "send"}
        self.assertIn("o_b2b_demo_sent", self._post(form).text)
        order = self.env["sale.order"].search([("b2b_demo_request", "=", True)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.company_id, self.distributor)
        self.assertEqual(order.currency_id, self.rub)
        self.assertFalse(order.pricelist_id)
        self.assertEqual(order.order_line.tax_id, self.vat20)
        self.assertEqual(order.order_line.price_unit, 150.0)
        self.assertEqual(order.amount_total, 360.0)
        self.assertIn(order.fiscal_position_id.company_id, (self.distributor, self.env["res.company"]))
        mail = self.env["mail.mail"].search([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.assertIn(self.distributor.name, mail.subject)
        # a product of another company, posted by hand, is refused like a vanished one
        form[f"qty_{self.main_only.id}"] = "1"
        self._post(form)
        self.assertEqual(len(self.env["sale.order"].search([("b2b_demo_request", "=", True)])), 1)
