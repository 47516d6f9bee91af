"""Which active accounts hold a role, manage an organisation or belong to a person: the people
every capability notifies or asks (notify() skips inactive accounts; these lists never hold them)."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OrgManager, User, UserRole


def officers() -> list[User]:
    """Every active DOST officer."""
    return list(db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id).where(
        UserRole.role == "officer", User.active.is_(True)).order_by(User.id)))


def managers_of(organisation_id: int | None) -> list[User]:
    """The active accounts that manage an organisation (a startup's members, a club's coordinators)."""
    if organisation_id is None:
        return []
    return list(db.session.scalars(select(User).join(OrgManager, OrgManager.user_id == User.id).where(
        OrgManager.organisation_id == organisation_id, User.active.is_(True)).order_by(User.id)))


def accounts_of(person_id: int | None) -> list[User]:
    """The person's own active accounts."""
    if person_id is None:
        return []
    return list(db.session.scalars(select(User).where(
        User.person_id == person_id, User.active.is_(True)).order_by(User.id)))
