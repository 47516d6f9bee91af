"""Cohort assignment: a coordinator picks a cohort and a mentor pool, previews the assignment that
maximises the total score within mentors' open slots (matching.assign), adjusts rows by hand, and
confirms — which creates the mentor relationships and tells everyone."""
from __future__ import annotations

from datetime import date

import numpy as np
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.matching import assign
from ecosystem.matching.scoring import score_mentor
from ecosystem.matching.suggest import MentorIndex
from ecosystem.models import (CohortPlan, CohortRow, MatchFeedback, MentorProfile, Organisation,
                              Person, Relationship)
from ecosystem.models.accounts import is_staff
from ecosystem.models.base import utcnow
from ecosystem.models.vocab import CLUB_KINDS, HOST_KINDS
from ecosystem.services.matching import profiles
from ecosystem.services.platform.audit import log_action
from ecosystem.services.matching.graph_store import fresh_graph
from ecosystem.services.matching.introductions import approvers
from ecosystem.services.matching.suggestions import MatchError
from ecosystem.services.platform.notifications import notify
from ecosystem.services.directory.relations import create_relationship
from ecosystem.services.platform.settings import setting

# cohort kind: (relationship kind tying a startup to the organisation, organisation kinds)
SOURCES = {"residents": ("resident", HOST_KINDS + ("fablab",)), "members": ("club_member", CLUB_KINDS)}
POOLS = ("all", "org")


def cohort_orgs(user) -> list[Organisation]:
    """Incubators and clubs whose cohort the user may plan: all for staff, managed ones otherwise."""
    kinds = SOURCES["residents"][1] + SOURCES["members"][1]
    query = select(Organisation).where(Organisation.kind.in_(kinds),
                                       Organisation.status != "archived")
    if not is_staff(user):
        query = query.where(Organisation.id.in_(user.managed_org_ids or {-1}))
    return list(db.session.scalars(query.order_by(Organisation.name)))


def cohort_startup_ids(org: Organisation, kind: str, today: date | None = None) -> list[int]:
    """Live startups tied to the organisation as residents (or club members) today."""
    today = today or local_today()
    tie = SOURCES[kind][0]
    query = select(Relationship.source_org_id).join(
        Organisation, Organisation.id == Relationship.source_org_id).where(
        Relationship.kind == tie, Relationship.target_org_id == org.id,
        Organisation.kind == "startup", Organisation.status != "archived",
        or_(Relationship.ended_on.is_(None), Relationship.ended_on >= today))
    return sorted(set(db.session.scalars(query)))


def pool_ids(org: Organisation, mode: str) -> list[int]:
    """Mentors of the pool: every available mentor, or those tied to the organisation."""
    query = select(MentorProfile.person_id).join(Person, Person.id == MentorProfile.person_id) \
        .where(MentorProfile.available.is_(True), Person.archived.is_(False))
    if mode == "org":
        tied = select(Relationship.source_person_id).where(
            Relationship.target_org_id == org.id,
            Relationship.kind.in_(setting("matching.affiliation_kinds")))
        query = query.where(MentorProfile.person_id.in_(tied))
    return sorted(set(db.session.scalars(query)))


def _inputs(startup_ids, mentor_ids):
    with fresh_graph() as graph:
        startups = profiles.startup_profiles(graph, startup_ids)
        mentors = profiles.mentor_profiles(graph, mentor_ids)
    return startups, mentors


def _scores(startups, mentors) -> np.ndarray:
    """Score matrix startups × mentors; pairs given a verdict are not allowed (0)."""
    weights = setting("matching.mentor_weights")
    index = MentorIndex(mentors)
    matrix = np.array([index.totals(s, weights) for s in startups]).reshape(len(startups),
                                                                           len(mentors))
    position = {m.id: j for j, m in enumerate(mentors)}
    row_of = {s.id: i for i, s in enumerate(startups)}
    verdicts = db.session.execute(select(MatchFeedback.startup_id, MatchFeedback.mentor_person_id)
                                  .where(MatchFeedback.startup_id.in_(list(row_of)),
                                         MatchFeedback.mentor_person_id.in_(list(position))))
    for startup_id, mentor_id in verdicts:
        matrix[row_of[startup_id], position[mentor_id]] = 0.0
    return np.maximum(matrix, 0.0)


def optimise(plan: CohortPlan) -> None:
    """Assign every row not set by hand, optimally, within the slots the manual rows leave."""
    startups, mentors = _inputs([r.startup_id for r in plan.rows], plan.pool)
    slots = profiles.live_slots([m.id for m in mentors])
    for row in plan.rows:
        if row.manual and row.mentor_person_id in slots:
            slots[row.mentor_person_id] -= 1
    free = [r for r in plan.rows if not r.manual]
    by_id = {s.id: s for s in startups}
    chosen = [by_id[r.startup_id] for r in free if r.startup_id in by_id]
    scores = _scores(chosen, mentors)
    capacity = np.array([max(0, slots.get(m.id, 0)) for m in mentors], dtype=np.int64)
    result = assign(scores, capacity) if len(chosen) and len(mentors) else np.full(len(chosen), -1)
    picked = {s.id: (int(j), float(scores[i, j]) if j >= 0 else None)
              for i, (s, j) in enumerate(zip(chosen, result))}
    for row in free:
        j, score = picked.get(row.startup_id, (-1, None))
        row.mentor_person_id = mentors[j].id if j >= 0 else None
        row.score = score


