"""Russian company numbers: INN, KPP, OGRN / OGRNIP, BIK and bank accounts.

Pure functions (no ORM): each ``validate_*`` returns the number in its compact form (digits only,
spaces removed) or raises :class:`InvalidNumber` with a translatable message for the user.
Check digits of the INN and OGRN come from python-stdnum; Odoo's ``base_vat`` check for Russia is
deliberately not used (it rejects valid 12-digit INNs whose first check sum leaves 10).
"""

import re

from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.ru import inn as stdnum_inn
from stdnum.ru import ogrn as stdnum_ogrn

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

_DIGITS = re.compile(r"[0-9]*")  # ASCII digits only: str.isdigit() also accepts "٣" or "²"
# KPP: 4 digits of the tax office, 2 of the reason (digits or capital Latin letters), 3 digits
_KPP = re.compile(r"[0-9]{4}[0-9A-Z]{2}[0-9]{3}")
_ACCOUNT_WEIGHTS = ((7, 1, 3) * 8)[:23]  # 3 digits from the BIK + 20 of the account


class InvalidNumber(ValueError):
    """A number the user typed is wrong; ``message`` says what to do, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def translated(self, lang):
        """The message in ``lang`` (a language code, e.g. the user's or the request's)."""
        return self.message._translate(lang or "en_US")

    def __str__(self):
        return self.translated("en_US")


def compact(number):
    """The number without surrounding and inner spaces (people copy numbers with spaces)."""
    return re.sub(r"\s+", "", number or "")


def _digits(number, length_message, lengths):
    number = compact(number)
    if not number:
        raise InvalidNumber(_lt("This field is required."))
    if not _DIGITS.fullmatch(number):
        raise InvalidNumber(_lt("Only digits are allowed here."))
    if len(number) not in lengths:
        raise InvalidNumber(length_message)
    return number


def validate_inn(number):
    """INN: 10 digits (legal entity) or 12 (individual entrepreneur) with valid check digits,
    starting with a region's code (not 00)."""
    number = _digits(
        number,
        _lt("The INN has 10 digits for a company or 12 digits for an individual entrepreneur."),
        (10, 12),
    )
    if number.startswith("00"):
        # the first two digits are the region's code (01–99): "0000000000" passes the check digits
        raise InvalidNumber(_lt("An INN starts with the code of a region, which is never 00."))
    try:
        stdnum_inn.validate(number)
    except StdnumValidationError as error:
        raise InvalidNumber(_lt("The INN check digits do not match: please check the number.")) from error
    return number


def is_legal_entity_inn(number):
    """Whether a (valid) INN is a legal entity's one (10 digits) rather than an entrepreneur's."""
    return len(compact(number)) == 10


def validate_kpp(number):
    """KPP: 9 characters, NNNNPPNNN where PP may also be capital Latin letters."""
    number = compact(number).upper()
    if not number:
        raise InvalidNumber(_lt("This field is required."))
    if len(number) != 9:
        raise InvalidNumber(_lt("The KPP has 9 characters."))
    if not _KPP.fullmatch(number):
        raise InvalidNumber(_lt("The KPP is 4 digits, 2 digits or capital Latin letters, then 3 digits."))
    if number[:4] == "0000":
        raise InvalidNumber(_lt("The KPP starts with the code of a tax office, which is never 0000."))
    return number


def validate_ogrn(number, entrepreneur=None):
    """OGRN (13 digits, legal entity) or OGRNIP (15 digits, individual entrepreneur).

    With ``entrepreneur`` True or False, only the matching kind is accepted.
    """
    if entrepreneur is None:
        lengths = (13, 15)
        message = _lt("The OGRN has 13 digits, the OGRNIP of an individual entrepreneur 15.")
    elif entrepreneur:
        lengths = (15,)
        message = _lt("An individual entrepreneur has an OGRNIP of 15 digits.")
    else:
        lengths = (13,)
        message = _lt("A company has an OGRN of 13 digits.")
    number = _digits(number, message, lengths)
    if len(number) == 15:
        # stdnum 2.2 takes the whole remainder modulo 13 as the OGRNIP check digit and so rejects
        # valid numbers whose remainder is 10, 11 or 12; the rule is its last digit.
        if number[0] not in "34":
            raise InvalidNumber(_lt("An OGRNIP starts with 3 or 4."))
        if int(number[:-1]) % 13 % 10 != int(number[-1]):
            raise InvalidNumber(_lt("The OGRNIP check digit does not match: please check the number."))
        return number
    try:
        stdnum_ogrn.validate(number)
    except StdnumValidationError as error:
        raise InvalidNumber(_lt("The OGRN check digit does not match: please check the number.")) from error
    return number


def ogrnip_check_digit(number14):
    """The check digit of an OGRNIP from its first 14 digits."""
    return str(int(number14) % 13 % 10)


def validate_bik(number):
    """BIK: 9 digits, starting with 04 for banks in Russia."""
    number = _digits(number, _lt("The BIK has 9 digits."), (9,))
    if not number.startswith("04"):
        raise InvalidNumber(_lt("A Russian bank's BIK starts with 04."))
    return number


def account_key_ok(bik, account, correspondent=False):
    """Whether the control key of a 20-digit account matches the bank's BIK (Bank of Russia rule).

    A settlement account is checked with the last 3 digits of the BIK, a correspondent account
    with "0" and the 5th and 6th digits of the BIK.
    """
    prefix = "0" + bik[4:6] if correspondent else bik[-3:]
    digits = prefix + account
    return sum(int(d) * w for d, w in zip(digits, _ACCOUNT_WEIGHTS, strict=True)) % 10 == 0


def account_check_digit(bik, account, correspondent=False):
    """The digit to put at position 9 (index 8) of ``account`` so that its key matches ``bik``."""
    for digit in "0123456789":
        candidate = account[:8] + digit + account[9:]
        if account_key_ok(bik, candidate, correspondent):
            return digit
    raise AssertionError("unreachable: weight 3 at the key position covers every remainder")


def validate_account(number, bik=None, correspondent=False):
    """A 20-digit bank account whose control key matches the (valid) BIK; without a BIK, the format only."""
    if correspondent:
        message = _lt("The correspondent account has 20 digits.")
    else:
        message = _lt("The settlement account has 20 digits.")
    number = _digits(number, message, (20,))
    if bik is None:
        return number
    bik = validate_bik(bik)
    if correspondent and not number.startswith("301"):
        raise InvalidNumber(_lt("A bank's correspondent account starts with 301."))
    if not account_key_ok(bik, number, correspondent):
        if correspondent:
            raise InvalidNumber(_lt("The correspondent account does not match the BIK: please check both."))
        raise InvalidNumber(_lt("The settlement account does not match the BIK: please check both."))
    return number
