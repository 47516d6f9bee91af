"""Relationships between people and organisations, and the change feed that keeps graphs fresh."""
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import GraphChange, Organisation, Person, Relationship
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.validators import parse_int

# Which kinds of end each relationship kind joins: (source kinds, target kinds).
SHAPES = {
    "founder": ("person", "org"), "employee": ("person", "org"), "member": ("person", "org"),
    "mentor": ("person", "org"), "investor": ("any", "org"), "resident": ("org", "org"),
    "club_member": ("any", "org"), "partner": ("org", "org"), "alumnus": ("person", "org"),
    "family": ("person", "person"), "technology_transfer": ("org", "org"),
    "cooperation_agreement": ("org", "org"),
}
TARGET_ORG_KINDS = {
    "mentor": ("startup",), "investor": ("startup",), "resident": ("incubator", "coworking",
                                                                    "accelerator", "fablab"),
    "club_member": ("club",), "alumnus": ("university",),
}


class RelationError(DomainError):
    """An impossible relationship, with a code the view turns into a message."""


def record_graph_change(edge_source: str, ref_id: int, op: str = "upsert") -> None:
    """Bump the graph version: every worker applies this delta on its next request."""
    db.session.add(GraphChange(op=op, edge_source=edge_source, ref_id=ref_id))


def resolve_end(key: str):
    """'o:12' or 'p:5' → the Organisation or Person, None when unknown."""
    kind, _, ident = (key or "").partition(":")
    number = parse_int(ident)
    if number is None:
        return None
    model = {"o": Organisation, "p": Person}.get(kind)
    return db.session.get(model, number) if model else None


def _check_shape(kind: str, source, target) -> None:
    want_source, want_target = SHAPES[kind]
    for want, end in ((want_source, source), (want_target, target)):
        if want == "person" and not isinstance(end, Person):
            raise RelationError("needs_person")
        if want == "org" and not isinstance(end, Organisation):
            raise RelationError("needs_org")
    allowed = TARGET_ORG_KINDS.get(kind)
    if allowed and isinstance(target, Organisation) and target.kind not in allowed:
        raise RelationError("wrong_target_kind")
    if source is target:
        raise RelationError("same_end")


def create_relationship(kind: str, from_end, to_end, actor=None, **fields) -> Relationship:
    """Add a tie after checking that its ends fit its kind; the graph learns it by delta.
    fields are Relationship columns (started_on, amount_vnd, source, note …)."""
    _check_shape(kind, from_end, to_end)
    rel = Relationship(kind=kind, created_by_id=actor.id if actor else None, **fields)
    if isinstance(from_end, Person):
        rel.source_person_id = from_end.id
    else:
        rel.source_org_id = from_end.id
    if isinstance(to_end, Person):
        rel.target_person_id = to_end.id
    else:
        rel.target_org_id = to_end.id
    db.session.add(rel)
    db.session.flush()
    record_graph_change("relationship", rel.id)
    log_action(actor.id if actor else None, "relationship.create", "relationship", rel.id,
               kind=kind)
    return rel


def end_relationship(rel: Relationship, actor, on: date | None = None) -> None:
    """End a tie; it stays as history and the graph weighs it as past. A tie already ended by
    that day keeps the day it ended (history is not rewritten)."""
    on = on or local_today()
    if rel.ended_on is not None and rel.ended_on <= on:
        raise RelationError("already_ended")
    if rel.started_on and on < rel.started_on:
        raise RelationError("end_before_start")
    rel.ended_on = on
    record_graph_change("relationship", rel.id)
    log_action(actor.id if actor else None, "relationship.end", "relationship", rel.id)


def relationships_of(obj) -> list[Relationship]:
    """Every relationship touching a person or organisation, current ones first."""
    if isinstance(obj, Person):
        cond = or_(Relationship.source_person_id == obj.id, Relationship.target_person_id == obj.id)
    else:
        cond = or_(Relationship.source_org_id == obj.id, Relationship.target_org_id == obj.id)
    # The page names the other end of every row: load all ends in four queries, not one per row.
    ends = (Relationship.source_person, Relationship.source_org, Relationship.target_person,
            Relationship.target_org)
    rows = db.session.scalars(select(Relationship).where(cond)
                              .options(*(selectinload(end) for end in ends)))
    return sorted(rows, key=lambda r: (not r.active, -(r.started_on or date.min).toordinal()))
