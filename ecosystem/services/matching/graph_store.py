"""The bridge between the database and matching/'s graph: full build, per-process cache, delta refresh.

Every edge carries a reference (edge source, row id) packed into one integer, so the GraphChange
feed — rows (edge_source, ref_id, op) whose highest id is the graph version — tells a worker
exactly which edges to drop and re-read. Each process keeps one graph in app.extensions and,
when the database's version moves, applies only the changes after its own version.
"""
from __future__ import annotations

import ctypes
import logging
import os
import threading
import time
from contextlib import contextmanager
from datetime import date
from functools import cache

from flask import current_app
from sqlalchemy import func, select

from ecosystem.clock import local_today, utcnow
from ecosystem.extensions import db
from ecosystem.matching.graph import EcosystemGraph
from ecosystem.matching.graph_build import EdgeRow, build_graph
from ecosystem.models import Base, GraphChange, Introduction, InvestorProfile, Relationship
from ecosystem.models.directory import investor_sectors, org_sectors, person_sectors
from ecosystem.services.platform.settings import defaults, setting

log = logging.getLogger(__name__)
SOURCES = ("relationship", "attendance", "introduction")
_SHIFT = 40  # ref = source code << 40 | row id


def edge_ref(source: str, ref_id: int) -> int:
    return (SOURCES.index(source) << _SHIFT) | int(ref_id)


def parse_ref(ref: int | None) -> tuple[str, int] | None:
    """(edge source, row id) of a packed reference; None for untracked edges (sector tags)."""
    if ref is None or ref < 0:
        return None
    return SOURCES[ref >> _SHIFT], ref & ((1 << _SHIFT) - 1)


def _key(person_id, org_id) -> tuple:
    return ("person", person_id) if person_id is not None else ("org", org_id)


def relationship_rows(ids=None):
    """Edges of relationships (all, or those ids); the relationship kind is the edge kind."""
    t = Relationship.__table__
    query = select(t.c.id, t.c.kind, t.c.source_person_id, t.c.source_org_id, t.c.target_person_id,
                   t.c.target_org_id, t.c.started_on, t.c.ended_on)
    if ids is not None:
        query = query.where(t.c.id.in_(ids))
    for row in db.session.execute(query):
        yield EdgeRow(_key(row.source_person_id, row.source_org_id),
                      _key(row.target_person_id, row.target_org_id), row.kind, row.started_on,
                      row.ended_on, edge_ref("relationship", row.id))


def _attendance_weight():
    """Weight of an attendance tie by event size: events.attendance_tie_base_weight, scaled down
    past events.attendance_tie_full_weight_size attendees (meeting in a crowd is a weak tie);
    None (the kind's weight) when the events settings are absent."""
    try:
        base = float(setting("events.attendance_tie_base_weight"))
        full = float(setting("events.attendance_tie_full_weight_size"))
    except KeyError:
        return lambda size: None
    return lambda size: base * min(1.0, full / max(size, 1))


def attendance_rows(ids=None):
    """Event attendance, when the events tables exist: attendee — organiser ('attended_together'),
    so two people at the same club's event are two hops apart through the club."""
    tables = Base.metadata.tables
    if "attendances" not in tables or "events" not in tables:
        return
    a, e = tables["attendances"], tables["events"]
    started = (e.c.starts_at <= utcnow()) & (e.c.status != "cancelled")  # no tie from an event yet to happen
    query = select(a.c.id, a.c.event_id, a.c.person_id, a.c.startup_id, a.c.attended_on,
                   e.c.organiser_id).join(e, e.c.id == a.c.event_id).where(started)
    sizes = select(a.c.event_id, func.count(a.c.id)).join(e, e.c.id == a.c.event_id).where(
        started).group_by(a.c.event_id)
    if ids is not None:
        query = query.where(a.c.id.in_(ids))
        sizes = sizes.where(a.c.event_id.in_(select(a.c.event_id).where(a.c.id.in_(ids))))
    size_of = dict(db.session.execute(sizes).all())
    weight = _attendance_weight()
    for row in db.session.execute(query):
        for attendee in (("person", row.person_id), ("org", row.startup_id)):
            if attendee[1] is not None and attendee != ("org", row.organiser_id):
                yield EdgeRow(attendee, ("org", row.organiser_id), "attended_together",
                              row.attended_on, row.attended_on, edge_ref("attendance", row.id),
                              weight(size_of.get(row.event_id, 1)))


def introduction_rows(ids=None):
    """Accepted introductions: the startup — the person or organisation it was introduced to."""
    t = Introduction.__table__
    query = select(t.c.id, t.c.startup_id, t.c.target_person_id, t.c.target_org_id,
                   t.c.target_decided_at).where(t.c.status == "accepted")
    if ids is not None:
        query = query.where(t.c.id.in_(ids))
    for row in db.session.execute(query):
        day = row.target_decided_at.date() if row.target_decided_at else None
        yield EdgeRow(("org", row.startup_id), _key(row.target_person_id, row.target_org_id),
                      "introduced", day, None, edge_ref("introduction", row.id))


