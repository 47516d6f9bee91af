"""The DOST's views of the pipeline: one filter for the list, the board, the counts and the export,
so the spreadsheet always has the same rows as the screen."""
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, false, func, or_, select
from sqlalchemy.orm import joinedload

from ecosystem.extensions import db
from ecosystem.models import Organisation, Sector
from ecosystem.models.base import as_utc
from ecosystem.models.support import SUPPORT_TYPE_CODES, SupportRequest
from ecosystem.services.support import profile_rules
from ecosystem.services.support import workflow as wf
from ecosystem.services.platform.settings import setting
from ecosystem.text import fold
from ecosystem.validators import parse_int

OPEN = tuple(s.value for s in wf.OPEN_STATES)


def assigned_query(user) -> Select:
    """Requests assigned to the user (as a person or through an organisation they manage), drafts never."""
    condition = SupportRequest.assigned_to(user)
    return select(SupportRequest).where(SupportRequest.state != "draft",
                                        condition if condition is not None else false())


@dataclass
class RequestFilters:
    """What the officer picked; empty strings mean "all". Drafts are never in the DOST's lists."""

    type: str = ""
    state: str = ""
    sector: str = ""
    former_district: str = ""
    overdue: str = ""  # "1" = only overdue
    assignee: str = ""  # "p:12" | "o:7" | "none"
    eligible: str = ""  # "1" | "0"
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "RequestFilters":
        return cls(**{f.name: (args.get(f.name) or "").strip() for f in fields(cls)})

    def as_args(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def target_days(type_code: str) -> int | None:
    """The type's target time in calendar days (setting support.target_days.<type>)."""
    try:
        return setting(f"support.target_days.{type_code}")
    except KeyError:
        return None


def overdue_condition(now: datetime):
    """SQL: open and submitted longer ago than its type's target."""
    per_type = []
    for code in SUPPORT_TYPE_CODES:
        days = target_days(code)
        if days is not None:
            per_type.append(and_(SupportRequest.type_code == code,
                                 SupportRequest.submitted_at < now - timedelta(days=days)))
    if not per_type:
        return false()
    return and_(SupportRequest.state.in_(OPEN), or_(*per_type))


def is_overdue(req: SupportRequest, now: datetime) -> bool:
    return wf.is_overdue(as_utc(req.submitted_at), target_days(req.type_code), now, req.state)


def due_at(req: SupportRequest) -> datetime | None:
    return wf.due_at(as_utc(req.submitted_at), target_days(req.type_code))


def _base(f: RequestFilters, now: datetime, today) -> Select:
    query = (select(SupportRequest)
             .join(Organisation, Organisation.id == SupportRequest.organisation_id)
             .where(SupportRequest.state != wf.State.DRAFT.value))
    if f.type:
        query = query.where(SupportRequest.type_code == f.type)
    if f.sector:
        query = query.where(Organisation.sectors.any(Sector.code == f.sector))
    if f.former_district:
        query = query.where(func.lower(Organisation.former_district) == f.former_district.lower())
    if f.overdue == "1":
        query = query.where(overdue_condition(now))
    if f.assignee == "none":
        query = query.where(SupportRequest.assignee_person_id.is_(None),
                            SupportRequest.assignee_org_id.is_(None))
    elif f.assignee[:2] in ("p:", "o:") and parse_int(f.assignee[2:]) is not None:
        column = (SupportRequest.assignee_person_id if f.assignee[0] == "p"
                  else SupportRequest.assignee_org_id)
        query = query.where(column == parse_int(f.assignee[2:]))
    if f.eligible in ("1", "0"):
        cutoff = profile_rules.earliest_eligible_registration(
            today, setting("support.startup_max_age_years"))
        inside = or_(Organisation.first_registered_on.is_(None),
                     Organisation.first_registered_on >= cutoff)
        query = query.where(inside if f.eligible == "1" else ~inside)
    if f.q:
        for word in fold(f.q).split():
            query = query.where(or_(Organisation.search_key.contains(word, autoescape=True),
                                    func.lower(SupportRequest.title).contains(word.lower(),
                                                                             autoescape=True)))
    return query


def request_query(f: RequestFilters, now: datetime, today) -> Select:
    """The filtered list, newest submission first."""
    query = _base(f, now, today)
    if f.state:
        query = query.where(SupportRequest.state == f.state)
    return query.order_by(SupportRequest.submitted_at.desc(), SupportRequest.id.desc())


def with_details(query: Select) -> Select:
    """Load each row's startup (with sectors) and assignee with the rows, not one query per row."""
    return query.options(
        joinedload(SupportRequest.organisation).selectinload(Organisation.sectors),
        joinedload(SupportRequest.assignee_person), joinedload(SupportRequest.assignee_org))


def state_counts(f: RequestFilters, now: datetime, today) -> dict[str, int]:
    """How many requests of the filter (state aside) are in each state, plus overdue and total."""
    ids = _base(f, now, today).with_only_columns(SupportRequest.id).subquery()
    rows = db.session.execute(select(SupportRequest.state, func.count())
                              .where(SupportRequest.id.in_(select(ids.c.id)))
                              .group_by(SupportRequest.state)).all()
    counts = {state: 0 for state in wf.BOARD_COLUMNS}
    counts.update({state: n for state, n in rows})
    late = _base(RequestFilters(**{**f.__dict__, "overdue": "1"}), now, today)
    counts["overdue"] = db.session.scalar(
        late.with_only_columns(func.count(SupportRequest.id)).order_by(None)) or 0
    counts["total"] = sum(counts[s] for s in wf.BOARD_COLUMNS)
    return counts


def median_time_to_resolve(f: RequestFilters, now: datetime, today) -> timedelta | None:
    """Median submitted → resolved over the filtered requests that are resolved."""
    query = (request_query(f, now, today)
             .where(SupportRequest.state == wf.State.RESOLVED.value)
             .with_only_columns(SupportRequest.submitted_at, SupportRequest.resolved_at)
             .order_by(None))
    pairs = [(as_utc(s), as_utc(r)) for s, r in db.session.execute(query)]
    return wf.median_time_to_resolve(pairs)


def assignee_options() -> list[tuple[str, str]]:
    """Assignees that appear on requests, for the filter drop-down."""
    from ecosystem.models import Person
    people = db.session.execute(select(Person.id, Person.full_name).where(
        Person.id.in_(select(SupportRequest.assignee_person_id))).order_by(Person.full_name))
    orgs = db.session.execute(select(Organisation.id, Organisation.name).where(
        Organisation.id.in_(select(SupportRequest.assignee_org_id))).order_by(Organisation.name))
    return [(f"p:{i}", n) for i, n in people] + [(f"o:{i}", n) for i, n in orgs]


ASSIGNABLE_ORG_KINDS = ("incubator", "accelerator", "coworking", "fablab", "club", "support_org",
                        "government", "university", "research_institute")


def assignee_candidates(startup: Organisation) -> tuple[list, list]:
    """Mentors (those sharing the startup's sectors first) and organisations that can take work."""
    from ecosystem.models import MentorProfile, Person
    wanted = {s.id for s in startup.sectors}
    mentors = list(db.session.scalars(
        select(Person).join(MentorProfile, MentorProfile.person_id == Person.id)
        .where(Person.archived.is_(False), MentorProfile.available.is_(True))))
    mentors.sort(key=lambda p: (-len(wanted & {s.id for s in p.sectors}), fold(p.full_name)))
    orgs = list(db.session.scalars(select(Organisation).where(
        Organisation.kind.in_(ASSIGNABLE_ORG_KINDS), Organisation.status != "archived")
        .order_by(Organisation.name)))
    return ([(f"p:{p.id}", p.full_name) for p in mentors],
            [(f"o:{o.id}", o.name) for o in orgs])
