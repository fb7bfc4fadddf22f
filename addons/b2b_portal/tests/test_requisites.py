"""Requisites, units and amounts of the shared document layer, on real records."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestRequisites(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.moscow = cls.env.ref("base.ru")
        cls.with_bank = cls.env["res.partner"].create(
            {
                "name": "ООО «Альфа»",
                "is_company": True,
                "b2b_is_client": True,
                "vat": "7707083893",
                "b2b_kpp": "773601001",
                "zip": "115280",
                "city": "Москва",
                "street": "ул. Складская, д. 7",
                "street2": "",
                "country_id": cls.moscow.id,
                "b2b_bank_name": "ПАО Сбербанк",
                "b2b_bank_bik": "044525225",
                "b2b_bank_account": "40702810938000000001",
                "b2b_bank_corr_account": "30101810400000000225",
            }
        )
        cls.without_bank = cls.env["res.partner"].create(
            {"name": "ИП Смирнова А. В.", "is_company": True, "vat": "500100732259", "street": "ул. Ленина, 1"}
        )

    def test_requisites_with_bank(self):
        r = self.with_bank._b2b_requisites()
        self.assertEqual(
            {k: r[k] for k in ("name", "inn", "kpp", "bank_name", "bik", "account", "corr_account", "has_bank")},
            {
                "name": "ООО «Альфа»",
                "inn": "7707083893",
                "kpp": "773601001",
                "bank_name": "ПАО Сбербанк",
                "bik": "044525225",
                "account": "40702810938000000001",
                "corr_account": "30101810400000000225",
                "has_bank": True,
            },
        )
        # Russia is not written out; the empty second street line leaves no empty part
        self.assertEqual(r["address"], "115280, Москва, ул. Складская, д. 7")

    def test_requisites_without_bank(self):
        r = self.without_bank._b2b_requisites()
        self.assertEqual(
            (r["inn"], r["kpp"], r["account"], r["bik"], r["has_bank"]), ("500100732259", "", "", "", False)
        )
        self.assertEqual(r["address"], "ул. Ленина, 1")

    def test_bank_from_odoo_bank_account(self):
        bank = self.env["res.bank"].create({"name": "АО «Банк»", "bic": "044525593"})
        self.env["res.partner.bank"].create(
            {"partner_id": self.without_bank.id, "acc_number": "40802810701300000001", "bank_id": bank.id}
        )
        r = self.without_bank._b2b_requisites()
        self.assertEqual(
            (r["bank_name"], r["bik"], r["account"], r["has_bank"]),
            ("АО «Банк»", "044525593", "40802810701300000001", True),
        )

    def test_delivery_address_of_a_company(self):
        """A delivery contact gives its own address and its company's legal details."""
        depot = self.env["res.partner"].create(
            {
                "name": "Склад",
                "type": "delivery",
                "parent_id": self.with_bank.id,
                "city": "Подольск",
                "street": "ул. Заводская, 3",
                "street2": "стр. 2",
            }
        )
        r = depot._b2b_requisites()
        self.assertEqual((r["name"], r["inn"], r["kpp"]), ("ООО «Альфа»", "7707083893", "773601001"))
        self.assertEqual(r["address"], "Подольск, ул. Заводская, 3, стр. 2")
        foreign = self.env["res.partner"].create(
            {
                "name": "Foreign",
                "city": "Минск",
                "street": "пр. Победителей, 1",
                "country_id": self.env.ref("base.by").id,
            }
        )
        self.assertIn("Минск", foreign._b2b_requisites()["address"])
        self.assertIn(self.env.ref("base.by").name, foreign._b2b_requisites()["address"])

    def test_requisites_block(self):
        def render(partner, **values):
            html = self.env["ir.qweb"]._render(
                "b2b_portal.b2b_requisites_block", {"requisites": partner._b2b_requisites(), **values}
            )
            return str(html)

        html = render(self.with_bank)
        for text in ("ООО «Альфа»", "INN 7707083893", "KPP 773601001", "115280, Москва, ул. Складская, д. 7"):
            self.assertIn(text, html.replace("&lt;", "<").replace("&gt;", ">").replace("&#34;", '"'))
        self.assertIn("40702810938000000001", html)
        self.assertIn("BIK 044525225", html)
        self.assertNotIn(", ,", html)
        self.assertNotIn("40702810938000000001", render(self.with_bank, with_bank=False))
        html = render(self.without_bank)
        self.assertNotIn("KPP", html)
        self.assertNotIn("BIK", html)
        self.assertNotIn(", ,", html)
        bank_html = str(
            self.env["ir.qweb"]._render("b2b_portal.b2b_bank_block", {"requisites": self.with_bank._b2b_requisites()})
        )
        self.assertEqual(bank_html.count("Acc. No."), 2)
        self.assertIn("30101810400000000225", bank_html)

    def test_bank_block_in_russian(self):
        """The labels of the payment order head: «Сч. №», not Odoo's «Учетная запись» for "Account"."""
        self.env["res.lang"]._activate_lang("ru_RU")
        self.env["ir.module.module"]._load_module_terms(["b2b_portal"], ["ru_RU"], overwrite=True)
        html = str(
            self.env["ir.qweb"]
            .with_context(lang="ru_RU")
            ._render("b2b_portal.b2b_bank_block", {"requisites": self.with_bank._b2b_requisites()})
        )
        self.assertEqual(html.count("Сч. №"), 2)
        for text in ("Банк получателя", "Получатель", "БИК", "ИНН 7707083893", "КПП 773601001"):
            self.assertIn(text, html)
        self.assertNotIn("Учетная запись", html)
        line = str(
            self.env["ir.qweb"]
            .with_context(lang="ru_RU")
            ._render("b2b_portal.b2b_requisites_block", {"requisites": self.with_bank._b2b_requisites()})
        )
        self.assertIn("р/с 40702810938000000001 в ПАО Сбербанк, БИК 044525225, к/с 30101810400000000225", line)

    def test_unit_names_and_okei(self):
        unit, kg, litre = (self.env.ref(f"uom.product_uom_{x}") for x in ("unit", "kgm", "litre"))
        pack = self.env["uom.uom"].create(
            {"name": "упак", "category_id": unit.category_id.id, "uom_type": "bigger", "factor_inv": 10}
        )
        barrel = self.env["uom.uom"].create(
            {"name": "Бочка", "category_id": litre.category_id.id, "uom_type": "bigger", "factor_inv": 200}
        )
        units = (unit | kg | litre | pack | barrel).with_context(lang="ru_RU")._b2b_okei()
        self.assertEqual(units[unit.id], ("шт", "796"))
        self.assertEqual(units[kg.id], ("кг", "166"))
        self.assertEqual(units[litre.id], ("л", "112"))
        self.assertEqual(units[pack.id], ("упак", "778"))
        self.assertEqual(units[barrel.id], ("Бочка", ""))

    def test_amount_in_words_by_currency(self):
        rub = self.env.ref("base.RUB")
        self.assertEqual(rub._b2b_amount_in_words(1234.56), "Одна тысяча двести тридцать четыре рубля 56 копеек")
        self.assertEqual(rub.with_context(lang="en_US")._b2b_amount_in_words(2), "Два рубля 00 копеек")
        self.assertEqual(rub._b2b_short_name(), "руб.")
        usd = self.env.ref("base.USD")
        self.assertEqual(usd._b2b_short_name(), "USD")
        self.assertEqual(usd._b2b_amount_in_words(2), usd.amount_to_text(2))
