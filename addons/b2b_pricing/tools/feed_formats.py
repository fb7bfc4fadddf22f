"""The feed's file formats (CSV, XLSX, Yandex.Market YML) as pure functions of its rows.

No ORM here: the controller collects the rows (and the shop's categories) and picks a writer.
Text from the catalog may start with ``=`` or hold control characters (1C exports do): CSV cells
are sanitised against formula injection, XLSX strings are written as inline strings (never
formulas), XML gets only the characters XML 1.0 allows.
"""

import csv
import io
import math
import re
import zipfile
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

from odoo.addons.b2b_portal.tools.spreadsheet import csv_safe_row

# The fixed parts of a one-sheet workbook (Office Open XML, ECMA-376)
XLSX_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="stock" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_NOT_XSTRING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]|_(?=x[0-9A-Fa-f]{4}_)")


def xml_text(value):
    """``value`` as text XML 1.0 can hold (control characters dropped)."""
    return _NOT_XML.sub("", str(value))


def _xstring(value):
    """Text for an OOXML string: control characters as ``_xHHHH_``, a literal ``_xHHHH_`` kept."""
    return _NOT_XSTRING.sub(lambda m: "_x005F_" if m.group() == "_" else f"_x{ord(m.group()):04X}_", value)


def csv_bytes(header, rows):
    """A UTF-8 (with BOM, for Excel) CSV with ';' and CRLF; cells that would be formulas are
    prefixed with ``'``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_safe_row(header))
    writer.writerows(csv_safe_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def _column_letters(count):
    letters = []
    for index in range(count):
        name, index = "", index + 1
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _xlsx_cell(ref, value):
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int | float) and math.isfinite(value):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if value is None or value == "":
        return ""
    # an inline string is text whatever it starts with: no formula, no number
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{xml_escape(_xstring(str(value)))}</t></is></c>'


def xlsx_bytes(header, rows):
    """An Office Open XML workbook with one sheet, written directly (inline strings, no
    styles): xlsxwriter needs about 2 s for the 90,000 cells of a 10,000-product feed, this
    writer a tenth of that, and shops import the values, not the looks."""
    letters = _column_letters(len(header))
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
        '<row r="1">'
        + "".join(_xlsx_cell(f"{col}1", value) for col, value in zip(letters, header, strict=True))
        + "</row>",
    ]
    for number, row in enumerate(rows, start=2):
        cells = "".join(_xlsx_cell(f"{col}{number}", value) for col, value in zip(letters, row, strict=True))
        lines.append(f'<row r="{number}">{cells}</row>')
    lines.append("</sheetData></worksheet>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        for name, content in XLSX_PARTS.items():
            book.writestr(name, content)
        book.writestr("xl/worksheets/sheet1.xml", "".join(lines))
    return buffer.getvalue()


def _sub(parent, tag, text=None, **attrs):
    element = etree.SubElement(parent, tag, {key: xml_text(value) for key, value in attrs.items()})
    if text is not None:
        element.text = xml_text(text)
    return element


def yml_bytes(shop, date, categories, rows, default_currency):
    """Yandex.Market YML: yml_catalog/shop with currencies, categories and offers.

    ``shop``: dict with ``name``, ``company``, ``url``; ``date``: an aware datetime;
    ``categories``: ``[(id, parent id or None, name)]`` parents first or not; ``rows``: the
    feed rows (dicts with id, name, sku, price, currency, category_id, barcode, quantity,
    at_least, next_batch_date as a string or '')."""
    catalog = etree.Element("yml_catalog", date=date.strftime("%Y-%m-%dT%H:%M:%S%z"))
    shop_el = etree.SubElement(catalog, "shop")
    for key in ("name", "company", "url"):
        _sub(shop_el, key, shop[key])
    currencies = etree.SubElement(shop_el, "currencies")
    for currency in sorted({row["currency"] for row in rows}) or [default_currency]:
        _sub(currencies, "currency", id=currency, rate="1")
    categories_el = etree.SubElement(shop_el, "categories")
    for category_id, parent_id, name in sorted(categories):
        attrs = {"id": str(category_id)}
        if parent_id:
            attrs["parentId"] = str(parent_id)
        _sub(categories_el, "category", name, **attrs)
    offers = etree.SubElement(shop_el, "offers")
    for row in rows:
        offer = _sub(offers, "offer", id=str(row["id"]), available="true" if row["quantity"] else "false")
        _sub(offer, "name", row["name"])
        if row["sku"]:
            _sub(offer, "vendorCode", row["sku"])
        _sub(offer, "price", "%.2f" % row["price"])
        _sub(offer, "currencyId", row["currency"])
        _sub(offer, "categoryId", str(row["category_id"]))
        if row["barcode"]:
            _sub(offer, "barcode", row["barcode"])
        _sub(offer, "count", "%g" % row["quantity"])
        if row["at_least"]:
            _sub(offer, "param", "1", name="quantity_is_minimum")
        if row["next_batch_date"]:
            _sub(offer, "param", row["next_batch_date"], name="next_batch_date")
    return etree.tostring(catalog, encoding="UTF-8", xml_declaration=True)
