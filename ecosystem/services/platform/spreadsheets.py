"""CSV and XLSX downloads that open cleanly in Excel and cannot smuggle in a formula.

Pure: rows in, bytes out. A text cell starting with = + - @ (or tab / CR) is prefixed with a single
quote in both formats (OWASP "CSV injection"); numbers, dates and booleans keep their type.
"""
from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
SHEET_NAME_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
Column = str | tuple[str, str]  # a key, or (key, header shown in the file)
Row = Mapping[str, Any] | Sequence[Any]
# openpyxl's ILLEGAL_CHARACTERS_RE (control characters XML cannot hold), here so that openpyxl (+28 MB
# per process) is imported when a workbook is written, not by every web worker at start.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

if TYPE_CHECKING:  # pandas (+43 MB per process) is imported when a file is written, not at start
    import pandas as pd


def neutralise(value: Any) -> Any:
    """A text that a spreadsheet would run as a formula becomes inert text; others pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _columns(columns: Sequence[Column]) -> tuple[list[str], list[str]]:
    keys, headers = [], []
    for column in columns:
        key, header = (column, column) if isinstance(column, str) else column
        keys.append(key)
        headers.append(str(header))
    return keys, headers


def _cell(value: Any) -> Any:
    """One value as a spreadsheet should hold it: money stays int, Decimal stays exact text."""
    if value is None or isinstance(value, (bool, int, float, date)):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.replace(tzinfo=None)  # Excel has no time zones; keep the wall-clock time
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        value = "; ".join(str(v) for v in value)
    return neutralise(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _table(rows: Iterable[Row], columns: Sequence[Column]) -> tuple[list[str], list[list]]:
    """Headers and rows as lists of spreadsheet-ready cells (see _cell)."""
    keys, headers = _columns(columns)
    data = []
    for row in rows:
        if isinstance(row, Mapping):
            data.append([_cell(row.get(key)) for key in keys])
        else:
            if len(row) != len(keys):
                raise ValueError(f"row has {len(row)} values for {len(keys)} columns")
            data.append([_cell(value) for value in row])
    return [_cell(h) for h in headers], data


def _frame(rows: Iterable[Row], columns: Sequence[Column]) -> "pd.DataFrame":
    """An object-typed frame so that ints never turn into floats around a missing value."""
    import pandas as pd
    headers, data = _table(rows, columns)
    frame = pd.DataFrame(data, columns=range(len(headers)), dtype=object)
    frame.columns = headers
    return frame


def to_csv_bytes(rows: Iterable[Row], columns: Sequence[Column]) -> bytes:
    """UTF-8 with a BOM so that Excel shows Vietnamese diacritics; dates as ISO yyyy-mm-dd."""
    frame = _frame(rows, columns)
    text = frame.to_csv(index=False, lineterminator="\r\n", date_format="%Y-%m-%d")
    return ("\ufeff" + text).encode("utf-8")


def sheet_title(name: str, taken: set[str]) -> str:
    """A legal, unique Excel sheet name (≤ 31 chars, none of []:*?/\\), case-insensitively."""
    base = _SHEET_FORBIDDEN.sub("-", str(name)).strip("'").strip() or "Sheet"
    title, n = base[:SHEET_NAME_MAX], 1
    while title.lower() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: SHEET_NAME_MAX - len(suffix)] + suffix
    taken.add(title.lower())
    return title


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, (date, datetime)):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def to_xlsx_bytes(sheets: Mapping[str, tuple[Sequence[Column], Iterable[Row]]],
                  *, min_width: int = 8, max_width: int = 60) -> bytes:
    """One sheet per table, bold frozen header, widths from the content, money as #,##0.
    Written in openpyxl's streaming mode: about three times faster on a 50,000-row directory."""
    if not sheets:
        raise ValueError("an XLSX workbook needs at least one sheet")
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    book, taken = Workbook(write_only=True), set()
    for name, (columns, rows) in sheets.items():
        headers, data = _table(rows, columns)
        sheet = book.create_sheet(sheet_title(name, taken))
        formats = []
        for index, header in enumerate(headers):
            values = [row[index] for row in data]
            widest = max([_display_width(header)] + [_display_width(v) for v in values[:2000]])
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max_width, max(min_width, widest + 2))
            formats.append("#,##0" if any(type(v) is int and abs(v) >= 10_000 for v in values) else None)
        sheet.freeze_panes = "A2"
        sheet.append([_styled(sheet, header, bold=True) for header in headers])
        for row in data:
            sheet.append([_styled(sheet, value, number_format=formats[i]) for i, value in enumerate(row)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _styled(sheet, value: Any, *, bold: bool = False, number_format: str | None = None):
    """A plain value, or a cell carrying the bold font or the number format it needs."""
    if isinstance(value, datetime):
        number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, date):
        number_format = "DD/MM/YYYY"
    elif type(value) is not int:
        number_format = None
    if not bold and number_format is None:
        return value
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    cell = WriteOnlyCell(sheet, value=value)
    if bold:
        cell.font = Font(bold=True)
    if number_format:
        cell.number_format = number_format
    return cell
