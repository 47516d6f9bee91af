"""Homes of the roles that answer others: mentors and investors, club coordinators, judges."""
from sqlalchemy import func, or_, select

from ecosystem.clock import LOCAL_TZ, local_today, utcnow
from ecosystem.extensions import db
from ecosystem.models import (Event, InvestorProfile, Introduction, Organisation, Person,
                              Registration)
from ecosystem.models.award_judging import AwardConflict
from ecosystem.models.base import as_utc
from ecosystem.models.clubs import ClubMembershipRequest
from ecosystem.models.office_hours import OfficeHourSlot
from ecosystem.services.awards.judging import judge_assignments
from ecosystem.services.home.suggestions import startups_for_adviser


def awaiting_answer(user) -> list[Introduction]:
    """Introductions waiting on this user: as connector (requested) or as target (forwarded)."""
    conds = []
    orgs = list(user.managed_org_ids)
    if user.person_id:
        conds += [(Introduction.connector_person_id == user.person_id) & (Introduction.status == "requested"),
                  (Introduction.target_person_id == user.person_id) & (Introduction.status == "forwarded")]
    if orgs:
        conds += [Introduction.connector_org_id.in_(orgs) & (Introduction.status == "requested"),
                  Introduction.target_org_id.in_(orgs) & (Introduction.status == "forwarded")]
    if not conds:
        return []
    return list(db.session.scalars(select(Introduction).where(or_(*conds))
                                   .order_by(Introduction.id).limit(5)))


def adviser_home(user) -> dict:
    """A mentor's or investor's home: startups suggested, introductions to answer, office hours."""
    person = db.session.get(Person, user.person_id) if user.person_id else None
    investors = ([person.investor] if person is not None and person.investor else []) + list(
        db.session.scalars(select(InvestorProfile).where(
            InvestorProfile.organisation_id.in_(user.managed_org_ids or {-1}))))
    slots = []
    if person is not None:
        slots = list(db.session.scalars(select(OfficeHourSlot).where(
            OfficeHourSlot.mentor_id == person.id, OfficeHourSlot.withdrawn_at.is_(None),
            OfficeHourSlot.ends_at >= utcnow()).order_by(OfficeHourSlot.starts_at).limit(5)))
    return {"person": person, "suggested": startups_for_adviser(person, investors),
            "intros": awaiting_answer(user), "slots": slots}


def coordinator_home(user) -> dict:
    """A club coordinator's home: upcoming events of their organisations with registrations,
    capacity and waiting list, today's desks, membership requests waiting."""
    orgs = list(user.managed_org_ids)
    now = utcnow()
    events = list(db.session.scalars(select(Event).where(
        Event.organiser_id.in_(orgs or [-1]), Event.ends_at >= now, Event.status != "cancelled")
        .order_by(Event.starts_at).limit(6)))
    counts = {}
    if events:
        rows = db.session.execute(select(Registration.event_id, Registration.status, func.count())
                                  .where(Registration.event_id.in_([e.id for e in events]),
                                         Registration.status != "cancelled")
                                  .group_by(Registration.event_id, Registration.status)).all()
        for event_id, status, n in rows:
            counts.setdefault(event_id, {})[status] = n
    today = [e for e in events if e.status == "published" and (
        as_utc(e.starts_at).astimezone(LOCAL_TZ).date() == local_today() or as_utc(e.starts_at) <= now)]
    requests = list(db.session.scalars(select(ClubMembershipRequest).where(
        ClubMembershipRequest.club_id.in_(orgs or [-1]), ClubMembershipRequest.status == "pending")
        .order_by(ClubMembershipRequest.id).limit(5)))
    clubs = {o.id: o for o in db.session.scalars(select(Organisation).where(
        Organisation.id.in_({r.club_id for r in requests} or {-1})))}
    return {"events": [{"event": e, "confirmed": counts.get(e.id, {}).get("confirmed", 0),
                        "waiting": counts.get(e.id, {}).get("waiting", 0)} for e in events],
            "today": today, "requests": [{"request": r, "club": clubs.get(r.club_id)} for r in requests]}


def judge_home(user) -> dict:
    """A judge's home: open rounds with scored / assigned and the round's end date, conflicts on file
    (closed and published rounds stay on the judging page)."""
    assignments = [a for a in judge_assignments(user.person_id) if a.round.status == "open"]
    rounds: dict[int, dict] = {}
    for a in assignments:
        entry = rounds.setdefault(a.round_id, {"round": a.round,
                                               "assigned": 0, "scored": 0})
        entry["assigned"] += 1
        entry["scored"] += a.state == "submitted"
    conflicts = db.session.scalar(select(func.count(AwardConflict.id)).where(
        AwardConflict.judge_person_id == (user.person_id or -1))) or 0
    return {"rounds": sorted(rounds.values(), key=lambda r: (r["round"].ends_on is None, r["round"].ends_on)),
            "conflicts": conflicts, "assigned": len(assignments)}
