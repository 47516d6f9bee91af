"""Reading an import file's first sheet with limits checked before the rows are loaded.

The header row is read raw (openpyxl / csv), so a repeated column stays repeated (pandas silently
renamed the second 'name' to 'name.1', and the dry run ignored it) and a column holding data under
an empty header is named by its letter. An XLSX is a zip: its unpacked size and the sheet's
declared dimension are checked first, and rows are streamed, never more than the cap.
Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any, Iterable, Iterator


from ecosystem.services.platform.errors import DomainError


class ImportFileError(DomainError, ValueError):
    """The file cannot be read at all; its code and params are those of a row-0 Problem."""


def read_table(data: bytes, filename: str, *, max_rows: int | None = None,
               max_unpacked_bytes: int | None = None) -> tuple[list[str], list[dict]]:
    """Headers and rows of the first sheet; cells stay text (CSV) or Excel's own types (XLSX),
    so tax codes keep their leading zeros and blank lines keep their row numbers."""
    name = filename.lower()
    if name.endswith((".xlsx", ".xlsm")):
        lines = _xlsx_lines(data, max_rows, max_unpacked_bytes)
    elif name.endswith((".csv", ".txt")):
        lines = _csv_lines(data)
    else:
        raise ImportFileError("unsupported_file")
    try:
        header = next(lines, None)
        if header is None or not any(_filled(v) for v in header):
            raise ImportFileError("empty_file")
        body = []
        for line in lines:
            if max_rows is not None and len(body) >= max_rows:
                raise ImportFileError("too_many_rows", max=f"{max_rows:,}".replace(",", "."))
            body.append(line)
    except ImportFileError:
        raise
    except Exception as exc:  # csv, zip and XML parsers raise many types; all mean a broken file
        raise ImportFileError("unreadable_file", detail=str(exc)[:200]) from exc
    return _as_records(header, body)


def _filled(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _as_records(header: list, body: list[list]) -> tuple[list[str], list[dict]]:
    """Rows keyed by their header text; trailing blank rows dropped, blank columns without a
    header dropped, a blank header over data refused by its column letter."""
    while body and not any(_filled(v) for v in body[-1]):
        body.pop()
    width = max([len(header)] + [len(row) for row in body])
    headers = ["" if v is None else str(v) for v in header] + [""] * (width - len(header))
    keep = []
    for index, text in enumerate(headers):
        if text.strip():
            keep.append(index)
        elif any(index < len(row) and _filled(row[index]) for row in body):
            from openpyxl.utils import get_column_letter  # openpyxl only when a file is read
            raise ImportFileError("empty_header", column=get_column_letter(index + 1))
    rows = [{headers[i]: (row[i] if i < len(row) else None) for i in keep} for row in body]
    return [headers[i] for i in keep], rows


EXCEL_ERRORS = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")  # openpyxl's ERROR_CODES


def _cell(value: Any) -> Any:
    """Excel's value as the dry run reads it: 42.0 is 42, an error cell (#N/A) is empty."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value in EXCEL_ERRORS:
        return None
    return value


def _xlsx_lines(data: bytes, max_rows: int | None, max_unpacked: int | None) -> Iterator[list]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
            if max_unpacked is not None and unpacked > max_unpacked:
                raise ImportFileError("too_big_unpacked", max=max_unpacked // 2**20)
            declared, counted = _sheet_size(archive, _first_sheet(archive))
    except ImportFileError:
        raise
    except Exception as exc:  # not a zip, or a workbook without its parts
        raise ImportFileError("unreadable_file", detail=str(exc)[:200]) from exc
    if max_rows is not None and max(declared or 0, counted) - 1 > max_rows:
        raise ImportFileError("too_many_rows", max=f"{max_rows:,}".replace(",", "."))
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        if declared is not None and declared < counted:
            sheet.reset_dimensions()  # a dimension that undercounts would silently drop rows
    except Exception as exc:  # openpyxl raises many types for a broken file; all mean the same here
        raise ImportFileError("unreadable_file", detail=str(exc)[:200]) from exc
    return _closing(book, ([_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)))


_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION = re.compile(rb'<(?:[\w.-]{1,10}:)?dimension\s+ref="[A-Z]{0,3}\d*(?::[A-Z]{0,3}(\d+))?"')
_ROW_TAG = re.compile(rb"<(?:[\w.-]{1,10}:)?row[\s>/]")


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The zip path of the workbook's first sheet (the one the import reads)."""
    from xml.etree import ElementTree

    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    first = next(e for e in book.iter() if e.tag.endswith("}sheet"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next(e.get("Target") for e in rels.iter() if e.get("Id") == first.get(_REL))
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def _sheet_size(archive: zipfile.ZipFile, path: str) -> tuple[int | None, int]:
    """(the rows its <dimension> declares, the <row> tags counted) in one streaming pass over the
    sheet's XML, before any parser builds a row: a writer may omit or understate the dimension."""
    declared, counted, tail = None, 0, b""
    with archive.open(path) as stream:
        while chunk := stream.read(1 << 20):
            block = tail + chunk
            if declared is None and counted == 0 and (found := _DIMENSION.search(block)):
                declared = int(found.group(1) or 1)
            cut = max(0, len(block) - 32)  # a tag across two chunks is counted in the next one
            counted += sum(1 for m in _ROW_TAG.finditer(block) if m.start() < cut)
            tail = block[cut:]
    counted += len(_ROW_TAG.findall(tail))
    return declared, counted


def _closing(book, rows: Iterable[list]) -> Iterator[list]:
    try:
        yield from rows
    finally:
        book.close()


def _csv_lines(data: bytes) -> Iterator[list]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")  # Windows Vietnamese
    if "\x00" in text:  # PostgreSQL cannot store it; a UTF-16 file ("Unicode text") is full of them
        raise ImportFileError("nul_in_file")
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return (row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
