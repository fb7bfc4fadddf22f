"""Numeric system parameters: garbage or empty values give the default, bounds hold."""

from odoo.tests import TransactionCase, tagged

from ..tools.params import get_param_float, get_param_int

KEY = "b2b_portal.test_param"


@tagged("post_install", "-at_install")
class TestParams(TransactionCase):
    def _set(self, value):
        self.env["ir.config_parameter"].sudo().set_param(KEY, value)

    def test_int(self):
        self.assertEqual(get_param_int(self.env, KEY, 5), 5, "missing")
        for value, expected in {"7": 7, " 8 ": 8, "0": 0, "-3": -3}.items():
            self._set(value)
            self.assertEqual(get_param_int(self.env, KEY, 5), expected, value)
        for garbage in ("", "  ", "abc", "5.0", "1e3", "nan", "9" * 5000):
            self._set(garbage)
            with self.assertLogs("odoo.addons.b2b_portal.tools.params", "WARNING") if garbage.strip() else _quiet():
                self.assertEqual(get_param_int(self.env, KEY, 5), 5, garbage[:20])
        self._set("-3")
        self.assertEqual(get_param_int(self.env, KEY, 5, minimum=0), 0)
        self._set("100000")
        self.assertEqual(get_param_int(self.env, KEY, 5, minimum=0, maximum=1000), 1000)

    def test_float(self):
        self.assertEqual(get_param_float(self.env, KEY, 1.5), 1.5)
        for value, expected in {"2.5": 2.5, "2,5": 2.5, "3": 3.0}.items():
            self._set(value)
            self.assertEqual(get_param_float(self.env, KEY, 1.5), expected, value)
        for garbage in ("abc", "nan", "inf", "-inf", "1e309"):
            self._set(garbage)
            self.assertEqual(get_param_float(self.env, KEY, 1.5), 1.5, garbage)
        self._set("-1")
        self.assertEqual(get_param_float(self.env, KEY, 1.5, minimum=0.0), 0.0)

    def test_reads_for_a_portal_user(self):
        self._set("9")
        portal = self.env["res.users"].create(
            {"name": "P", "login": "param-portal", "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]}
        )
        self.assertEqual(get_param_int(self.env(user=portal), KEY, 5), 9)


class _quiet:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
