"""Bulk import of organisations, people and relationships: the dry run that finds every fault first.

Pure: the file's rows, the sector taxonomy, the vocabularies and an index of existing records come in;
a report of what each row would create or update, and every problem with its row and column, goes
out. The service layer writes nothing unless the report has no error.
Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import date, datetime
from typing import Any, Iterable, Mapping, Sequence

from ecosystem.text import fold as _fold_text
from ecosystem.validators import is_valid_tax_code, normalize_tax_code

fold = lru_cache(maxsize=65536)(_fold_text)  # enum values and sector names repeat on every row

# code -> (Vietnamese, English); {placeholders} are filled from the problem's params.
MESSAGES = {
    "missing_column": ("Thiếu cột bắt buộc “{column}”", "Required column “{column}” is missing"),
    "unknown_column": ("Cột “{column}” không được nhận diện và sẽ bị bỏ qua",
                       "Column “{column}” is not recognised and will be ignored"),
    "repeated_column": ("Cột “{column}” xuất hiện nhiều lần", "Column “{column}” appears twice"),
    "required": ("Bắt buộc nhập", "A value is required"),
    "too_long": ("Dài quá {max} ký tự", "Longer than {max} characters"),
    "bad_date": ("Ngày “{value}” không đọc được (dùng dd/mm/yyyy hoặc yyyy-mm-dd)",
                 "Date “{value}” cannot be read (use dd/mm/yyyy or yyyy-mm-dd)"),
    "bad_money": ("Số tiền “{value}” không hợp lệ (số nguyên VND, không âm)",
                  "Amount “{value}” is not valid (whole VND, not negative)"),
    "bad_int": ("“{value}” không phải số nguyên không âm", "“{value}” is not a whole number ≥ 0"),
    "bad_choice": ("“{value}” không thuộc danh mục ({choices})", "“{value}” is not one of ({choices})"),
    "bad_bool": ("“{value}” phải là có/không", "“{value}” must be yes/no"),
    "bad_email": ("Email “{value}” không hợp lệ", "E-mail “{value}” is not valid"),
    "bad_url": ("Địa chỉ web “{value}” không hợp lệ", "Web address “{value}” is not valid"),
    "unknown_sector": ("Lĩnh vực “{value}” không có trong danh mục",
                       "Sector “{value}” is not in the taxonomy"),
    "bad_tax_code": ("Mã số thuế “{value}” không hợp lệ (10 chữ số hoặc 10-3, đúng số kiểm tra)",
                     "Tax code “{value}” is not valid (10 digits or 10-3, with a correct check digit)"),
    "tax_code_padded": ("Mã số thuế được thêm số 0 đầu đã bị Excel xoá: {value}",
                        "Tax code given back the leading zero Excel dropped: {value}"),
    "duplicate_in_file": ("Trùng với dòng {other} trong tệp", "Duplicates row {other} of this file"),
    "duplicate_existing": ("Đã có bản ghi #{id} với giá trị này", "Record #{id} already has this value"),
    "conflict_existing": ("Mã số thuế/email khớp bản ghi #{id} nhưng tên khớp bản ghi #{other}",
                          "Tax code/e-mail matches record #{id} but the name matches record #{other}"),
    "name_taken": ("Tên đã thuộc bản ghi #{id} có mã số thuế/email khác",
                   "The name belongs to record #{id}, which has another tax code/e-mail"),
    "same_name": ("Cùng tên với bản ghi #{id} (khác email): sẽ tạo người mới",
                  "Same name as record #{id} (other e-mail): a new person will be created"),
    "ambiguous_name": ("Tên khớp {count} bản ghi; ghi mã số thuế hoặc email để phân biệt",
                       "The name matches {count} records; give a tax code or e-mail"),
    "unknown_party": ("Không tìm thấy “{value}” (tên, mã số thuế hoặc email)",
                      "“{value}” was not found (name, tax code or e-mail)"),
    "wrong_party": ("“{value}” phải là {expected_vi}", "“{value}” must be {expected_en}"),
    "dates_order": ("Ngày kết thúc trước ngày bắt đầu", "The end date is before the start date"),
    "stage_not_startup": ("Giai đoạn chỉ dùng cho startup", "A stage applies to startups only"),
    "ticket_order": ("Mức đầu tư tối thiểu lớn hơn tối đa", "The minimum ticket exceeds the maximum"),
    "amount_not_investor": ("Số tiền chỉ dùng cho quan hệ đầu tư",
                            "An amount applies to investor relationships only"),
    "wrong_target_kind": ("“{value}” không phải loại tổ chức phù hợp ({kinds})",
                          "“{value}” is not a fitting kind of organisation ({kinds})"),
    "unsupported_file": ("Chỉ nhận tệp .csv hoặc .xlsx", "Only .csv or .xlsx files are accepted"),
    "unreadable_file": ("Không đọc được tệp: {detail}", "The file cannot be read: {detail}"),
}
PARTY_WORDS = {"person": ("một người", "a person"), "org": ("một tổ chức", "an organisation")}


@dataclass(frozen=True)
class Col:
    """One column of an import file; `vocab` names the vocabulary an enum is checked against."""

    key: str
    label_vi: str
    type: str = "text"  # text, list, date, vnd, int, bool, enum, enum_list, sectors, tax_code, email, url
    required: bool = False
    vocab: str | None = None
    max_length: int | None = None
    example: str = ""

    @property
    def header(self) -> str:
        return f"{self.label_vi}{' *' if self.required else ''} ({self.key})"


_ADDRESS = (Col("street", "Số nhà, đường", max_length=200, example="Số 1 đường Demo"),
            Col("ward", "Phường/xã", max_length=120, example="Phường Phú Lợi"),
            Col("city", "Tỉnh/thành phố", max_length=120, example="TP. Hồ Chí Minh"),
            Col("former_province", "Tỉnh cũ", max_length=120, example="Bình Dương"),
            Col("former_district", "Quận/huyện cũ", max_length=120, example="Thủ Dầu Một"))
SPECS: dict[str, tuple[Col, ...]] = {
    "organisation": (
        Col("name", "Tên tổ chức", required=True, max_length=200, example="Công ty TNHH Nông Nghiệp Xanh Demo"),
        Col("kind", "Loại tổ chức", "enum", required=True, vocab="org_kind", example="startup"),
        Col("name_en", "Tên tiếng Anh", max_length=200, example="Green Farm Demo Co., Ltd."),
        Col("tax_code", "Mã số thuế", "tax_code", example="3700000018"),
        Col("sectors", "Lĩnh vực", "sectors"),
        Col("stage", "Giai đoạn", "enum", vocab="stage", example="seed"),
        Col("founded_on", "Ngày thành lập", "date", example="15/03/2023"),
        Col("first_registered_on", "Ngày đăng ký kinh doanh lần đầu", "date", example="20/04/2023"),
        *_ADDRESS,
        Col("website", "Trang web", "url", max_length=200, example="https://demo.example.vn"),
        Col("email", "Email", "email", max_length=254, example="lienhe@demo.example.vn"),
        Col("phone", "Điện thoại", max_length=30, example="0274 000 0000"),
        Col("size_class", "Quy mô", "enum", vocab="size_class", example="micro"),
        Col("state_owned", "Doanh nghiệp nhà nước", "bool", example="không"),
        Col("technologies", "Công nghệ / từ khoá", "list", example="IoT; cảm biến"),
        Col("description", "Mô tả", example="Startup demo: cảm biến độ ẩm cho vườn sầu riêng"),
    ),
    "person": (
        Col("full_name", "Họ và tên", required=True, max_length=160, example="Trần Thị Demo"),
        Col("title", "Chức danh", max_length=200, example="Cố vấn tài chính"),
        Col("email", "Email", "email", max_length=254, example="demo.tran@example.vn"),
        Col("phone", "Điện thoại", max_length=30, example="0900 000 000"),
        Col("sectors", "Lĩnh vực chuyên môn", "sectors"),
        Col("languages", "Ngôn ngữ", "enum_list", vocab="language", example="vi; en"),
        Col("contact_visibility", "Hiển thị liên hệ", "enum", vocab="visibility", example="members"),
        *_ADDRESS[1:],
        Col("is_mentor", "Là cố vấn", "bool", example="có"),
        Col("mentor_capacity", "Số startup cố vấn tối đa", "int", example="3"),
        Col("is_investor", "Là nhà đầu tư", "bool", example="không"),
        Col("ticket_min_vnd", "Mức đầu tư tối thiểu (VND)", "vnd", example="500.000.000"),
        Col("ticket_max_vnd", "Mức đầu tư tối đa (VND)", "vnd", example="2.000.000.000"),
        Col("is_judge", "Là giám khảo", "bool", example="không"),
        Col("bio", "Giới thiệu", example="Người demo, không có thật"),
    ),
    "relationship": (
        Col("kind", "Loại quan hệ", "enum", required=True, vocab="relation_kind", example="mentor"),
        Col("source", "Bên nguồn (tên, mã số thuế hoặc email)", required=True, example="demo.tran@example.vn"),
        Col("target", "Bên đích (tên, mã số thuế hoặc email)", required=True, example="3700000018"),
        Col("started_on", "Ngày bắt đầu", "date", example="01/06/2024"),
        Col("ended_on", "Ngày kết thúc", "date"),
        Col("amount_vnd", "Số tiền (VND)", "vnd"),
        Col("round", "Vòng gọi vốn", max_length=40),
        Col("cohort", "Khoá ươm tạo", max_length=40),
        Col("role_title", "Vai trò", max_length=120),
        Col("note", "Ghi chú"),
    ),
}
# Which side may be a person or an organisation, per relationship kind (models/relations.py).
ENDPOINTS = {
    "founder": ("person", "org"), "employee": ("person", "org"), "member": ("person", "org"),
    "mentor": ("person", "org"), "investor": ("any", "org"), "resident": ("org", "org"),
    "club_member": ("any", "org"), "partner": ("org", "org"), "alumnus": ("person", "org"),
    "family": ("person", "person"),
}
# kind -> (strong key column, index attribute, name column, names must be unique)
_IDENTITY = {"organisation": ("tax_code", "org", "name", True),
             "person": ("email", "person", "full_name", False)}


@dataclass(frozen=True)
class Problem:
    """One fault (or warning) at a row and column, with its message in both languages."""

    row: int
    column: str
    code: str
    params: dict = field(default_factory=dict)
    severity: str = "error"
    header: str = ""  # the column as the file names it; column is the spec's key

    def message(self, lang: str = "vi") -> str:
        vi, en = MESSAGES[self.code]
        return (en if lang == "en" else vi).format(**self.params)

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "header": self.header, "code": self.code,
                "severity": self.severity, "vi": self.message("vi"), "en": self.message("en")}


@dataclass
class RowResult:
    """What one row would do: create, update (target_id), invalid, or skip (a blank row)."""

    row: int
    action: str
    values: dict
    target_id: int | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult]
    problems: list[Problem]  # every problem, header ones included, in file order

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "update": 0, "invalid": 0, "skip": 0}
        for result in self.rows:
            out[result.action] += 1
        return out


@dataclass
class ExistingIndex:
    """What the database already holds, as lookups; names are folded (ecosystem.text.fold)."""

    org_by_tax_code: Mapping[str, int] = field(default_factory=dict)
    org_by_name: Mapping[str, Any] = field(default_factory=dict)  # folded name -> id or ids
    person_by_email: Mapping[str, int] = field(default_factory=dict)
    person_by_name: Mapping[str, Any] = field(default_factory=dict)
    org_tax_code_by_id: Mapping[int, str] = field(default_factory=dict)
    person_email_by_id: Mapping[int, str] = field(default_factory=dict)
    relationships: Mapping[tuple, int] = field(default_factory=dict)  # (kind, src, tgt) -> id

    @classmethod
    def from_records(cls, orgs: Iterable[tuple] = (), people: Iterable[tuple] = (),
                     relationships: Iterable[tuple] = ()) -> "ExistingIndex":
        """orgs: (id, name, tax_code); people: (id, full_name, email);
        relationships: (id, kind, ("person"|"org", id), ("person"|"org", id))."""
        index = cls({}, {}, {}, {}, {}, {}, {})
        for oid, name, tax in orgs:
            index.org_by_name.setdefault(fold(name), []).append(oid)
            if tax:
                index.org_by_tax_code[tax] = oid
                index.org_tax_code_by_id[oid] = tax
        for pid, name, email in people:
            index.person_by_name.setdefault(fold(name), []).append(pid)
            if email:
                index.person_by_email[email.strip().lower()] = pid
                index.person_email_by_id[pid] = email.strip().lower()
        for rid, kind, src, tgt in relationships:
            index.relationships[_rel_key(kind, tuple(src), tuple(tgt))] = rid
        return index

    def lookup(self, side: str, strong: str | None = None, name: str | None = None):
        """(id by tax code/e-mail, ids by folded name) for organisations or people."""
        by_strong = self.org_by_tax_code if side == "org" else self.person_by_email
        by_name = self.org_by_name if side == "org" else self.person_by_name
        ids = by_name.get(name) if name else None
        ids = [] if ids is None else [ids] if isinstance(ids, int) else list(ids)
        return (by_strong.get(strong) if strong else None), ids

    def strong_of(self, side: str, record_id: int) -> str | None:
        return (self.org_tax_code_by_id if side == "org" else self.person_email_by_id).get(record_id)


class _Invalid(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params


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
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        if value >= 0:
            return int(value)
        raise _Invalid("bad_money", value=_as_text(value))
    text = _MONEY_SUFFIX.sub("", str(value).strip()).strip()
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"[.,\s]", "", text))
    raise _Invalid("bad_money", value=str(value).strip())


def _parse_int(value: Any) -> int:
    text = _as_text(value)
    if isinstance(value, bool) or not text.isdigit():
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
    text = _as_text(value)
    url = text if re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I) else "https://" + text
    if not _URL.match(url):
        raise _Invalid("bad_url", value=text)
    return url


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
                  "email": _parse_email, "url": _parse_url}.get(kind)
        text = parser(value) if parser else _as_text(value)
        if col.max_length and isinstance(text, str) and len(text) > col.max_length:
            raise _Invalid("too_long", max=col.max_length)
        return text


def _split(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"[;|\n,]", _as_text(value)) if p.strip()]


def map_headers(kind: str, headers: Sequence[str]) -> tuple[dict[str, Col], list[Problem]]:
    """File header -> column; accepts the key, the Vietnamese label or the template's 'Nhãn * (key)'."""
    spec = SPECS[kind]
    by_key = {col.key: col for col in spec}
    by_label = {fold(alias): col for col in spec for alias in (col.key, col.label_vi)}
    mapping: dict[str, Col] = {}
    problems, used = [], set()
    for header in headers:
        text = str(header).strip()
        match = re.search(r"\(([A-Za-z_]+)\)\s*$", text)
        col = by_key.get(match.group(1).lower()) if match else None
        col = col or by_label.get(fold(text).rstrip("*").strip())
        if col is None:
            problems.append(Problem(1, text, "unknown_column", {"column": text}, "warning", text))
        elif col.key in used:
            problems.append(Problem(1, col.key, "repeated_column", {"column": text}, header=text))
        else:
            used.add(col.key)
            mapping[header] = col
    for col in spec:
        if col.required and col.key not in used:
            problems.append(Problem(1, col.key, "missing_column", {"column": col.header}, header=col.header))
    return mapping, problems


