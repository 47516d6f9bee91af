"""A cycle's organisers and secretariat (who may not enter it), added and removed on the record."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AwardCycle, AwardStaff, Organisation, Person
from ecosystem.models.awards import STAFF_ROLES
from ecosystem.services.awards.catalogue import AwardError
from ecosystem.services.platform.audit import log_action


def staff_of(cycle: AwardCycle) -> list[AwardStaff]:
    return list(db.session.scalars(select(AwardStaff).where(AwardStaff.cycle_id == cycle.id).order_by(AwardStaff.id)))


def _facts(member: AwardStaff) -> dict:
    return {"role": member.role, "person_id": member.person_id, "organisation_id": member.organisation_id}


def add_staff(cycle: AwardCycle, role: str, actor, person_id: int | None = None,
              organisation_id: int | None = None) -> AwardStaff:
    """Add a person, an organisation or both in a role; the same entry twice is added once."""
    person_id, organisation_id = person_id or None, organisation_id or None
    if role not in STAFF_ROLES:
        raise AwardError("staff_bad_role")
    if person_id is None and organisation_id is None:
        raise AwardError("staff_needs_someone")
    if (person_id is not None and db.session.get(Person, person_id) is None) or (
            organisation_id is not None and db.session.get(Organisation, organisation_id) is None):
        raise AwardError("staff_unknown")
    same = db.session.scalar(select(AwardStaff).where(
        AwardStaff.cycle_id == cycle.id, AwardStaff.role == role,
        AwardStaff.person_id.is_(None) if person_id is None else AwardStaff.person_id == person_id,
        AwardStaff.organisation_id.is_(None) if organisation_id is None
        else AwardStaff.organisation_id == organisation_id).limit(1))
    if same is not None:
        return same
    member = AwardStaff(cycle_id=cycle.id, role=role, person_id=person_id, organisation_id=organisation_id)
    db.session.add(member)
    db.session.flush()
    log_action(actor.id if actor else None, "award.staff.add", "award_cycle", cycle.id, **_facts(member))
    return member


def remove_staff(member: AwardStaff, actor) -> None:
    """Take an entry off the cycle's staff; the audit row keeps who it was."""
    log_action(actor.id if actor else None, "award.staff.remove", "award_cycle", member.cycle_id, **_facts(member))
    db.session.delete(member)
    db.session.flush()
