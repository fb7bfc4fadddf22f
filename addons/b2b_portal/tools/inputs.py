"""Numbers typed into forms or sent in routes: quantities and record ids.

Pure functions (no ORM): each ``parse_*`` returns the value or raises :class:`InvalidInput` whose
message says what to do, translatable. Everything from outside may hold NUL characters, huge
numbers, ``nan`` or ``1e309``: they are refused with a message before they reach Python's
``float`` / ``int`` quirks or PostgreSQL (which refuses NUL and integers beyond int4).
"""

import math
import re

from odoo.tools.float_utils import float_round
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
    if quantity >= -QUANTITY_MAGNITUDE:
        # rounded as the field will store it: -0.0004 is zero, 0.0004 too (at 3 digits)
        quantity = float_round(quantity, precision_digits=precision_digits) + 0.0
    if quantity < 0 and allow_zero:
        raise InvalidInput(_lt("The quantity cannot be negative."))
    if quantity <= 0 and not allow_zero:
        raise InvalidInput(_lt("The quantity must be greater than zero."))
    if maximum is not None and quantity > maximum:
        raise InvalidInput(_lt("The quantity is too large."))
    return quantity


_RAISE = object()


def parse_int_id(value, default=_RAISE):
    """A record id (1 … 2³¹−1) from a form field or a route; :class:`InvalidInput` otherwise,
    or ``default`` when one is given (e.g. 0 for "none chosen", 1 for a page number)."""
    try:
        return _parse_int_id(value)
    except InvalidInput:
        if default is _RAISE:
            raise
        return default


def _parse_int_id(value):
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


LOCAL_PATH_MAX_CHARS = 2048
# control characters (CR/LF split a Location header; NUL, tabs...), backslashes (browsers read
# "/\evil" as "//evil") and spaces have no place in a path the portal redirects to
_UNSAFE_IN_PATH = re.compile(r"[\x00-\x20\x7f\\\u2028\u2029\x85]")


def safe_local_path(value, default="/my"):
    """``value`` when it is a path on this site ("/my/b2b/catalog?page=2"), else ``default``.

    Only same-site relative paths are followed: not "//host", not "https://host", not a path
    holding a newline or another control character (a Location header must not carry them;
    Werkzeug answers a server error), not one longer than ``LOCAL_PATH_MAX_CHARS``."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return default
    if len(value) > LOCAL_PATH_MAX_CHARS or _UNSAFE_IN_PATH.search(value):
        return default
    return value
