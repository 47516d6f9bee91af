"""Writing checked import rows: organisations, people and relationships, created or updated.

Called by bulk_import.execute inside one transaction, after a dry run without errors; rows carry
the values import_rules parsed (codes, dates, ints, sector ids) and the id of the record to update.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import (InvestorProfile, MentorProfile, Organisation, Person, Relationship, Sector,
                              StartupProfile)
from ecosystem.services.directory.records import ORG_FIELDS, PERSON_FIELDS, with_derived_place
from ecosystem.services.directory.relations import record_graph_change
from ecosystem.text import slugify

REL_FIELDS = ("started_on", "ended_on", "amount_vnd", "round", "cohort", "role_title", "note")


def apply_rows(kind: str, rows, *, chunk: int, on_chunk: Callable[[int], None]) -> tuple[int, int]:
    """Create or update each row; flush every `chunk` rows and report progress. Returns
    (created, updated); the caller commits or rolls back the whole file."""
    writer = {"organisation": _OrgWriter, "person": _PersonWriter, "relationship": _RelWriter}[kind]()
    created = updated = 0
    for done, result in enumerate(rows, start=1):
        if result.action == "create":
            writer.create(result.values)
            created += 1
        elif result.action == "update":
            writer.update(result.target_id, result.values)
            updated += 1
        if done % chunk == 0 or done == len(rows):
            db.session.flush()
            writer.after_flush()
            on_chunk(done)
    return created, updated


class _Sectors:
    def __init__(self):
        self.by_id = {s.id: s for s in db.session.scalars(select(Sector))}

    def after_flush(self) -> None:
        pass

    def of(self, ids) -> list[Sector]:
        return [self.by_id[i] for i in ids or [] if i in self.by_id]


class _OrgWriter(_Sectors):
    def __init__(self):
        super().__init__()
        self.slugs = set(db.session.scalars(select(Organisation.slug)))

    def _slug(self, name: str) -> str:
        base = slugify(name)
        slug, n = base, 1
        while slug in self.slugs:
            n += 1
            slug = f"{base}-{n}"
        self.slugs.add(slug)
        return slug

    def _fill(self, org: Organisation, values: dict) -> None:
        values = with_derived_place(values)
        for field in ORG_FIELDS:
            if field in values:
                setattr(org, field, values[field])
        if "sectors" in values:
            org.sectors = self.of(values["sectors"])
        if org.kind == "startup" and org.startup is None:
            org.startup = StartupProfile()
        if org.kind != "startup":
            org.stage = None

    def create(self, values: dict) -> None:
        org = Organisation(slug=self._slug(values["name"]), status="verified", technologies=[],
                           state_owned=False)
        self._fill(org, values)
        db.session.add(org)

    def update(self, org_id: int, values: dict) -> None:
        self._fill(db.session.get(Organisation, org_id), values)


class _PersonWriter(_Sectors):
    def _fill(self, person: Person, values: dict) -> None:
        values = with_derived_place(values)
        for field in PERSON_FIELDS:
            if field in values:
                setattr(person, field, values[field])
        if "sectors" in values:
            person.sectors = self.of(values["sectors"])
        if values.get("is_mentor"):
            person.mentor = person.mentor or MentorProfile(topics=[], stages=[], capacity=2, available=True)
            if values.get("mentor_capacity") is not None:
                person.mentor.capacity = values["mentor_capacity"]
        if values.get("is_investor") or "ticket_min_vnd" in values or "ticket_max_vnd" in values:
            if person.investor is None:
                person.investor = InvestorProfile(stages=[])
            for field in ("ticket_min_vnd", "ticket_max_vnd"):
                if field in values:
                    setattr(person.investor, field, values[field])

    def create(self, values: dict) -> None:
        person = Person(languages=[], contact_visibility="members")
        self._fill(person, values)
        db.session.add(person)

    def update(self, person_id: int, values: dict) -> None:
        self._fill(db.session.get(Person, person_id), values)


class _RelWriter:
    """New ties join the graph's change feed once a flush has given them ids."""

    def __init__(self):
        self.new: list[Relationship] = []

    def after_flush(self) -> None:
        for rel in self.new:
            record_graph_change("relationship", rel.id)
        self.new.clear()

    def create(self, values: dict) -> None:
        rel = Relationship(kind=values["kind"], source="import",
                           **{f: values[f] for f in REL_FIELDS if f in values})
        for side in ("source", "target"):
            ref_kind, ref_id = values[f"{side}_ref"]
            setattr(rel, f"{side}_{'person' if ref_kind == 'person' else 'org'}_id", ref_id)
        db.session.add(rel)
        self.new.append(rel)

    def update(self, rel_id: int, values: dict) -> None:
        rel = db.session.get(Relationship, rel_id)
        for field in REL_FIELDS:
            if field in values:
                setattr(rel, field, values[field])
        record_graph_change("relationship", rel.id)
