"""Bulk import of organisations, people and relationships: the dry run that finds every fault first.

Pure: the file's rows, the sector taxonomy, the vocabularies and an index of existing records come in;
a report of what each row would create or update, and every problem with its row and column, goes
out. The service layer writes nothing unless the report has no error.
Row numbers are the spreadsheet's: the header is row 1, the first data row is row 2.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from ecosystem.services.imports.cells import _Context, _Invalid, _blank, fold, parse_date, parse_vnd  # noqa: F401
from ecosystem.services.imports.existing_index import ExistingIndex, _Identity, _Relations
from ecosystem.services.imports.formats import ENDPOINTS, MESSAGES, SPECS, Col, Problem, _IDENTITY  # noqa: F401
from ecosystem.services.imports.reader import ImportFileError, read_table  # noqa: F401


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
    headless = any(p.severity == "error" for p in problems)  # a required column is missing or repeated
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
        invalid = headless or any(p.severity == "error" for p in found)
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


def template_table(kind: str, sector_example: str = "") -> tuple[list[tuple[str, str]], list[dict]]:
    """Columns (key, 'Nhãn * (key)') and one example row, ready for exports.to_csv/xlsx_bytes."""
    spec = SPECS[kind]
    example = {col.key: (sector_example if col.type == "sectors" else col.example) for col in spec}
    return [(col.key, col.header) for col in spec], [example]
