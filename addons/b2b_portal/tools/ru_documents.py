"""What every Russian business document repeats: the amount in words, units of measure, addresses.

Pure functions (no ORM), shared by «Счёт на оплату», the waybill, TORG-12 and the reconciliation
act through the models' small wrappers (`res.partner._b2b_requisites`, `uom.uom._b2b_okei`,
`res.currency._b2b_amount_in_words`).
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from num2words import num2words

RUB_FORMS = ("рубль", "рубля", "рублей")
CURRENCY_SHORT_NAMES = {"RUB": "руб."}
KOPECK_FORMS = ("копейка", "копейки", "копеек")

# Russian short names and OKEI codes (ОК 015-94) of Odoo's units, by the unit's XML id. OKEI's
# national symbols are Russian by definition, whatever the language of the rest of the document.
# Extend or change them through `uom.uom._b2b_okei` (or this mapping, from another add-on).
OKEI_BY_XMLID = {
    "uom.product_uom_unit": ("шт", "796"),
    "uom.product_uom_kgm": ("кг", "166"),
    "uom.product_uom_gram": ("г", "163"),
    "uom.product_uom_ton": ("т", "168"),
    "uom.product_uom_meter": ("м", "006"),
    "uom.product_uom_km": ("км", "008"),
    "uom.product_uom_cm": ("см", "004"),
    "uom.product_uom_millimeter": ("мм", "003"),
    "uom.uom_square_meter": ("м²", "055"),
    "uom.product_uom_litre": ("л", "112"),
    "uom.product_uom_cubic_meter": ("м³", "113"),
    "uom.product_uom_hour": ("ч", "356"),
    "uom.product_uom_day": ("сут", "359"),
}
# The same by the unit's name (as typed by someone, in English or Russian), lower case.
OKEI_BY_NAME = {
    **dict.fromkeys(("units", "unit", "pcs", "pc", "шт", "шт.", "штука", "штуки", "единицы"), ("шт", "796")),
    **dict.fromkeys(("kg", "кг", "килограмм"), ("кг", "166")),
    **dict.fromkeys(("g", "г", "грамм"), ("г", "163")),
    **dict.fromkeys(("t", "т", "тонна"), ("т", "168")),
    **dict.fromkeys(("m", "м", "метр"), ("м", "006")),
    **dict.fromkeys(("km", "км"), ("км", "008")),
    **dict.fromkeys(("cm", "см"), ("см", "004")),
    **dict.fromkeys(("mm", "мм"), ("мм", "003")),
    **dict.fromkeys(("m²", "м²", "m2", "м2"), ("м²", "055")),
    **dict.fromkeys(("l", "л", "литр"), ("л", "112")),
    **dict.fromkeys(("m³", "м³", "m3", "м3"), ("м³", "113")),
    **dict.fromkeys(("pack", "packs", "package", "упак", "упак.", "упаковка"), ("упак", "778")),
    **dict.fromkeys(("set", "kit", "компл", "компл.", "комплект"), ("компл", "839")),
    **dict.fromkeys(("roll", "рул", "рул.", "рулон"), ("рул", "736")),
    **dict.fromkeys(("hours", "hour", "ч", "час"), ("ч", "356")),
    **dict.fromkeys(("days", "day", "сут", "день", "дни"), ("сут", "359")),
}


def plural_form(number, forms):
    """The Russian form of a noun after ``number``: forms = (1 «рубль», 2 «рубля», 5 «рублей»)."""
    number = abs(int(number))
    if number % 100 in range(11, 15):
        return forms[2]
    last = number % 10
    if last == 1:
        return forms[0]
    if last in (2, 3, 4):
        return forms[1]
    return forms[2]


def to_kopecks(amount):
    """The amount as a whole number of kopecks, rounded half up (0.285 → 29, not float's 28)."""
    try:
        value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except InvalidOperation as error:
        raise ValueError(f"not an amount: {amount!r}") from error
    if not value.is_finite():
        raise ValueError(f"not an amount: {amount!r}")
    return int(value * 100)


def rub_in_words(amount, capital=True):
    """The amount in roubles as written on Russian invoices: roubles in words, kopecks in two digits.

    ``capital``: start with a capital letter (a sentence of its own, as on an invoice) or not (in
    parentheses after the figure, as in an act's conclusion).

    >>> rub_in_words(1234.56)
    'Одна тысяча двести тридцать четыре рубля 56 копеек'
    >>> rub_in_words(-5)
    'Минус пять рублей 00 копеек'
    """
    kopecks_total = to_kopecks(amount)
    rubles, kopecks = divmod(abs(kopecks_total), 100)
    words = f"{num2words(rubles, lang='ru')} {plural_form(rubles, RUB_FORMS)} {kopecks:02d} "
    words += plural_form(kopecks, KOPECK_FORMS)
    if kopecks_total < 0:
        words = "минус " + words
    return words[:1].upper() + words[1:] if capital else words


def join_address(*parts):
    """Address parts joined by commas, without empty or blank parts and without doubled commas.

    >>> join_address("123456", "", "Москва", " ул. Складская, д. 7, ", None, "стр. 2")
    '123456, Москва, ул. Складская, д. 7, стр. 2'
    """
    cleaned = []
    for part in parts:
        text = " ".join(str(part or "").split()).strip(" ,")
        if text and text not in cleaned:
            cleaned.append(text)
    return ", ".join(cleaned)


def okei_unit(xmlid, name):
    """(Russian short name, OKEI code) of a unit from its XML id or its name; (name, "") if unknown."""
    if xmlid in OKEI_BY_XMLID:
        return OKEI_BY_XMLID[xmlid]
    key = " ".join((name or "").split()).lower()
    return OKEI_BY_NAME.get(key, (name or "", ""))
