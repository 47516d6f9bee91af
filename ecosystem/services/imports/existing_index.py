"""What a file's rows would match: the existing records (by tax code, e-mail and accent-free name),
and duplicates within the file, for organisations, people and relationships."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ecosystem.services.imports.cells import fold
from ecosystem.services.imports.formats import ENDPOINTS, PARTY_WORDS, Problem, _IDENTITY
from ecosystem.validators import is_valid_tax_code, normalize_tax_code


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
