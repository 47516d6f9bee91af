"""Who sees a person's e-mail and phone: the one rule behind the person page, the people exports
and the API. "Members" means participants someone vouched for, not anyone who signed up; a person
an introduction was asked for stays out of the asker's reach until both sides have accepted."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Introduction, Organisation
from ecosystem.models.vocab import REQUESTABLE_ROLES
from ecosystem.models.accounts import STAFF_ROLES as STAFF, is_staff


def is_verified_member(user) -> bool:
    """Staff; an account an officer verified; a holder of a role staff granted; or a manager of
    an organisation verified by the DOST or by the startup's incubator."""
    if not user.is_authenticated:
        return False
    if user.has_role(*STAFF, *REQUESTABLE_ROLES) or user.verified_at is not None:
        return True
    ids = user.managed_org_ids
    return bool(ids) and db.session.scalar(select(Organisation.id).where(
        Organisation.id.in_(ids), Organisation.status == "verified").limit(1)) is not None


def _introduction_state(user, person) -> str | None:
    """'accepted' once an introduction the user's startups asked for this person was accepted by
    both; 'open' while any such request exists without that; None when there is none."""
    ids = user.managed_org_ids if user.is_authenticated else set()
    if not ids:
        return None
    statuses = set(db.session.scalars(select(Introduction.status).where(
        Introduction.startup_id.in_(ids), Introduction.target_person_id == person.id)))
    if "accepted" in statuses:
        return "accepted"
    return "open" if statuses else None


def contact_visible(user, person, bulk: bool = False) -> bool:
    """May user see person's contact details? bulk=True is a list export: staff only."""
    if person is None:
        return False
    if is_staff(user):
        return True
    if bulk:
        return False
    if user.is_authenticated and user.person_id == person.id:
        return True
    introduction = _introduction_state(user, person)
    if introduction is not None:
        return introduction == "accepted"
    if person.contact_visibility == "public":
        return True
    return person.contact_visibility == "members" and is_verified_member(user)


def person_contact(user, person, bulk: bool = False) -> dict:
    """{"email", "phone"} as this user may see them (None where hidden)."""
    visible = contact_visible(user, person, bulk)
    return {"email": person.email if visible else None, "phone": person.phone if visible else None}