def validate_rows(kind: str, rows: Iterable[Mapping[str, Any]], known_sectors, existing_index, *,
                  vocab: Mapping[str, Mapping[str, str]], on_existing: str = "update",
                  headers: Sequence[str] | None = None, first_row: int = 2) -> ImportReport:
    """The dry run. rows are keyed by the file's headers; known_sectors maps name or code -> id;
    existing_index is an ExistingIndex (or its fields as a dict); vocab maps 'org_kind', 'stage',
    'size_class', 'visibility', 'language', 'relation_kind' to {code: label}. A row matching an
    existing record is an update, or a 'duplicate_existing' error when on_existing == 'error'."""
    if kind not in SPECS:
        raise ValueError(f"unknown import kind {kind!r}; expected one of {sorted(SPECS)}")
    if on_existing not in ("update", "error"):
        raise ValueError("on_existing must be 'update' or 'error'")
    index = existing_index if isinstance(existing_index, ExistingIndex) else ExistingIndex(**existing_index)
    rows = list(rows)
    headers = list(headers) if headers is not None else list(dict.fromkeys(k for r in rows for k in r))
    mapping, problems = map_headers(kind, headers)
    header_of = {col.key: header for header, col in mapping.items()}
    ctx = _Context(known_sectors, vocab)
    checker = _Identity(kind, index, on_existing) if kind in _IDENTITY else _Relations(index, on_existing)
    results = []
    for offset, raw in enumerate(rows):
        row = first_row + offset
        if all(_blank(v) for v in raw.values()):
            results.append(RowResult(row, "skip", {}))
            continue
        values, found = {}, []
        for header, col in mapping.items():
            value = raw.get(header)
            if _blank(value):
                if col.required:
                    found.append(Problem(row, col.key, "required", header=str(header)))
                continue
            try:
                values[col.key] = ctx.parse(col, value)
            except _Invalid as bad:
                found.append(Problem(row, col.key, bad.code, bad.params, header=str(header)))
            found += [Problem(row, col.key, code, params, "warning", str(header))
                      for code, params in ctx.warnings]
            ctx.warnings.clear()
        found += _row_rules(kind, row, values)
        target = checker.check(row, values, found)
        for i, problem in enumerate(found):
            if not problem.header and problem.column in header_of:
                found[i] = Problem(problem.row, problem.column, problem.code, problem.params,
                                   problem.severity, str(header_of[problem.column]))
        invalid = any(p.severity == "error" for p in found)
        action = "invalid" if invalid else "update" if target is not None else "create"
        results.append(RowResult(row, action, values, target, found))
        problems += found
    return ImportReport(kind, results, problems)


