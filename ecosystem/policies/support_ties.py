"""Who someone is to a startup: a member, its host incubator, an assignee of one of its requests.

The facts the support policies decide on, read from the models (the views that list a user's
startups use them too). Who someone is to one request is asked of the request itself
(SupportRequest.roles_of, is_assignee, shows_internal_notes_to).
"""
from sqlalchemy import or_, select

from ecosystem.extensions import db
from ecosystem.models import Organisation, Relationship
from ecosystem.clock import local_today
from ecosystem.models.support import SupportRequest
from ecosystem.models.vocab import HOST_KINDS

RESIDENCE_HOSTS = (*HOST_KINDS, "fablab")


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def managed_startup_ids(user) -> list[int]:
    """The startups this user is a member of (manages), by name."""
    if not _signed_in(user) or not user.managed_org_ids:
        return []
    return list(db.session.scalars(select(Organisation.id).where(
        Organisation.id.in_(user.managed_org_ids), Organisation.kind == "startup",
        Organisation.status != "archived").order_by(Organisation.name)))


def host_ids(startup: Organisation) -> set[int]:
    """Incubators, accelerators, co-working spaces and labs where the startup is now resident."""
    rows = db.session.execute(
        select(Relationship.target_org_id, Organisation.kind)
        .join(Organisation, Organisation.id == Relationship.target_org_id)
        .where(Relationship.kind == "resident", Relationship.source_org_id == startup.id,
               or_(Relationship.ended_on.is_(None), Relationship.ended_on >= local_today())))
    return {org_id for org_id, kind in rows if kind in RESIDENCE_HOSTS}


def hosts_startup(user, startup: Organisation) -> bool:
    """The user manages an incubator (or similar host) where the startup is resident."""
    return _signed_in(user) and bool(host_ids(startup) & user.managed_org_ids)


def assigned_to_user(user, startup_id: int) -> bool:
    """The user is (or was) assignee of a request of this startup: may read its pitch deck."""
    condition = SupportRequest.assigned_to(user)
    if condition is None:
        return False
    return db.session.scalar(select(SupportRequest.id).where(
        SupportRequest.organisation_id == startup_id, condition).limit(1)) is not None


def has_assignments(user) -> bool:
    condition = SupportRequest.assigned_to(user)
    if condition is None:
        return False
    return db.session.scalar(select(SupportRequest.id).where(condition).limit(1)) is not None