def sector_rows():
    """Sector tags (untracked by the change feed: a full build picks up their edits)."""
    for row in db.session.execute(select(org_sectors.c.organisation_id, org_sectors.c.sector_id)):
        yield EdgeRow(("org", row.organisation_id), ("sector", row.sector_id), "sector")
    for row in db.session.execute(select(person_sectors.c.person_id, person_sectors.c.sector_id)):
        yield EdgeRow(("person", row.person_id), ("sector", row.sector_id), "sector")
    i = InvestorProfile.__table__
    owners = select(investor_sectors.c.sector_id, i.c.person_id, i.c.organisation_id).join(
        i, i.c.id == investor_sectors.c.investor_profile_id)
    seen = set()
    for row in db.session.execute(owners):
        pair = (_key(row.person_id, row.organisation_id), ("sector", row.sector_id))
        if pair not in seen:  # an owner tagged the same sector on its own and its thesis
            seen.add(pair)
            yield EdgeRow(*pair, "sector")


ROW_READERS = {"relationship": relationship_rows, "attendance": attendance_rows,
               "introduction": introduction_rows}


def database_version() -> int:
    return db.session.scalar(_version_statement()) or 0


@cache
def _version_statement():
    """Built once: every page that reads the graph checks the change feed first."""
    return select(func.max(GraphChange.__table__.c.id))


def graph_settings() -> dict:
    """An officer's saved weights over the shipped ones, so a kind added later (technology_transfer)
    still has a weight when the saved mapping predates it."""
    weights = {**defaults()["matching.kind_weights"], **setting("matching.kind_weights")}
    return {"kind_weights": weights,
            "half_life_days": setting("graph.half_life_days")}


def build_from_database(as_of: date | None = None) -> EcosystemGraph:
    """A full build: every tracked edge source plus sector tags, at the current version."""
    version = database_version()  # read first: a change landing meanwhile is re-applied later
    rows = (row for reader in (relationship_rows, attendance_rows, introduction_rows, sector_rows)
            for row in (reader() or ()))
    graph = build_graph(rows, as_of=as_of or local_today(), version=version, **graph_settings())
    release_memory()
    return graph


def release_memory() -> None:
    """Hand the heap freed by a big build (half a million rows read) back to the system, so a
    worker's resident size is what it keeps, not what it once read (glibc only; else nothing)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def apply_changes(graph: EcosystemGraph, changes) -> None:
    """Re-read each changed row: drop its edges, add them again if the row still gives edges."""
    by_source: dict[str, set[int]] = {}
    for change in changes:
        by_source.setdefault(change.edge_source, set()).add(change.ref_id)
        graph.version = max(graph.version, change.id)
    for source, ids in by_source.items():
        if source not in ROW_READERS:
            continue
        for ref_id in ids:
            graph.remove_relationship(edge_ref(source, ref_id))
        for row in ROW_READERS[source](sorted(ids)) or ():
            graph.add_edge(row.a, row.b, row.kind, row.weight, row.start, row.end,
                           row.relationship_id)


def load_usable_snapshot(version: int, max_delta: int) -> EcosystemGraph | None:
    """The stored graph when the changes since it are few enough to apply (see graph_snapshot)."""
    from ecosystem.services.matching.graph_snapshot import load_snapshot
    graph = load_snapshot()
    release_memory()  # the payload read and unpickled is freed: hand that heap back
    if graph is None or graph.version > version or version - graph.version > max_delta:
        return None
    return graph


def build_here() -> EcosystemGraph:
    """No usable snapshot (first start before `flask warm`, tests): build in this process."""
    log.info("no usable graph snapshot: building the graph in process %s", os.getpid())
    return build_from_database()


class GraphCache:
    """One graph per process (app.extensions['graph']), guarded by a lock."""

    def __init__(self):
        self.graph: EcosystemGraph | None = None
        self.built_at = 0.0
        self.lock = threading.RLock()

    def fresh(self) -> EcosystemGraph:
        """The graph at the database's version: delta when possible, full build when stale."""
        version = database_version()
        max_age = setting("matching.graph_max_age_seconds")
        max_delta = setting("matching.graph_max_delta")
        graph = self.graph
        if (graph is None or time.monotonic() - self.built_at > max_age
                or version < graph.version or version - graph.version > max_delta):
            graph = self.graph = load_usable_snapshot(version, max_delta) or build_here()
            self.built_at = time.monotonic()
        if version > graph.version:
            changes = db.session.scalars(select(GraphChange).where(GraphChange.id > graph.version)
                                         .order_by(GraphChange.id))
            apply_changes(graph, changes)
        today = local_today()
        if graph.as_of != today:
            graph.set_as_of(today)
        return graph


def graph_cache() -> GraphCache:
    return current_app.extensions.setdefault("graph", GraphCache())


@contextmanager
def fresh_graph():
    """`with fresh_graph() as graph:` the up-to-date graph, held under the process lock."""
    cache = graph_cache()
    with cache.lock:
        yield cache.fresh()


def forget_graph() -> None:
    """Drop this process's graph (tests, and after bulk loads that bypass the change feed)."""
    cache = graph_cache()
    with cache.lock:
        cache.graph = None