def _row_rules(kind: str, row: int, values: dict) -> list[Problem]:
    """Checks across cells of one row, mirroring the models' CHECK constraints."""
    out = []
    if kind == "organisation" and values.get("stage") and values.get("kind", "startup") != "startup":
        out.append(Problem(row, "stage", "stage_not_startup"))
    low, high = values.get("ticket_min_vnd"), values.get("ticket_max_vnd")
    if kind == "person" and low is not None and high is not None and low > high:
        out.append(Problem(row, "ticket_max_vnd", "ticket_order"))
    start, end = values.get("started_on"), values.get("ended_on")
    if kind == "relationship" and start and end and end < start:
        out.append(Problem(row, "ended_on", "dates_order"))
    if kind == "relationship" and values.get("amount_vnd") is not None and values.get("kind") != "investor":
        out.append(Problem(row, "amount_vnd", "amount_not_investor", severity="warning"))
    return out


class _Identity:
    """Duplicates of organisations (tax code, name) or people (e-mail, name): in the file and stored."""

    def __init__(self, kind: str, index: ExistingIndex, on_existing: str):
        self.strong_col, self.side, self.name_col, self.unique_names = _IDENTITY[kind]
        self.index, self.on_existing = index, on_existing
        self.seen_strong: dict[str, int] = {}
        self.seen_name: dict[str, tuple[int, str | None]] = {}

    def check(self, row: int, values: dict, out: list[Problem]) -> int | None:
        strong, name = values.get(self.strong_col), fold(values.get(self.name_col)) or None
        if strong and strong in self.seen_strong:
            out.append(Problem(row, self.strong_col, "duplicate_in_file", {"other": self.seen_strong[strong]}))
        elif name and name in self.seen_name:
            other_row, other_strong = self.seen_name[name]
            if self.unique_names or not (strong and other_strong and strong != other_strong):
                out.append(Problem(row, self.name_col, "duplicate_in_file", {"other": other_row}))
        if strong:
            self.seen_strong.setdefault(strong, row)
        if name:
            self.seen_name.setdefault(name, (row, strong))
        return self._existing(row, strong, name, out)

    def _existing(self, row: int, strong: str | None, name: str | None, out: list[Problem]) -> int | None:
        by_strong, name_ids = self.index.lookup(self.side, strong, name)
        target = None
        if by_strong is not None:
            target = by_strong
            if self.unique_names and name_ids and by_strong not in name_ids:
                out.append(Problem(row, self.name_col, "conflict_existing", {"id": by_strong, "other": name_ids[0]}))
        elif name_ids:
            same = [i for i in name_ids if not strong or self.index.strong_of(self.side, i) in (None, strong)]
            if not same and self.unique_names:
                out.append(Problem(row, self.name_col, "name_taken", {"id": name_ids[0]}))
            elif not same:
                out.append(Problem(row, self.name_col, "same_name", {"id": name_ids[0]}, "warning"))
            elif len(same) > 1:
                out.append(Problem(row, self.name_col, "ambiguous_name", {"count": len(same)}))
            else:
                target = same[0]
        if target is not None and self.on_existing == "error":
            column = self.strong_col if by_strong is not None else self.name_col
            out.append(Problem(row, column, "duplicate_existing", {"id": target}))
        return target


