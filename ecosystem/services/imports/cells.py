"""Reading one cell of an import file: dates, whole-đồng amounts, tax codes, enums, sectors, yes/no.

Each parser returns the value or raises _Invalid(code, **params) with a code of import_specs.MESSAGES.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from functools import lru_cache
from typing import Any, Iterable, Mapping

from ecosystem.services.directory.wards import find_ward
from ecosystem.services.imports.formats import Col
from ecosystem.services.platform.errors import DomainError
from ecosystem.text import fold as _fold_text
from ecosystem.validators import MONEY_MAX, is_valid_tax_code, normalise_web_url, normalize_tax_code, parse_int

fold = lru_cache(maxsize=65536)(_fold_text)  # enum values and sector names repeat on every row


class _Invalid(DomainError):
    """A cell that cannot be read; the dry run turns it into a Problem of its row."""


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number or code that Excel stored as a number
    return str(value).strip()


_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_MONEY_SUFFIX = re.compile(r"\s*(₫|đ|vnd|vnđ|dong|đồng)\.?$", re.IGNORECASE)
_GROUPED = re.compile(r"^\d{1,3}([.,\s])\d{3}(?:\1\d{3})*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_URL = re.compile(r"^https?://[^\s/?#.]+\.[^\s]+$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"[;|\n]")
_TRUE = {"co", "x", "yes", "y", "true", "1", "dung"}
_FALSE = {"khong", "no", "n", "false", "0", "sai"}


def parse_date(value: Any) -> date:
    """dd/mm/yyyy (also d-m-yyyy, d.m.yyyy), ISO yyyy-mm-dd, or a date cell from Excel."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _as_text(value)
    match = _DMY.match(text)
    parts = (match.group(3), match.group(2), match.group(1)) if match else None
    if not match and (iso := _ISO.match(text)):
        parts = iso.groups()
    try:
        if parts and 1900 <= int(parts[0]) <= 2100:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        pass
    raise _Invalid("bad_date", value=text)


def parse_vnd(value: Any) -> int:
    """Whole đồng ≥ 0 from 1500000, 1.500.000, 1,500,000, '1 500 000 ₫' or a numeric cell."""
    if isinstance(value, bool):
        raise _Invalid("bad_money", value=value)
    amount = None
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        amount = int(value) if value >= 0 else None
    else:
        text = _MONEY_SUFFIX.sub("", str(value).strip()).strip()[:40]  # int() refuses 4,300+ digits
        if text.isascii() and text.isdigit():
            amount = int(text)
        elif text.isascii() and _GROUPED.match(text):
            amount = int(re.sub(r"[.,\s]", "", text))
    if amount is None or amount > MONEY_MAX:
        raise _Invalid("bad_money", value=_as_text(value))
    return amount


def _parse_int(value: Any) -> int:
    text = _as_text(value)
    if isinstance(value, bool) or parse_int(text) is None:
        raise _Invalid("bad_int", value=text)
    return int(text)


def _parse_tax_code(value: Any) -> tuple[str, bool]:
    """The normalised code, and whether a leading zero lost by Excel was put back."""
    padded = False
    text = _as_text(value).lstrip("'")
    if isinstance(value, (int, float)) and len(text) == 9 and text.isdigit():
        text, padded = "0" + text, True
    code = normalize_tax_code(text)
    if not is_valid_tax_code(code):
        raise _Invalid("bad_tax_code", value=_as_text(value))
    return code, padded


def _choices(vocab: Mapping[str, str]) -> dict[str, str]:
    lookup = {}
    for code, label in vocab.items():
        lookup[fold(str(label))] = code
        lookup[fold(code)] = code
    return lookup


def _parse_enum(value: Any, lookup: Mapping[str, str], vocab: Mapping[str, str]) -> str:
    text = _as_text(value)
    if fold(text) in lookup:
        return lookup[fold(text)]
    raise _Invalid("bad_choice", value=text, choices=", ".join(vocab))


def _parse_sectors(value: Any, sectors: Mapping[str, Any]) -> list:
    """Sector ids from 'A; B' (or 'A, B' when every comma-part is a known sector)."""
    found, unknown = [], []
    for part in filter(None, (p.strip() for p in _LIST_SPLIT.split(_as_text(value)))):
        pieces = [part] if fold(part) in sectors else [q.strip() for q in part.split(",") if q.strip()]
        if not all(fold(q) in sectors for q in pieces):
            unknown.append(part)
            continue
        found.extend(sectors[fold(q)] for q in pieces if sectors[fold(q)] not in found)
    if unknown:
        raise _Invalid("unknown_sector", value="; ".join(unknown))
    return found


def _parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    key = fold(_as_text(value))
    if key in _TRUE or key in _FALSE:
        return key in _TRUE
    raise _Invalid("bad_bool", value=_as_text(value))


def _parse_url(value: Any) -> str:
    """http(s) only, as in the forms: a javascript: or data: link would run in a reader's browser."""
    text = _as_text(value)
    url = normalise_web_url(text)
    if url is None or not _URL.match(url):
        raise _Invalid("bad_url", value=text)
    return url


def _parse_ward(value: Any) -> str:
    """A ward of the list since 1/7/2025, written as the list writes it."""
    unit = find_ward(_as_text(value))
    if unit is None:
        raise _Invalid("unknown_ward", value=_as_text(value))
    return unit.label


def _parse_email(value: Any) -> str:
    text = _as_text(value).lower()
    if not _EMAIL.match(text):
        raise _Invalid("bad_email", value=text)
    return text


class _Context:
    """What a cell parser needs besides the cell: the taxonomy and the vocabularies, folded once."""

    def __init__(self, sectors: Mapping[str, Any] | Iterable[str], vocab: Mapping[str, Mapping[str, str]]):
        items = sectors.items() if isinstance(sectors, Mapping) else ((s, s) for s in sectors)
        self.sectors = {fold(str(name)): sid for name, sid in items}
        self.vocab = vocab
        self.lookups = {name: _choices(v) for name, v in vocab.items()}
        self.warnings: list[tuple[str, dict]] = []

    def parse(self, col: Col, value: Any) -> Any:
        kind = col.type
        if kind in ("enum", "enum_list"):
            if col.vocab not in self.vocab:
                raise KeyError(f"vocabulary {col.vocab!r} was not supplied")
            lookup, vocab = self.lookups[col.vocab], self.vocab[col.vocab]
            if kind == "enum":
                return _parse_enum(value, lookup, vocab)
            return [_parse_enum(p, lookup, vocab) for p in _split(value)]
        if kind == "tax_code":
            code, padded = _parse_tax_code(value)
            if padded:
                self.warnings.append(("tax_code_padded", {"value": code}))
            return code
        if kind == "sectors":
            return _parse_sectors(value, self.sectors)
        if kind == "list":
            return _split(value)
        parser = {"date": parse_date, "vnd": parse_vnd, "int": _parse_int, "bool": _parse_bool,
                  "email": _parse_email, "url": _parse_url, "ward": _parse_ward}.get(kind)
        text = parser(value) if parser else _as_text(value)
        if col.max_length and isinstance(text, str) and len(text) > col.max_length:
            raise _Invalid("too_long", max=col.max_length)
        return text


def _split(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[;|\n,]", _as_text(value)) if p.strip()]
