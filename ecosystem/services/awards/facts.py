"""Plain facts about a nomination read from the database, for the pure eligibility rules."""
from collections import defaultdict
from datetime import date

from sqlalchemy import or_, select

from ecosystem.extensions import db
from ecosystem.models import (AwardCycle, AwardResult, AwardRound, AwardStaff, Nomination, NominationMember,
                              PanelMember, Relationship)

AFFILIATION_KINDS = ("founder", "employee", "member")
ACTIVE = ("submitted", "accepted")


def affiliations(person_ids, on: date) -> dict[int, set[int]]:
    """{person: organisations they found, work at or belong to on `on`}."""
    found: dict[int, set[int]] = defaultdict(set)
    ids = [p for p in set(person_ids) if p is not None]
    if not ids:
        return found
    rows = db.session.execute(select(Relationship.source_person_id, Relationship.target_org_id).where(
        Relationship.source_person_id.in_(ids), Relationship.target_org_id.is_not(None),
        Relationship.kind.in_(AFFILIATION_KINDS),
        or_(Relationship.ended_on.is_(None), Relationship.ended_on >= on),
        or_(Relationship.started_on.is_(None), Relationship.started_on <= on)))
    for person, org in rows:
        found[person].add(org)
    return found


def cycle_staff(cycle: AwardCycle, on: date) -> list[dict]:
    """Organisers, secretariat and every judge on a panel of the cycle, with their organisations."""
    staff = [{"role": s.role, "person_id": s.person_id,
              "organisation_ids": [s.organisation_id] if s.organisation_id else []}
             for s in db.session.scalars(select(AwardStaff).where(AwardStaff.cycle_id == cycle.id))]
    judges = set(db.session.scalars(select(PanelMember.person_id).join(AwardRound).where(
        AwardRound.cycle_id == cycle.id)))
    ties = affiliations([s["person_id"] for s in staff] + list(judges), on)
    for member in staff:
        if member["person_id"]:
            member["organisation_ids"] = sorted(set(member["organisation_ids"]) | ties[member["person_id"]])
    staff.extend({"role": "judge", "person_id": j, "organisation_ids": sorted(ties[j])} for j in sorted(judges))
    return staff


def _past_wins(nomination: Nomination) -> list[dict]:
    """Wins of the same entrant in earlier editions of the same contest (advanced in a final round)."""
    entrant = (Nomination.entrant_org_id == nomination.entrant_org_id if nomination.entrant_org_id
               else Nomination.entrant_person_id == nomination.entrant_person_id)
    rows = db.session.execute(
        select(AwardCycle.contest, AwardCycle.year, AwardRound.id, AwardRound.cycle_id)
        .join(AwardResult, AwardResult.round_id == AwardRound.id)
        .join(Nomination, Nomination.id == AwardResult.nomination_id)
        .join(AwardCycle, AwardCycle.id == AwardRound.cycle_id)
        .where(entrant, AwardResult.advanced.is_(True), AwardCycle.id != nomination.cycle_id,
               AwardCycle.contest == nomination.cycle.contest))
    last_round = {}
    wins = []
    for contest, year, round_id, cycle_id in rows:
        if cycle_id not in last_round:
            last_round[cycle_id] = db.session.scalar(select(AwardRound.id).where(
                AwardRound.cycle_id == cycle_id).order_by(AwardRound.position.desc()).limit(1))
        if round_id == last_round[cycle_id]:
            wins.append({"contest": contest, "year": year})
    return wins


def _entry_counts(nomination: Nomination, team: list[int], orgs: set[int]) -> tuple[dict, dict]:
    """Entries in this cycle per team member and per organisation, this one included."""
    others = db.session.scalars(select(Nomination).where(
        Nomination.cycle_id == nomination.cycle_id, Nomination.status.in_(ACTIVE), Nomination.id != nomination.id))
    persons = {p: 1 for p in team}
    per_org = {o: 1 for o in orgs}
    for other in others:
        people = {m.person_id for m in other.members} | {other.entrant_person_id}
        for p in persons:
            persons[p] += p in people
        for o in per_org:
            per_org[o] += o in (other.entrant_org_id, other.nominated_by_org_id)
    return persons, per_org


def eligibility_facts(nomination: Nomination, today: date) -> dict:
    """The facts of award_eligibility's docstring for one nomination, read on `today`."""
    entrant = nomination.entrant_org or nomination.entrant_person
    team = sorted({m.person_id for m in nomination.members} | ({nomination.entrant_person_id} - {None}))
    orgs = {nomination.entrant_org_id, nomination.nominated_by_org_id} - {None}
    ties = affiliations(team, today)
    persons, per_org = _entry_counts(nomination, team, orgs)
    return {
        "reference_date": today,
        "first_registration_date": getattr(nomination.entrant_org, "first_registered_on", None),
        "province": entrant.city if entrant is not None else None,
        "former_province": entrant.former_province if entrant is not None else None,
        "contest": nomination.cycle.contest,
        "past_wins": _past_wins(nomination),
        "team_person_ids": team,
        "team_size": len(team),
        "organisation_ids": sorted(orgs),
        "team_organisation_ids": sorted(set().union(*ties.values())) if ties else [],
        "person_entry_counts": persons,
        "org_entry_counts": per_org,
        "staff": cycle_staff(nomination.cycle, today),
    }


def members_of(nomination_ids) -> dict[int, list[int]]:
    """{nomination: its team's person ids}, in one query."""
    found: dict[int, list[int]] = defaultdict(list)
    for nomination_id, person_id in db.session.execute(select(
            NominationMember.nomination_id, NominationMember.person_id).where(
            NominationMember.nomination_id.in_(list(nomination_ids)))):
        found[nomination_id].append(person_id)
    return found