def _rel_key(kind: str, source: tuple, target: tuple) -> tuple:
    """Partners and family ties have no direction: (a, b) and (b, a) are one relationship."""
    if kind in ("partner", "family") and target < source:
        source, target = target, source
    return kind, source, target


class _Relations:
    """Finds both ends of each relationship among existing records, and repeated relationships."""

    def __init__(self, index: ExistingIndex, on_existing: str):
        self.index, self.on_existing = index, on_existing
        self.seen: dict[tuple, int] = {}

    def check(self, row: int, values: dict, out: list[Problem]) -> int | None:
        kind = values.get("kind")
        if kind is None:
            return None
        sides = ENDPOINTS.get(kind, ("any", "any"))
        source = self._resolve(row, "source", values.get("source"), sides[0], out)
        target = self._resolve(row, "target", values.get("target"), sides[1], out)
        if source is None or target is None:
            return None
        values["source_ref"], values["target_ref"] = source, target
        key = _rel_key(kind, source, target)
        repeat = key + (values.get("started_on"),)
        if repeat in self.seen:
            out.append(Problem(row, "source", "duplicate_in_file", {"other": self.seen[repeat]}))
        self.seen.setdefault(repeat, row)
        existing = self.index.relationships.get(key)
        if existing is not None and self.on_existing == "error":
            out.append(Problem(row, "source", "duplicate_existing", {"id": existing}))
        return existing

    def _resolve(self, row: int, column: str, text: str | None, allowed: str, out: list[Problem]):
        if not text:
            return None
        sides = ("person", "org") if allowed == "any" else (allowed,)
        code = normalize_tax_code(text.lstrip("'"))
        found: list[tuple[str, int]] = []
        if is_valid_tax_code(code):
            hit = self.index.org_by_tax_code.get(code)
            found = [("org", hit)] if hit is not None else []
        elif "@" in text:
            hit = self.index.person_by_email.get(text.strip().lower())
            found = [("person", hit)] if hit is not None else []
        else:
            for side in ("person", "org"):
                found += [(side, i) for i in self.index.lookup(side, None, fold(text))[1]]
        fitting = [f for f in found if f[0] in sides]
        if len(fitting) == 1:
            return fitting[0]
        if len(fitting) > 1:
            out.append(Problem(row, column, "ambiguous_name", {"count": len(fitting)}))
        elif found:
            vi, en = PARTY_WORDS[sides[0]]
            out.append(Problem(row, column, "wrong_party", {"value": text, "expected_vi": vi, "expected_en": en}))
        else:
            out.append(Problem(row, column, "unknown_party", {"value": text}))
        return None