def create_plan(user, org: Organisation, kind: str, pool: str, title: str) -> CohortPlan:
    """A draft plan for the cohort, optimised at once."""
    if kind not in SOURCES or pool not in POOLS or org.kind not in SOURCES[kind][1]:
        raise MatchError("bad_cohort")
    startup_ids = cohort_startup_ids(org, kind)
    if not startup_ids:
        raise MatchError("empty_cohort")
    plan = CohortPlan(title=title, cohort_org_id=org.id, cohort_kind=kind,
                      pool=pool_ids(org, pool), created_by_id=user.id)
    plan.rows = [CohortRow(startup_id=i) for i in startup_ids]
    db.session.add(plan)
    optimise(plan)
    db.session.flush()
    log_action(user.id, "cohort.create", "cohort_plan", plan.id, rows=len(plan.rows))
    return plan


def _draft(plan: CohortPlan) -> None:
    if plan.status != "draft":
        raise MatchError("plan_closed")


def set_row(plan: CohortPlan, row: CohortRow, mentor_id: int | None, user) -> None:
    """Set one row by hand (mentor or none), within the mentor's open slots."""
    _draft(plan)
    if mentor_id is not None:
        if mentor_id not in plan.pool:
            raise MatchError("not_in_pool")
        slots = profiles.live_slots([mentor_id]).get(mentor_id, 0)
        others = [r for r in plan.rows if r.mentor_person_id == mentor_id and r is not row]
        fixed = [r for r in others if r.manual]
        if slots - len(fixed) < 1:
            raise MatchError("over_capacity")
        # A hand-picked mentor wins: optimised rows that would overfill them give way.
        movable = sorted((r for r in others if not r.manual), key=lambda r: r.score or 0)
        for loser in movable[:max(0, len(others) + 1 - slots)]:
            loser.mentor_person_id, loser.score = None, None
    row.mentor_person_id, row.manual = mentor_id, True
    row.score = None
    if mentor_id is not None:
        startups, mentors = _inputs([row.startup_id], [mentor_id])
        if startups and mentors:
            row.score = score_mentor(startups[0], mentors[0], setting("matching.mentor_weights")).score
    db.session.flush()
    log_action(user.id, "cohort.set_row", "cohort_plan", plan.id, row=row.id, mentor=mentor_id)


def row_reasons(plan: CohortPlan) -> dict[int, list]:
    """(code, params) reasons of each assigned row, by row id."""
    assigned = [r for r in plan.rows if r.mentor_person_id]
    startups, mentors = _inputs([r.startup_id for r in assigned],
                                [r.mentor_person_id for r in assigned])
    s_by, m_by = {s.id: s for s in startups}, {m.id: m for m in mentors}
    weights = setting("matching.mentor_weights")
    return {r.id: list(score_mentor(s_by[r.startup_id], m_by[r.mentor_person_id], weights).reasons)
            for r in assigned if r.startup_id in s_by and r.mentor_person_id in m_by}


def confirm(plan: CohortPlan, user) -> int:
    """Create the mentor relationships of the plan and notify startups and mentors; once."""
    db.session.refresh(plan, with_for_update=True)
    _draft(plan)
    assigned = [r for r in plan.rows if r.mentor_person_id]
    need: dict[int, int] = {}
    for row in assigned:
        need[row.mentor_person_id] = need.get(row.mentor_person_id, 0) + 1
    slots = profiles.live_slots(list(need))
    if any(slots.get(m, 0) < n for m, n in need.items()):
        raise MatchError("over_capacity")
    for row in assigned:
        create_relationship("mentor", row.mentor, row.startup, user, started_on=local_today(),
                            source="cohort", cohort=plan.title[:40])
        names = {"startup": row.startup.name, "mentor": row.mentor.full_name, "plan": plan.title}
        notify(approvers(("org", row.startup_id)), "cohort.assigned",
               lambda n=names: (_l("Cố vấn mới"), _l("%(mentor)s sẽ cố vấn cho %(startup)s (%(plan)s).") % n),
               link=f"/orgs/{row.startup.slug}")
        notify(approvers(("person", row.mentor_person_id)), "cohort.assigned",
               lambda n=names: (_l("Startup mới"), _l("Bạn sẽ cố vấn cho %(startup)s (%(plan)s).") % n),
               link=f"/orgs/{row.startup.slug}")
    plan.status, plan.confirmed_at = "confirmed", utcnow()
    db.session.flush()
    log_action(user.id, "cohort.confirm", "cohort_plan", plan.id, assigned=len(assigned))
    return len(assigned)


def discard(plan: CohortPlan, user) -> None:
    _draft(plan)
    plan.status = "discarded"
    log_action(user.id, "cohort.discard", "cohort_plan", plan.id)
