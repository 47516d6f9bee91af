"""`flask seed-synthetic`: an invented ecosystem at scale, bulk-inserted with SQLAlchemy Core
(executemany in chunks, ids assigned here) so 50,000 startups load into SQLite in seconds, not hours."""
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Callable, Iterable

import click
from flask import current_app
from sqlalchemy import func, insert, select, text

from ecosystem.extensions import db
from ecosystem.models import (InvestorProfile, MentorProfile, Organisation, Person, Relationship,
                              StartupProfile)
from ecosystem.models.base import utcnow
from ecosystem.models.directory import (org_search_key, person_search_key, investor_sectors,
                                        org_sectors, person_sectors)
from ecosystem.seeding import ensure_sectors
from ecosystem.services.platform.planner_statistics import refresh_planner_statistics
from ecosystem.services.directory.synthetic import approx_rows, generate, seed_vocab

BATCH = 5_000  # rows buffered before one executemany round
ORG_COLUMNS = ("kind", "name", "name_en", "description", "technologies", "stage", "tax_code", "street",
               "website", "email", "phone", "size_class", "state_owned", "status", "city", "ward",
               "former_province", "former_district")
PERSON_COLUMNS = ("full_name", "title", "bio", "languages", "email", "phone", "contact_visibility",
                  "city", "ward", "former_province", "former_district", "is_judge", "is_coordinator")
REL_COLUMNS = ("kind", "amount_vnd", "round", "cohort", "role_title", "note")
# Parents before children: a batch never names a row that a later statement inserts.
ORDER = (Organisation.__table__, Person.__table__, InvestorProfile.__table__, StartupProfile.__table__,
         org_sectors, person_sectors, MentorProfile.__table__, investor_sectors, Relationship.__table__)
ID_TABLES = (Organisation.__table__, Person.__table__, InvestorProfile.__table__, Relationship.__table__)


class SyntheticError(Exception):
    """The synthetic ecosystem cannot be loaded (already there, or a row names an unknown end)."""


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class BulkLoader:
    """Turns generator rows into table rows with ids known in advance, and inserts them in batches."""

    def __init__(self, sector_ids: dict[str, int], on_rows: Callable[[int], None] | None = None):
        self.sector_ids, self.on_rows, self.now = sector_ids, on_rows or (lambda n: None), utcnow()
        self.next_id = {t: (db.session.scalar(select(func.max(t.c.id))) or 0) + 1 for t in ID_TABLES}
        self.ids: dict[str, int] = {}  # "o:key" / "p:key" → id
        self.buffer: dict = {t: [] for t in ORDER}
        self.pending = 0
        self.counts = {"organisation": 0, "person": 0, "relationship": 0}

    def take(self, table) -> int:
        ident = self.next_id[table]
        self.next_id[table] += 1
        return ident

    def add(self, kind: str, row: dict) -> None:
        getattr(self, f"add_{kind}")(row)
        self.counts[kind] += 1
        self.pending += 1
        if self.pending >= BATCH:
            self.flush()

    def add_node(self, table, ref: str, columns: tuple, row: dict, search_key, **extra) -> int:
        """One organisation or person row; the search key is computed by the models' own listener."""
        node_id = self.take(table)
        self.ids[ref] = node_id
        values = {c: row.get(c) for c in columns}
        values.update(id=node_id, created_at=self.now, updated_at=self.now, **extra)
        search_key(None, None, shape := SimpleNamespace(**values))
        values["search_key"] = shape.search_key
        self.buffer[table].append(values)
        return node_id

    def add_organisation(self, row: dict) -> None:
        org_id = self.add_node(Organisation.__table__, f"o:{row['key']}", ORG_COLUMNS, row, org_search_key,
                               slug=row["key"], founded_on=_day(row["founded_on"]),
                               first_registered_on=_day(row["first_registered_on"]))
        self.link_sectors(org_sectors, "organisation_id", org_id, row["sectors"])
        if row.get("startup"):
            self.buffer[StartupProfile.__table__].append({"organisation_id": org_id, **row["startup"]})
        if row.get("investor"):
            self.add_investor(row["investor"], organisation_id=org_id, person_id=None)

    def add_person(self, row: dict) -> None:
        person_id = self.add_node(Person.__table__, f"p:{row['key']}", PERSON_COLUMNS, row,
                                  person_search_key, archived=False)
        self.link_sectors(person_sectors, "person_id", person_id, row["sectors"])
        if row.get("mentor"):
            self.buffer[MentorProfile.__table__].append({"person_id": person_id, **row["mentor"]})
        if row.get("investor"):
            self.add_investor(row["investor"], organisation_id=None, person_id=person_id)

    def add_investor(self, profile: dict, **owner) -> None:
        profile_id = self.take(InvestorProfile.__table__)
        self.buffer[InvestorProfile.__table__].append(
            {"id": profile_id, **owner, "stages": profile["stages"], "geography": profile["geography"],
             "ticket_min_vnd": profile["ticket_min_vnd"], "ticket_max_vnd": profile["ticket_max_vnd"]})
        self.link_sectors(investor_sectors, "investor_profile_id", profile_id, profile["sectors"])

    def link_sectors(self, table, column: str, owner_id: int, codes: Iterable[str]) -> None:
        self.buffer[table].extend({column: owner_id, "sector_id": self.sector_ids[c]} for c in codes)

    def add_relationship(self, row: dict) -> None:
        values = {c: row.get(c) for c in REL_COLUMNS}
        values.update(id=self.take(Relationship.__table__), started_on=_day(row["started_on"]),
                      ended_on=_day(row["ended_on"]), source="synthetic", created_at=self.now,
                      updated_at=self.now, source_person_id=None, source_org_id=None,
                      target_person_id=None, target_org_id=None)
        for side in ("source", "target"):
            ref = row[side]
            if ref not in self.ids:
                raise SyntheticError(f"unknown end {ref}")
            values[f"{side}_{'person' if ref[0] == 'p' else 'org'}_id"] = self.ids[ref]
        self.buffer[Relationship.__table__].append(values)

    def flush(self) -> None:
        for table in ORDER:
            if self.buffer[table]:
                db.session.execute(insert(table), self.buffer[table])
                self.buffer[table] = []
        self.on_rows(self.pending)
        self.pending = 0

    def finish(self) -> dict:
        self.flush()
        if db.engine.dialect.name == "postgresql":  # ids were given here: move the sequences past them
            for table in ID_TABLES:
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                        f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"))
        return self.counts