def template_table(kind: str, sector_example: str = "") -> tuple[list[tuple[str, str]], list[dict]]:
    """Columns (key, 'Nhãn * (key)') and one example row, ready for exports.to_csv/xlsx_bytes."""
    spec = SPECS[kind]
    example = {col.key: (sector_example if col.type == "sectors" else col.example) for col in spec}
    return [(col.key, col.header) for col in spec], [example]


class ImportFileError(ValueError):
    """The file cannot be read at all; carries a row-0 Problem for the page to show."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.problem = Problem(0, "", code, params)


def read_table(data: bytes, filename: str) -> tuple[list[str], list[dict]]:
    """Headers and rows of the first sheet; cells stay text (CSV) or Excel's own types (XLSX),
    so tax codes keep their leading zeros and blank lines keep their row numbers."""
    import pandas as pd  # the dry run itself needs no pandas; only reading a file does

    name = filename.lower()
    try:
        if name.endswith((".xlsx", ".xlsm")):
            frame = pd.read_excel(io.BytesIO(data), sheet_name=0, dtype=object, engine="openpyxl")
        elif name.endswith((".csv", ".txt")):
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = data.decode("cp1258", errors="replace")  # Windows Vietnamese
            first = text.split("\n", 1)[0]
            sep = max((",", ";", "\t"), key=first.count)
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                                skip_blank_lines=False)
        else:
            raise ImportFileError("unsupported_file")
    except ImportFileError:
        raise
    except Exception as exc:  # pandas raises many types for a broken file; all mean the same here
        raise ImportFileError("unreadable_file", detail=str(exc)[:200]) from exc
    headers = [str(c) for c in frame.columns]
    frame.columns = headers
    rows = [{k: (None if _missing(v) else v) for k, v in record.items()}
            for record in frame.to_dict("records")]
    return headers, rows


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(value != value)  # NaN, NaT and pd.NA are not equal to themselves
    except TypeError:
        return True  # pd.NA refuses bool()
