"""Reading a list of rows (e.g. SKU and quantity) from pasted text, CSV bytes or XLSX bytes.

Pure functions (no ORM). Every reader returns ``[(row number, [cell, ...])]`` with cells as
strings, and raises :class:`~.inputs.InvalidInput` with a message for the user when the input
is unusable or beyond a limit. The limits are enforced while reading: an XLSX whose parts
inflate beyond ``MAX_XML_BYTES`` is refused as soon as that many bytes came out (whatever the
archive claims), a sheet is parsed incrementally and abandoned at the row limit, values far to
the right, invalid cell addresses, missing shared strings, NUL characters and over-long cells
are refused.
"""

import codecs
import csv
import io
import math
import re
import zipfile

from lxml import etree

from odoo.tools.translate import LazyTranslate

from .inputs import InvalidInput, has_nul

_lt = LazyTranslate(__name__, default_lang="en_US")

MAX_ROWS = 500  # rows holding at least one cell
MAX_FILE_BYTES = 2 * 1024 * 1024  # an uploaded file
MAX_TEXT_CHARS = 200_000  # pasted text: 500 lines of 400 characters
MAX_XML_BYTES = 8 * 1024 * 1024  # one inflated part of an XLSX (shared strings, the sheet)
MAX_CELL_CHARS = 1000
MAX_COLUMNS = 100  # a value further right is refused, an empty cell ignored (no 16,384 blanks a row)
_EXCEL_LAST_COLUMN = 16384  # XFD

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_TAG_ROW, _TAG_CELL, _TAG_SI = f"{{{_MAIN_NS}}}row", f"{{{_MAIN_NS}}}c", f"{{{_MAIN_NS}}}si"
_TAG_V, _TAG_T, _TAG_R, _TAG_IS = (f"{{{_MAIN_NS}}}{name}" for name in ("v", "t", "r", "is"))
_CELL_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_SHEET = re.compile(r"xl/worksheets/sheet(\d+)\.xml")
_XSTRING_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # OOXML ST_Xstring: _x000D_ is "\r"


# ---------------------------------------------------------------- common checks


class _Rows:
    """Collects the rows that hold a cell, and refuses bad cells with the row's number."""

    def __init__(self, max_rows):
        self.max_rows = max_rows
        self.rows = []

    def add(self, number, cells):
        cells = [cell or "" for cell in cells]
        for cell in cells:
            if has_nul(cell):
                raise InvalidInput(_lt("Line %(line)s holds a NUL character; remove it and try again.", line=number))
            if len(cell) > MAX_CELL_CHARS:
                raise InvalidInput(
                    _lt("Line %(line)s has a cell longer than %(max)s characters.", line=number, max=MAX_CELL_CHARS)
                )
        if any(cell.strip() for cell in cells):  # empty rows are not kept (a sheet may have a million)
            if len(self.rows) >= self.max_rows:
                raise InvalidInput(_lt("At most %(max)s lines can be added at once.", max=self.max_rows))
            self.rows.append((number, cells))


# ---------------------------------------------------------------- text and CSV


def read_text_rows(text, max_rows=MAX_ROWS, max_chars=MAX_TEXT_CHARS):
    """Rows of pasted text or a CSV file: cells separated by tab, ';', ',' or spaces.

    Tab or ';' in the first 20 lines make it CSV with that delimiter; otherwise a line with one
    comma that is not a decimal comma at its end is split there, any other line at its last run
    of spaces ("SKU 10"). Empty lines are skipped; row numbers are line numbers.
    """
    text = text or ""
    if max_chars is not None and len(text) > max_chars:
        raise InvalidInput(_lt("The list is too long: at most %(max)s characters at once.", max=max_chars))
    if has_nul(text):
        line = text[: text.index("\x00")].count("\n") + 1
        raise InvalidInput(_lt("Line %(line)s holds a NUL character; remove it and try again.", line=line))
    rows = _Rows(max_rows)
    lines = text.splitlines()
    sample = "\n".join(lines[:20])
    delimiter = next((candidate for candidate in ("\t", ";") if candidate in sample), None)
    if delimiter:
        reader = csv.reader(lines, delimiter=delimiter)
        try:
            for cells in reader:
                rows.add(reader.line_num, cells)
        except csv.Error:
            raise InvalidInput(
                _lt("Line %(line)s cannot be read: check its quotes and length.", line=reader.line_num)
            ) from None
        return rows.rows
    for number, line in enumerate(lines, start=1):
        if "," in line and len(line.split(",")) == 2 and not re.search(r"\d,\d+\s*$", line):
            rows.add(number, line.split(","))
        else:
            rows.add(number, line.rsplit(None, 1) if line.strip() else [])
    return rows.rows


def decode_text(data):
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1251."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InvalidInput(_lt("This file cannot be read as a text table.")) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1251", errors="replace")


def read_csv_rows(data, max_rows=MAX_ROWS):
    """Rows of a CSV (or plain text) file given as bytes."""
    return read_text_rows(decode_text(data), max_rows=max_rows, max_chars=None)


# ---------------------------------------------------------------- XLSX


class _LimitedReader(io.RawIOBase):
    """A file-like view of an archive member that refuses to give more than ``limit`` bytes."""

    def __init__(self, stream, limit):
        super().__init__()
        self.stream = stream
        self.left = limit

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.stream.read(min(len(buffer), 64 * 1024))
        self.left -= len(data)
        if self.left < 0:
            raise InvalidInput(_lt("This file unpacks to too much data to be a list of products."))
        buffer[: len(data)] = data
        return len(data)