def load_synthetic(startups: int, mentors: int, investors: int, seed: int, seeds_dir: str,
                   on_rows: Callable[[int], None] | None = None) -> dict:
    """Insert one synthetic ecosystem; the caller commits. Refuses to load twice (keys are syn-…)."""
    if db.session.scalar(select(Organisation.id).where(Organisation.slug.like("syn-%")).limit(1)):
        raise SyntheticError("synthetic data is already loaded")
    sector_rows, needs = seed_vocab(Path(seeds_dir))
    sectors = ensure_sectors(Path(seeds_dir) / "demo")
    loader = BulkLoader({code: s.id for code, s in sectors.items()}, on_rows)
    for kind, row in generate(startups, mentors, investors, seed, sectors=sector_rows, needs=needs):
        loader.add(kind, row)
    return loader.finish()


@click.command("seed-synthetic")
@click.option("--startups", type=click.IntRange(0), default=1000, show_default=True)
@click.option("--mentors", type=click.IntRange(0), default=None, help="Default: startups / 25.")
@click.option("--investors", type=click.IntRange(0), default=None,
              help="Angels and funds together. Default: startups / 80.")
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same ecosystem.")
def seed_synthetic(startups: int, mentors: int | None, investors: int | None, seed: int):
    """Load a large invented ecosystem (about 5 relationships per node) for scale tests."""
    mentors = startups // 25 if mentors is None else mentors
    investors = startups // 80 if investors is None else investors
    total, started = approx_rows(startups, mentors, investors), time.perf_counter()
    with click.progressbar(length=total, label="Synthetic ecosystem") as bar:
        done = [0]

        def advance(rows: int) -> None:
            step = min(rows, total - done[0])
            done[0] += step
            bar.update(step)
        try:
            counts = load_synthetic(startups, mentors, investors, seed, current_app.config["SEEDS_DIR"],
                                    advance)
        except SyntheticError as error:
            db.session.rollback()
            raise click.ClickException(str(error))
        bar.update(total - done[0])
    db.session.commit()
    refresh_planner_statistics()
    db.session.commit()
    click.echo(f"Loaded {counts['organisation']} organisations, {counts['person']} people and "
               f"{counts['relationship']} relationships in {time.perf_counter() - started:.1f} s.")
