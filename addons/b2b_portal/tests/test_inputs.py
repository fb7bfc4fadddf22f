"""Quantities and record ids from forms and routes: what people type is accepted, what attackers
send (nan, 1e309, 400 digits, NUL, ids beyond int4) gets a message."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import BaseCase, tagged

from ..tools import inputs
from ..tools.inputs import InvalidInput, parse_int_id, parse_quantity

HYPOTHESIS = settings(max_examples=300, deadline=None, database=None, derandomize=True)


@tagged("post_install", "-at_install")
class TestInputs(BaseCase):
    def test_quantities_people_type(self):
        cases = {
            "10": 10.0,
            " 10 ": 10.0,
            "10,5": 10.5,
            "10.5": 10.5,
            "1 000": 1000.0,
            "1\xa0000": 1000.0,
            "1\u202f000,25": 1000.25,
            ",5": 0.5,
            "+3": 3.0,
            "0.0004": 0.0,  # rounded to 3 digits → zero, refused below unless allowed
            7: 7.0,
            2.5: 2.5,
        }
        for text, expected in cases.items():
            with self.subTest(text=text):
                self.assertEqual(parse_quantity(text, 3, allow_zero=True), expected)
        self.assertEqual(parse_quantity("1,23456", 3), 1.235)
        self.assertEqual(parse_quantity("0", 3, allow_zero=True), 0.0)

    def test_quantities_refused(self):
        number = "Enter the quantity as a number"
        large = "too large"
        positive = "greater than zero"
        cases = {
            "": number,
            "   ": number,
            "abc": number,
            "10 шт": number,
            "nan": number,
            "NaN": number,
            "inf": number,
            "-inf": number,
            "1e309": number,
            "1e3": number,
            "0x10": number,
            "1.2.3": number,
            "1,5,5": number,
            "١٠": number,  # Arabic-Indic digits: float() would take them
            "10\x00": number,
            "9" * 400: large,
            "1" + "0" * 30: large,
            "1000000001": large,
            "-1": positive,
            "-0,5": positive,
            "0": positive,
            "0.0004": positive,
            None: number,
            True: number,
            math.nan: number,
            math.inf: large,
            10**30: large,
            -3: positive,
        }
        for value, message in cases.items():
            with self.subTest(value=value), self.assertRaises(InvalidInput) as caught:
                parse_quantity(value, 3)
            self.assertIn(message, str(caught.exception))
        with self.assertRaises(InvalidInput) as caught:
            parse_quantity("-1", 3, allow_zero=True)
        self.assertIn("cannot be negative", str(caught.exception))
        self.assertEqual(parse_quantity("-0,0004", 3, allow_zero=True), 0.0)
        with self.assertRaises(InvalidInput):
            parse_quantity("11", 0, maximum=10)
        self.assertEqual(parse_quantity("10", 0, maximum=10), 10.0)
        self.assertEqual(parse_quantity("1e9".replace("1e9", "1000000000"), 3), 1e9)

    @HYPOTHESIS
    @given(st.decimals(min_value="0.001", max_value="999999999", places=3), st.sampled_from([".", ","]), st.booleans())
    def test_formatted_quantities_round_trip(self, value, comma, grouped):
        integer, fraction = f"{value:f}".split(".")
        if grouped:
            integer = f"{int(integer):,}".replace(",", "\xa0")
        self.assertEqual(parse_quantity(f"{integer}{comma}{fraction}", 3), float(value))

    @HYPOTHESIS
    @given(st.one_of(st.text(max_size=50), st.floats(allow_nan=True, allow_infinity=True), st.integers()))
    def test_any_value_is_a_bounded_quantity_or_a_message(self, value):
        try:
            quantity = parse_quantity(value, 2, allow_zero=True)
        except InvalidInput as error:
            self.assertTrue(str(error))
        else:
            self.assertTrue(math.isfinite(quantity))
            self.assertTrue(0 <= quantity <= 1e9)

    def test_ids(self):
        for value, expected in {"1": 1, " 42 ": 42, 7: 7, str(inputs.INT4_MAX): inputs.INT4_MAX}.items():
            with self.subTest(value=value):
                self.assertEqual(parse_int_id(value), expected)
        refused = [
            None, "", "0", 0, "-1", -1, "1.0", 1.0, "1e3", "abc", "1\x00", "٣", True,
            str(inputs.INT4_MAX + 1), inputs.INT4_MAX + 1, "9" * 400, [1],
        ]  # fmt: skip
        for value in refused:
            with self.subTest(value=value), self.assertRaises(InvalidInput):
                parse_int_id(value)
            self.assertEqual(parse_int_id(value, default=0), 0)
        self.assertEqual(parse_int_id("5", default=0), 5)

    @HYPOTHESIS
    @given(st.one_of(st.text(max_size=20), st.integers()))
    def test_any_id_fits_postgresql(self, value):
        try:
            number = parse_int_id(value)
        except InvalidInput:
            return
        self.assertTrue(1 <= number <= 2**31 - 1)

    def test_message_is_translatable(self):
        with self.assertRaises(InvalidInput) as caught:
            parse_quantity("x", 3)
        error = caught.exception
        self.assertEqual(error.translated("en_US"), "Enter the quantity as a number.")
        self.assertEqual(str(error), "Enter the quantity as a number.", "English without a request")
        self.assertEqual(error.message._module, "b2b_portal", "looked up in b2b_portal's translations")
        self.assertEqual(error.translated("ru_RU"), "Укажите количество числом.")


@tagged("post_install", "-at_install")
class TestSafeLocalPath(BaseCase):
    def test_same_site_paths_are_kept(self):
        for path in ("/my", "/my/b2b/catalog?search=T-A5&page=2", "/my/b2b/catalog/Блок", "/shop#top"):
            self.assertEqual(inputs.safe_local_path(path), path)

    def test_anything_else_gives_the_default(self):
        for bad in (
            None,
            "",
            "my/b2b",
            "//evil.example.com",
            "/\\evil.example.com",
            "https://evil.example.com/my",
            "javascript:alert(1)",
            "/my\r\nSet-Cookie: a=1",
            "/my\nX",
            "/my\x00",
            "/my\t",
            "/my b2b",
            "/my\u2028",
            "/" + "x" * 3000,
            ["/my"],
        ):
            self.assertEqual(inputs.safe_local_path(bad, default="/home"), "/home", repr(bad)[:40])

    @HYPOTHESIS
    @given(st.text())
    def test_never_a_header_breaking_or_foreign_target(self, text):
        result = inputs.safe_local_path(text, default="/my")
        self.assertTrue(result.startswith("/") and not result.startswith("//"))
        self.assertFalse(any(ord(char) < 32 or char in "\x7f\\" for char in result))