def _iter_elements(archive, info, tag):
    """Elements ``tag`` of an archive member, parsed incrementally, each cleared after use."""
    if info.file_size > MAX_XML_BYTES:
        raise InvalidInput(_lt("This file unpacks to too much data to be a list of products."))
    with archive.open(info) as stream:
        events = etree.iterparse(
            _LimitedReader(stream, MAX_XML_BYTES),
            events=("end",),
            tag=tag,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        for _event, element in events:
            yield element
            element.clear(keep_tail=False)
            while element.getprevious() is not None:  # drop the cleared siblings too
                del element.getparent()[0]


def _unescape(text):
    return _XSTRING_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def _string_text(element):
    """The text of a shared or inline string (``<si>``, ``<is>``): its text or its runs' texts,
    without the phonetic hints (``<rPh>``) that East Asian files add."""
    if element is None:
        return ""
    parts = []
    for child in element:
        if child.tag == _TAG_T:
            parts.append(child.text or "")
        elif child.tag == _TAG_R:
            parts.extend(t.text or "" for t in child.iterchildren(_TAG_T))
    return _unescape("".join(parts))


def _number_text(text):
    """A numeric cell as people typed it: 10, 10.5 (Excel may store 1E-3 or 10.000000000000002)."""
    try:
        number = float(text)
    except ValueError:
        return text
    if not math.isfinite(number) or abs(number) >= 1e15:
        return text
    return f"{round(number, 9):.9f}".rstrip("0").rstrip(".")


def _column(reference, previous):
    """0-based column of a cell from its reference (A1 style), or the next one without it."""
    if reference is None:
        return previous + 1
    match = _CELL_REF.fullmatch(reference)
    if not match:
        raise InvalidInput(_lt("This file has a cell with an invalid address (%(ref)s).", ref=reference[:20]))
    index = 0
    for char in match.group(1):
        index = index * 26 + ord(char) - 64
    if index > _EXCEL_LAST_COLUMN:
        raise InvalidInput(_lt("This file has a cell with an invalid address (%(ref)s).", ref=reference[:20]))
    return index - 1


def _shared_strings(archive, names):
    info = names.get("xl/sharedStrings.xml")
    if info is None:
        return []
    return [_string_text(item) for item in _iter_elements(archive, info, _TAG_SI)]


def _cell_text(cell, shared, row_number):
    kind = cell.get("t")
    if kind == "inlineStr":
        return _string_text(cell.find(_TAG_IS))
    value = cell.find(_TAG_V)
    text = value.text if value is not None and value.text else ""
    if kind == "s" and text:
        if not text.isascii() or not text.isdigit() or int(text) >= len(shared):
            raise InvalidInput(_lt("Line %(line)s refers to a text that is missing from the file.", line=row_number))
        return shared[int(text)]
    if kind in (None, "n") and text:
        return _number_text(text)
    return _unescape(text) if kind == "str" else text


def read_xlsx_rows(data, max_rows=MAX_ROWS):
    """Rows of the first sheet of an XLSX file, as strings (values only, no formulas or styles)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = {info.filename: info for info in archive.infolist()}
            sheets = sorted((int(m.group(1)), n) for n in names if (m := _SHEET.fullmatch(n)))
            if not sheets:
                return []
            shared = _shared_strings(archive, names)
            rows = _Rows(max_rows)
            previous_number = 0
            for row in _iter_elements(archive, names[sheets[0][1]], _TAG_ROW):
                number = row.get("r")
                number = int(number) if number and number.isascii() and number.isdigit() else previous_number + 1
                previous_number = number
                cells, column = {}, -1
                for cell in row.iterchildren(_TAG_CELL):
                    column = _column(cell.get("r"), column)
                    text = _cell_text(cell, shared, number)
                    if column < MAX_COLUMNS:
                        cells[column] = text
                    elif text.strip():  # empty styled cells far right are common, values are not
                        raise InvalidInput(
                            _lt(
                                "Line %(line)s has a value beyond column %(max)s; keep the list in the first columns.",
                                line=number,
                                max=MAX_COLUMNS,
                            )
                        )
                rows.add(number, [cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
            return rows.rows
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        etree.XMLSyntaxError,
        NotImplementedError,
        RuntimeError,
        EOFError,
    ):
        # not a zip, not XML, an unsupported compression or an encrypted member
        raise InvalidInput(_lt("This file cannot be read as an XLSX table.")) from None


# ---------------------------------------------------------------- one entry point


def is_xlsx(data, filename=None):
    return bool(filename and filename.lower().endswith(".xlsx")) or data[:2] == b"PK"


def read_table(text=None, data=None, filename=None, max_rows=MAX_ROWS):
    """Rows of an uploaded file (``data``, XLSX or CSV) or else of pasted ``text``; only rows
    that hold a cell, numbered as in the file (line or sheet row)."""
    if data is not None:
        if len(data) > MAX_FILE_BYTES:
            raise InvalidInput(_lt("The file is too large (at most %(max)s MB).", max=MAX_FILE_BYTES // (1024 * 1024)))
        if is_xlsx(data, filename):
            return read_xlsx_rows(data, max_rows=max_rows)
        return read_csv_rows(data, max_rows=max_rows)
    return read_text_rows(text, max_rows=max_rows)


def code_quantity_rows(rows):
    """``[(row number, code, quantity text)]`` from rows: the first two non-empty cells."""
    result = []
    for number, row in rows:
        cells = [cell.strip() for cell in row if cell.strip()]
        if cells:
            result.append((number, cells[0], cells[1] if len(cells) > 1 else ""))
    return result
