"""Numbers as a client reads them on a page: quantities in their unit, amounts in a currency.

Pure functions, for pages that show many numbers at once (the catalog formats a whole page in
one pass instead of a QWeb widget per cell). The language's separators are read once
(`NumberFormat.from_lang`) and then applied to every number.
"""

import ast
import math
from dataclasses import dataclass

from odoo.addons.base.models.res_lang import intersperse

NBSP = "\N{NO-BREAK SPACE}"


def unit_is_whole(rounding):
    """A unit that is not split (a piece: Odoo's rounding 1 or more)."""
    return bool(rounding) and rounding >= 1


def quantity_digits(rounding, precision_digits):
    """The decimals a quantity of a unit with this rounding needs, at most the precision."""
    if unit_is_whole(rounding):
        return 0
    if not rounding or rounding <= 0:
        return precision_digits
    return max(0, min(precision_digits, math.ceil(-math.log10(rounding) - 1e-9)))


def html_number(value, digits=6):
    """A number as an HTML attribute takes it (an input's value, step, min): a dot, no
    grouping, no exponent, no trailing zeros («50», «0.5», «1000000»)."""
    return ("%.*f" % (digits, value)).rstrip("0").rstrip(".") or "0"


@dataclass(frozen=True)
class NumberFormat:
    decimal_point: str = "."
    thousands_sep: str = ""
    grouping: tuple = (3, 0)

    @classmethod
    def from_lang(cls, lang_data):
        """From `res.lang._get_data(...)` (or anything with the same three attributes)."""
        try:
            grouping = tuple(ast.literal_eval(lang_data.grouping or "[]"))
        except (ValueError, SyntaxError):
            grouping = ()
        return cls(lang_data.decimal_point or ".", lang_data.thousands_sep or "", grouping)

    def number(self, value, digits, trim=False):
        """`value` with `digits` decimals, grouped; `trim` drops trailing zeros (10,50 → 10,5;
        10,00 → 10). Spaces are no-break, so that a number never wraps."""
        text = "%.*f" % (digits, value)
        sign = ""
        if text.startswith("-"):
            sign, text = "-", text[1:]
        whole, _dot, fraction = text.partition(".")
        if trim:
            fraction = fraction.rstrip("0")
        if self.thousands_sep and self.grouping:
            whole = intersperse(whole, list(self.grouping), self.thousands_sep)[0]
        text = whole + (self.decimal_point + fraction if fraction else "")
        if sign and text.strip("0" + self.decimal_point + self.thousands_sep):
            text = sign + text  # no «-0»
        return text.replace(" ", NBSP)

    def quantity(self, value, rounding, precision_digits=3):
        """A quantity in its unit: «50» for pieces (never «50.0»), «12,5» for kilograms."""
        digits = quantity_digits(rounding, precision_digits)
        return self.number(value, digits, trim=True)

    def amount(self, value, decimal_places=2, symbol="", position="after"):
        """An amount as Odoo's monetary widget writes it: «1 234,50 ₽» or «$ 1,234.50»."""
        text = self.number(value, decimal_places)
        if not symbol:
            return text
        return f"{symbol}{NBSP}{text}" if position == "before" else f"{text}{NBSP}{symbol}"
