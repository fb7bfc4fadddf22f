"""Streaming reader and small helpers for CommerceML 2 files (1C «Обмен с сайтом»).

Pure Python, no Odoo: the add-on's models feed the items this module yields into the database.
Files are read with ElementTree's iterparse, so a catalog of 100,000 goods never sits in memory
as a whole: each item is handed over when its element ends and is then dropped from the tree.
Namespaces are ignored (1C writes `urn:1C.ru:commerceml_2`, `…_205`, `…_210` or none) and the
encoding is the one the XML declaration names (windows-1251 and UTF-8 both occur).
"""

import math
import posixpath
import re
import xml.etree.ElementTree as ET
from datetime import datetime

MAX_NUMBER = 1e12
TRUE_WORDS = {"true", "истина", "да", "1", "yes"}
_DRIVE = re.compile(r"^[A-Za-z]:")


class CommerceMLError(Exception):
    """A file that cannot be applied; `element` says which element caused it. Errors raised
    here carry a `code` and its `params` so that the add-on can word them in the user's
    language (see b2b.exchange.file._b2b_error_message)."""

    def __init__(self, message, element=None, code=None, **params):
        super().__init__(message)
        self.message = message
        self.element = element
        self.code = code
        self.params = params


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else tag


def text(elem, path, default=""):
    """Stripped text of the child at `path` ('A/B'), `default` when absent or empty."""
    if elem is None:
        return default
    child = elem.find(path)
    if child is None or child.text is None:
        return default
    value = child.text.replace("\x00", "").strip()
    return value or default


def is_true(value):
    return str(value or "").strip().lower() in TRUE_WORDS


def number(value, what="number", element=None):
    """A decimal as 1C writes it ('1234.5', '1 234,50'); None when empty; an error when it is
    not a finite number of sane size."""
    if value is None:
        return None
    cleaned = str(value).replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        result = float(cleaned)
    except ValueError:
        raise CommerceMLError(f"«{value}» is not a number ({what})", element, "nan", value=value, what=what) from None
    if not math.isfinite(result) or abs(result) > MAX_NUMBER:
        raise CommerceMLError(f"«{value}» is out of range ({what})", element, "range", value=value, what=what)
    return result


def parse_datetime(date_text, time_text=""):
    """1C's date and time ('2026-12-01', '14:05:00', or '2026-12-01T14:05:00'); an empty 1C date
    ('T', '0001-01-01') is no date. Returns a naive datetime or None."""
    value = (date_text or "").strip()
    if "T" in value:
        value, _sep, time_part = value.partition("T")
        time_text = time_text or time_part
    value = value.strip()
    if not value or value.startswith("0001-01-01"):
        return None
    time_text = (time_text or "").strip() or "00:00:00"
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M"):
        try:
            return datetime.strptime(f"{value} {time_text[:8]}", fmt)
        except ValueError:
            continue
    return None


def check_filename(name):
    """The relative path 1C uploads to, or None when it must be refused: empty, absolute, with a
    `..` component, a backslash or a NUL, or over 255 characters. Never rewritten."""
    if not name or len(name) > 255 or "\x00" in name or "\\" in name:
        return None
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return posixpath.join(*parts)


def file_kind(name):
    """What a file of the exchange holds, from its base name: import, offers, prices, rests,
    orders; None for anything else (pictures, archives)."""
    base = posixpath.basename(name).lower()
    if not base.endswith(".xml"):
        return None
    for prefix, kind in (
        ("import", "import"),
        ("offers", "offers"),
        ("prices", "prices"),
        ("rests", "rests"),
        ("orders", "orders"),
        ("to", "orders"),
        ("documents", "orders"),
    ):
        if base.startswith(prefix):
            return kind
    return None


# Elements handed over as items: (name of the element, name of its parent) → item kind
ITEMS = {
    ("Классификатор", "КоммерческаяИнформация"): "classifier",
    ("Товар", "Товары"): "product",
    ("ТипЦены", "ТипыЦен"): "price_type",
    ("Склад", "Склады"): "warehouse",
    ("Предложение", "Предложения"): "offer",
    ("Документ", "КоммерческаяИнформация"): "document",
    ("Документ", "Контейнер"): "document",
}
# Elements whose start (attributes) or end (flag children) matter for the header items
PACKAGES = {"Каталог": "catalog", "ПакетПредложений": "offers", "Классификатор": "classifier"}


def read(source):
    """Yield (kind, element, context) for the items of a CommerceML file.

    `kind` is one of ITEMS' values, plus 'root' (first, with the root element's attributes),
    'package_start' (Каталог / ПакетПредложений started; context has its 'package' and
    'attributes') and 'package_end' (with the package's own flags: 'only_changes', 'id',
    'classifier_id'). Elements are namespace-free; they are discarded once the consumer has
    seen them. Malformed XML raises CommerceMLError.
    """
    stack = []
    package = None
    try:
        for event, elem in ET.iterparse(source, events=("start", "end")):
            if event == "start":
                elem.tag = local(elem.tag)
                stack.append(elem)
                if len(stack) == 1:
                    if elem.tag != "КоммерческаяИнформация":
                        raise CommerceMLError(
                            f"the root element is «{elem.tag}», not «КоммерческаяИнформация»", code="root", tag=elem.tag
                        )
                    yield "root", elem, {"schema": elem.get("ВерсияСхемы", "")}
                elif elem.tag in ("Каталог", "ПакетПредложений") and len(stack) == 2:
                    package = {"package": PACKAGES[elem.tag], "attributes": dict(elem.attrib)}
                    yield "package_start", elem, package
                continue
            stack.pop()
            parent = stack[-1] if stack else None
            if (
                elem.tag == "Ид"
                and len(stack) == 2
                and package is not None
                and stack[1].tag in ("Каталог", "ПакетПредложений")
            ):
                package["id"] = (elem.text or "").strip()  # the catalog's own Ид, before its goods
            kind = ITEMS.get((elem.tag, parent.tag if parent is not None else None))
            if kind in ("product", "offer") and stack[1].tag not in ("Каталог", "ПакетПредложений"):
                kind = None  # the goods of an order document belong to the document
            if kind:
                yield kind, elem, package
                parent.remove(elem)
            elif elem.tag in ("Каталог", "ПакетПредложений") and len(stack) == 1:
                flag = elem.get("СодержитТолькоИзменения") or text(elem, "СодержитТолькоИзменения")
                package = dict(
                    package or {},
                    only_changes=is_true(flag),
                    id=text(elem, "Ид"),
                    classifier_id=text(elem, "ИдКлассификатора"),
                    catalog_id=text(elem, "ИдКаталога"),
                )
                yield "package_end", elem, package
    except ET.ParseError as error:
        raise CommerceMLError(f"the file is not well-formed XML: {error}", code="xml", error=str(error)) from None


def describe(elem):
    """A short designation of an element for the exchange log: «Товар Ид=… «name»»."""
    if elem is None:
        return ""
    ident = text(elem, "Ид")
    name = text(elem, "Наименование")
    parts = [elem.tag]
    if ident:
        parts.append(f"Ид={ident}")
    if name:
        parts.append(f"«{name[:80]}»")
    return " ".join(parts)


def requisites(elem):
    """{name: value} of ЗначенияРеквизитов/ЗначениеРеквизита (first value of each)."""
    result = {}
    for item in elem.iterfind("ЗначенияРеквизитов/ЗначениеРеквизита"):
        name = text(item, "Наименование")
        if name and name not in result:
            result[name] = text(item, "Значение")
    return result
