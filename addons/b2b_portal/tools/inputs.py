"""Numbers typed into forms or sent in routes: quantities and record ids.

Pure functions (no ORM): each ``parse_*`` returns the value or raises :class:`InvalidInput` whose
message says what to do, translatable. Everything from outside may hold NUL characters, huge
numbers, ``nan`` or ``1e309``: they are refused with a message before they reach Python's
``float`` / ``int`` quirks or PostgreSQL (which refuses NUL and integers beyond int4).
"""

import math
import re

from odoo.tools.float_utils import float_compare, float_is_zero, float_round
from odoo.tools.translate import LazyTranslate

# default_lang: outside a request and without an explicit language the message is English
_lt = LazyTranslate(__name__, default_lang="en_US")

INT4_MAX = 2**31 - 1  # PostgreSQL's integer (record ids)
QUANTITY_MAGNITUDE = 1e15  # beyond, float rounding to 3 digits loses meaning (and overflows near 1e308)
QUANTITY_MAX_CHARS = 32  # more than any real quantity; 400 digits are refused before float()
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009']+")  # thousands separators people paste
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")  # ASCII digits, no exponent
_ID = re.compile(r"[0-9]{1,10}")


class InvalidInput(ValueError):
    """A value from outside is unusable; ``message`` (lazy) says what to do.

    ``str(error)`` is the message in the current request's language (English without a request);
    ``error.translated(lang)`` in a given one, e.g. ``self.env.lang`` in a model method.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def translated(self, lang=None):
        if lang:
            return self.message._translate(lang)
        return str(self.message)

    def __str__(self):
        return self.translated()


def has_nul(text):
    """Whether ``text`` holds a NUL character (PostgreSQL refuses them in any text)."""
    return isinstance(text, str) and "\x00" in text


def parse_quantity(value, precision_digits, allow_zero=False, maximum=1e9):
    """A quantity as a float rounded to ``precision_digits``.

    Accepts numbers and text such as ``10``, ``10,5``, ``1 000``, ``1\\xa0000``; refuses empty,
    non-numeric, ``nan``/``inf``, exponents, NUL, more than a few dozen characters, negative
    values, zero (unless ``allow_zero``) and values above ``maximum``.
    """
    if isinstance(value, bool) or value is None:
        raise InvalidInput(_lt("Enter the quantity as a number."))
    if isinstance(value, int | float):
        if isinstance(value, int) and abs(value) > 10**18:
            raise InvalidInput(_lt("The quantity is too large."))
        quantity = float(value)
    else:
        text = str(value)
        if has_nul(text):
            raise InvalidInput(_lt("Enter the quantity as a number."))
        text = _SPACES.sub("", text).replace(",", ".")
        if len(text) > QUANTITY_MAX_CHARS:
            raise InvalidInput(_lt("The quantity is too large."))
        if not _DECIMAL.fullmatch(text):
            raise InvalidInput(_lt("Enter the quantity as a number."))
        quantity = float(text)
    if math.isnan(quantity):
        raise InvalidInput(_lt("Enter the quantity as a number."))
    if quantity > QUANTITY_MAGNITUDE or (maximum is not None and quantity > maximum):
        raise InvalidInput(_lt("The quantity is too large."))  # also before rounding overflows
    if quantity < -QUANTITY_MAGNITUDE:
        raise InvalidInput(_lt("The quantity must be greater than zero."))
    quantity = float_round(quantity, precision_digits=precision_digits)
    if float_compare(quantity, 0.0, precision_digits=precision_digits) < 0 or (
        not allow_zero and float_is_zero(quantity, precision_digits=precision_digits)
    ):
        raise InvalidInput(_lt("The quantity must be greater than zero."))
    if maximum is not None and quantity > maximum:
        raise InvalidInput(_lt("The quantity is too large."))
    return quantity


def parse_int_id(value):
    """A record id (1 … 2³¹−1) from a form field or a route; :class:`InvalidInput` otherwise."""
    if isinstance(value, bool):
        raise InvalidInput(_lt("This record cannot be found."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ID.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise InvalidInput(_lt("This record cannot be found."))
    if not 0 < number <= INT4_MAX:
        raise InvalidInput(_lt("This record cannot be found."))
    return number
