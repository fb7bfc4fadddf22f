"""Validators of Russian company numbers, against reference implementations written from the rules."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..tools import ru_numbers as rn

HYPOTHESIS = settings(max_examples=300, deadline=None, database=None, derandomize=True)


# ---------------------------------------------------------------- reference implementations (from the rules)
def _weighted(digits, weights):
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True))


def ref_inn_valid(number):
    if number.startswith("00"):
        return False
    if len(number) == 10 and number.isascii() and number.isdigit():
        return _weighted(number[:9], (2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10 == int(number[9])
    if len(number) == 12 and number.isascii() and number.isdigit():
        d11 = _weighted(number[:10], (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10
        d12 = _weighted(number[:11], (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10
        return (d11, d12) == (int(number[10]), int(number[11]))
    return False


def ref_ogrn_valid(number):
    if not (number.isascii() and number.isdigit()):
        return False
    if len(number) == 13:
        return number[0] != "0" and int(number[:12]) % 11 % 10 == int(number[12])
    if len(number) == 15:
        return number[0] in "34" and int(number[:14]) % 13 % 10 == int(number[14])
    return False


def ref_account_valid(bik, account, correspondent=False):
    digits = ("0" + bik[4:6] if correspondent else bik[6:9]) + account
    return sum(int(d) * (7, 1, 3)[i % 3] for i, d in enumerate(digits)) % 10 == 0


# ---------------------------------------------------------------- strategies
def digits(n):
    return st.text(alphabet=string.digits, min_size=n, max_size=n)


@st.composite
def company_inns(draw):
    body = draw(digits(9).filter(lambda d: not d.startswith("00")))
    return body + str(_weighted(body, (2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10)


@st.composite
def entrepreneur_inns(draw):
    body = draw(digits(10).filter(lambda d: not d.startswith("00")))
    body += str(_weighted(body, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10)
    return body + str(_weighted(body, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 % 10)


@st.composite
def ogrns(draw):
    body = draw(st.sampled_from("123456789")) + draw(digits(11))
    return body + str(int(body) % 11 % 10)


@st.composite
def ogrnips(draw):
    body = draw(st.sampled_from("34")) + draw(digits(13))
    return body + str(int(body) % 13 % 10)


@st.composite
def biks(draw):
    return "04" + draw(digits(7))


@st.composite
def bik_and_account(draw, correspondent=False):
    bik = draw(biks())
    account = ("301" + draw(digits(17))) if correspondent else draw(digits(20))
    return bik, rn.account_check_digit(bik, account, correspondent).join((account[:8], account[9:]))


@st.composite
def mutated(draw, strategy):
    """A valid number with one digit changed, or two neighbours swapped."""
    number = draw(strategy)
    position = draw(st.integers(0, len(number) - 1))
    if draw(st.booleans()) and position < len(number) - 1:
        swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
        return swapped
    delta = draw(st.integers(1, 9))
    return number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1 :]


@tagged("post_install", "-at_install")
class TestRuNumbers(BaseCase):
    # ------------------------------------------------------------ INN
    @HYPOTHESIS
    @given(company_inns())
    def test_valid_company_inn(self, inn):
        self.assertEqual(rn.validate_inn(inn), inn)
        self.assertTrue(rn.is_legal_entity_inn(inn))
        self.assertEqual(rn.validate_inn(f" {inn[:4]} {inn[4:]} "), inn, "spaces are dropped")

    @HYPOTHESIS
    @given(entrepreneur_inns())
    def test_valid_entrepreneur_inn(self, inn):
        self.assertEqual(rn.validate_inn(inn), inn)
        self.assertFalse(rn.is_legal_entity_inn(inn))

    @HYPOTHESIS
    @given(entrepreneur_inns().filter(lambda inn: _weighted(inn[:10], (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)) % 11 == 10))
    def test_entrepreneur_inn_that_base_vat_rejects(self, inn):
        """Odoo's base_vat compares the first check digit with the remainder itself (10 is never a digit)."""
        self.assertEqual(inn[10], "0")
        self.assertEqual(rn.validate_inn(inn), inn)

    @HYPOTHESIS
    @given(st.one_of(mutated(company_inns()), mutated(entrepreneur_inns())).filter(lambda n: not ref_inn_valid(n)))
    def test_mutated_inn(self, inn):
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_inn(inn)

    @HYPOTHESIS
    @given(st.text(max_size=14))
    def test_inn_agrees_with_reference(self, text):
        expected = ref_inn_valid(rn.compact(text))
        try:
            rn.validate_inn(text)
        except rn.InvalidNumber:
            self.assertFalse(expected, text)
        else:
            self.assertTrue(expected, text)

    def test_inn_messages(self):
        cases = {
            "": "required",
            "77070838930": "10 digits",
            "770708389": "10 digits",
            "77070838A3": "Only digits",
            "７７０７０８３８９３": "Only digits",  # full-width digits look like digits
            "٧٧٠٧٠٨٣٨٩٣": "Only digits",
            "7707083894": "check digits",
            "0000000000": "never 00",
            "000000000000": "never 00",
        }
        for number, message in cases.items():
            with self.subTest(number=number), self.assertRaises(rn.InvalidNumber) as caught:
                rn.validate_inn(number)
            self.assertIn(message, str(caught.exception))
        # Sberbank's INN, and an entrepreneur's INN whose first check sum leaves 10 (base_vat rejects it)
        self.assertEqual(rn.validate_inn("7707083893"), "7707083893")
        self.assertEqual(rn.validate_inn("771200000003"), "771200000003")

    # ------------------------------------------------------------ KPP
    @HYPOTHESIS
    @given(
        st.text(alphabet="123456789", min_size=1, max_size=1),
        digits(3),
        st.text(alphabet=string.digits + string.ascii_uppercase, min_size=2, max_size=2),
        digits(3),
    )
    def test_valid_kpp(self, first, office, reason, tail):
        kpp = first + office + reason + tail
        self.assertEqual(rn.validate_kpp(kpp), kpp)
        self.assertEqual(rn.validate_kpp(kpp.lower()), kpp)

    def test_invalid_kpp(self):
        for kpp in ("", "77360100", "7736010011", "773601O0A", "0000010001", "77-601001", "7736Я1001"):
            with self.subTest(kpp=kpp), self.assertRaises(rn.InvalidNumber):
                rn.validate_kpp(kpp)

    # ------------------------------------------------------------ OGRN / OGRNIP
    @HYPOTHESIS
    @given(ogrns())
    def test_valid_ogrn(self, number):
        self.assertEqual(rn.validate_ogrn(number), number)
        self.assertEqual(rn.validate_ogrn(number, entrepreneur=False), number)
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_ogrn(number, entrepreneur=True)

    @HYPOTHESIS
    @given(ogrnips())
    def test_valid_ogrnip(self, number):
        """Including those whose remainder modulo 13 is 10..12 (check digit = its last digit)."""
        self.assertEqual(rn.validate_ogrn(number), number)
        self.assertEqual(rn.validate_ogrn(number, entrepreneur=True), number)
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_ogrn(number, entrepreneur=False)

    @HYPOTHESIS
    @given(st.one_of(mutated(ogrns()), mutated(ogrnips())).filter(lambda n: not ref_ogrn_valid(n)))
    def test_mutated_ogrn(self, number):
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_ogrn(number)

    @HYPOTHESIS
    @given(st.one_of(digits(13), digits(15), st.text(max_size=16)))
    def test_ogrn_agrees_with_reference(self, text):
        expected = ref_ogrn_valid(rn.compact(text))
        try:
            rn.validate_ogrn(text)
        except rn.InvalidNumber:
            self.assertFalse(expected, text)
        else:
            self.assertTrue(expected, text)

    def test_known_ogrn(self):
        self.assertEqual(rn.validate_ogrn("1027700132195"), "1027700132195")  # Sberbank
        self.assertEqual(rn.validate_ogrn("304500116000157"), "304500116000157")
        self.assertEqual(rn.ogrnip_check_digit("30450011600015"), "7")
        # remainder 10..12 modulo 13: the check digit is its last digit (python-stdnum 2.2 rejects these)
        self.assertEqual(rn.validate_ogrn("304770000079190"), "304770000079190")

    # ------------------------------------------------------------ BIK and accounts
    @HYPOTHESIS
    @given(bik_and_account())
    def test_valid_account(self, bik_account):
        bik, account = bik_account
        self.assertTrue(ref_account_valid(bik, account))
        self.assertEqual(rn.validate_account(account, bik), account)

    @HYPOTHESIS
    @given(bik_and_account(correspondent=True))
    def test_valid_correspondent_account(self, bik_account):
        bik, account = bik_account
        self.assertTrue(ref_account_valid(bik, account, correspondent=True))
        self.assertEqual(rn.validate_account(account, bik, correspondent=True), account)

    @HYPOTHESIS
    @given(bik_and_account(), st.integers(0, 19), st.integers(1, 9))
    def test_changed_account_digit_is_caught(self, bik_account, position, delta):
        """Weights 7, 1, 3 are prime to 10: any single changed digit changes the key."""
        bik, account = bik_account
        changed = account[:position] + str((int(account[position]) + delta) % 10) + account[position + 1 :]
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_account(changed, bik)

    @HYPOTHESIS
    @given(st.tuples(bik_and_account(), biks()).filter(lambda t: not ref_account_valid(t[1], t[0][1])))
    def test_account_against_other_bik(self, case):
        (_bik, account), other_bik = case
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_account(account, other_bik)

    def test_known_bank_details(self):
        # Sberbank, Moscow: BIK, its correspondent account, and a client's account there
        self.assertEqual(rn.validate_bik("044525225"), "044525225")
        self.assertEqual(
            rn.validate_account("30101810400000000225", "044525225", correspondent=True), "30101810400000000225"
        )
        self.assertEqual(rn.validate_account("40702810800000054321", "044525225"), "40702810800000054321")
        for bik in ("", "04452522", "0445252255", "144525225", "04452522Б"):
            with self.subTest(bik=bik), self.assertRaises(rn.InvalidNumber):
                rn.validate_bik(bik)
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_account("4070281080000005432", "044525225")
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_account("40702810800000054321", "04452522")
        with self.assertRaises(rn.InvalidNumber):
            rn.validate_account("40702810800000054321", "044525225", correspondent=True)
        self.assertEqual(rn.validate_account("40702810800000054322"), "40702810800000054322", "format only without BIK")
