"""The shared layer of Russian documents, without a database: amounts in words, units, addresses."""

from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from odoo.tests import BaseCase, tagged

from ..tools import ru_documents as rd

HYPOTHESIS = settings(max_examples=300, deadline=None, database=None, derandomize=True)


def ref_plural_index(n):
    """The Russian plural rule as gettext's Plural-Forms header of ru.po writes it."""
    if n % 10 == 1 and n % 100 != 11:
        return 0
    if 2 <= n % 10 <= 4 and (n % 100 < 10 or n % 100 >= 20):
        return 1
    return 2


@tagged("post_install", "-at_install")
class TestRuDocuments(BaseCase):
    def test_amount_in_words_as_on_invoices(self):
        cases = {
            0: "Ноль рублей 00 копеек",
            1: "Один рубль 00 копеек",
            2: "Два рубля 00 копеек",
            5: "Пять рублей 00 копеек",
            11: "Одиннадцать рублей 00 копеек",
            12: "Двенадцать рублей 00 копеек",
            21: "Двадцать один рубль 00 копеек",
            22.02: "Двадцать два рубля 02 копейки",
            111.11: "Сто одиннадцать рублей 11 копеек",
            0.01: "Ноль рублей 01 копейка",
            0.21: "Ноль рублей 21 копейка",
            1234.56: "Одна тысяча двести тридцать четыре рубля 56 копеек",
            2000: "Две тысячи рублей 00 копеек",
            10025: "Десять тысяч двадцать пять рублей 00 копеек",
            1000000.01: "Один миллион рублей 01 копейка",
            2_000_000_000: "Два миллиарда рублей 00 копеек",
        }
        for amount, words in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(rd.rub_in_words(amount), words)
        self.assertEqual(rd.rub_in_words(3300, capital=False), "три тысячи триста рублей 00 копеек")
        self.assertEqual(rd.rub_in_words(-5.5), "Минус пять рублей 50 копеек")

    def test_amount_is_rounded_half_up_to_kopecks(self):
        # binary floats: 0.285 is 0.28499999..., 1.005 is 1.00499999...; documents round half up
        self.assertEqual(rd.rub_in_words(0.285), "Ноль рублей 29 копеек")
        self.assertEqual(rd.rub_in_words(1.005), "Один рубль 01 копейка")
        self.assertEqual(rd.rub_in_words(0.999), "Один рубль 00 копеек")
        self.assertEqual(rd.rub_in_words("1 000,50".replace(" ", "").replace(",", ".")), "Одна тысяча рублей 50 копеек")
        for bad in ("abc", float("nan"), float("inf")):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                rd.rub_in_words(bad)

    @HYPOTHESIS
    @given(st.integers(0, 10**12 - 1), st.integers(0, 99))
    def test_amount_in_words_agrees_with_num2words(self, rubles, kopecks):
        words = rd.rub_in_words(f"{rubles}.{kopecks:02d}", capital=False)
        rouble = rd.RUB_FORMS[ref_plural_index(rubles)]
        kopeck = rd.KOPECK_FORMS[ref_plural_index(kopecks)]
        self.assertEqual(words, f"{num2words(rubles, lang='ru')} {rouble} {kopecks:02d} {kopeck}")

    def test_plural_forms(self):
        for n in range(0, 2000):
            with self.subTest(n=n):
                self.assertEqual(rd.plural_form(n, (0, 1, 2)), ref_plural_index(n))

    def test_address_without_empty_parts(self):
        self.assertEqual(
            rd.join_address("ул. Складская, д. 7, стр. 2", "", "Москва"), "ул. Складская, д. 7, стр. 2, Москва"
        )
        self.assertEqual(
            rd.join_address("115280", None, "Москва", " ул. Складская, д. 7, ", "  ", "стр.  2"),
            "115280, Москва, ул. Складская, д. 7, стр. 2",
        )
        self.assertEqual(rd.join_address("", None, " , "), "")
        self.assertEqual(
            rd.join_address("Москва", "Москва", "ул. Ленина"), "Москва, ул. Ленина", "a region equal to the city"
        )
        self.assertNotIn(", ,", rd.join_address("a", ",", "b", ", ,", "c"))

    def test_units_short_names_and_okei(self):
        self.assertEqual(rd.okei_unit("uom.product_uom_unit", "Units"), ("шт", "796"))
        self.assertEqual(rd.okei_unit("uom.product_uom_kgm", "kg"), ("кг", "166"))
        self.assertEqual(rd.okei_unit("uom.product_uom_meter", "m"), ("м", "006"))
        self.assertEqual(rd.okei_unit("uom.product_uom_litre", "L"), ("л", "112"))
        self.assertEqual(rd.okei_unit("uom.product_uom_cubic_meter", "m³"), ("м³", "113"))
        # units created by hand are known by their name, in English or Russian, any case
        self.assertEqual(rd.okei_unit(None, "Упак."), ("упак", "778"))
        self.assertEqual(rd.okei_unit("__export__.uom_uom_42", " Pack "), ("упак", "778"))
        self.assertEqual(rd.okei_unit(None, "Единицы"), ("шт", "796"))
        # unknown: the unit's own name and no code
        self.assertEqual(rd.okei_unit(None, "Бочка"), ("Бочка", ""))
        self.assertEqual(rd.okei_unit(None, False), ("", ""))
        for short, code in rd.OKEI_BY_XMLID.values():
            self.assertRegex(code, r"^\d{3}$", short)
