"""Spreadsheet cells that stay inert, for every CSV and XLSX Scrutineer writes.

A spreadsheet reads a cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some, a tab or carriage return) as a formula: OWASP's "CSV injection". The text in these
files comes from papers, officers and partners, so none of it is trusted:

- in CSV, such text gets a leading apostrophe, which spreadsheets hide and which Scrutineer
  strips again when a data return comes back;
- in XLSX, every text value is written as a string cell (never a formula) with the
  characters XML cannot hold replaced by spaces.

Figures (numbers, dates) are left as they are, so they stay numbers.
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet will run."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def xlsx_value(sheet, value):
    """``value`` ready to append to ``sheet``: text becomes a string cell, anything else
    (a number, a date, None) is returned unchanged."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub(" ", value))
    cell.data_type = "s"
    return cell


def set_text(cell, value):
    """Put ``value`` in an existing cell of a worksheet, as ``xlsx_value`` would."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell
