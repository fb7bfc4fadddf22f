"""Writing spreadsheets that cannot be turned into formulas by the data in them.

A client may register as ``=HYPERLINK("http://…","Click")``; such a name must reach the
distributor's accountant as text. In XLSX every ``str`` is written with ``write_string`` (never
a formula, a URL or a number, whatever it starts with); in CSV a cell starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return gets a leading ``'`` (OWASP "CSV injection").
"""

import datetime
import io
import math

import xlsxwriter

CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# generic writes of a workbook made here do not guess either (defence in depth: SafeSheet writes
# each type explicitly anyway)
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def csv_safe(value):
    """``value`` for a CSV cell: text that a spreadsheet would run as a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


def csv_safe_row(values):
    return [csv_safe(value) for value in values]


def new_workbook(stream=None, **options):
    """An xlsxwriter workbook in memory (on ``stream``, a new BytesIO if None) that never makes
    formulas, URLs or numbers out of strings."""
    stream = io.BytesIO() if stream is None else stream
    return xlsxwriter.Workbook(stream, {"in_memory": True, **WORKBOOK_OPTIONS, **options})


class SafeSheet:
    """A worksheet writer by value type: str → string, int/float → number, date(time) → date,
    bool → boolean, None/False → blank. ``write_formula`` is deliberately absent."""

    def __init__(self, workbook, sheet, date_format=None, datetime_format=None):
        self.sheet = sheet
        self.date_format = date_format or workbook.add_format({"num_format": "dd.mm.yyyy"})
        self.datetime_format = datetime_format or workbook.add_format({"num_format": "dd.mm.yyyy hh:mm"})

    def write_value(self, row, col, value, cell_format=None):
        sheet = self.sheet
        if value is None or value is False:
            return sheet.write_blank(row, col, None, cell_format)
        if value is True:
            return sheet.write_boolean(row, col, True, cell_format)
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                return sheet.write_string(row, col, str(value), cell_format)
            return sheet.write_number(row, col, value, cell_format)
        if isinstance(value, datetime.datetime):
            return sheet.write_datetime(row, col, value, cell_format or self.datetime_format)
        if isinstance(value, datetime.date):
            return sheet.write_datetime(row, col, value, cell_format or self.date_format)
        return sheet.write_string(row, col, str(value), cell_format)

    def write_row(self, row, col, values, cell_format=None):
        for offset, value in enumerate(values):
            self.write_value(row, col + offset, value, cell_format)

    def merge_range(self, first_row, first_col, last_row, last_col, value, cell_format):
        """Merged cells holding ``value`` written by type (xlsxwriter's own merge_range writes
        through its guessing ``write``)."""
        self.sheet.merge_range(first_row, first_col, last_row, last_col, "", cell_format)
        self.write_value(first_row, first_col, value, cell_format)
