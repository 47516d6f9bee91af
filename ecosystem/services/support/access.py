"""Who someone is to a startup or a request (member, host incubator, assignee, DOST): one answer
shared by the policies, the services and the notifications."""
from sqlalchemy import or_, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import OrgManager, Organisation, Relationship, User
from ecosystem.models.support import SupportRequest
from ecosystem.services.support.workflow import ADMIN, ASSIGNEE, OFFICER, STARTUP

HOST_KINDS = ("incubator", "accelerator", "coworking", "fablab")


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def managed_startup_ids(user) -> list[int]:
    """The startups this user is a member of (manages)."""
    if not _signed_in(user) or not user.managed_org_ids:
        return []
    return list(db.session.scalars(select(Organisation.id).where(
        Organisation.id.in_(user.managed_org_ids), Organisation.kind == "startup",
        Organisation.status != "archived").order_by(Organisation.name)))


def host_ids(startup: Organisation) -> set[int]:
    """Incubators, accelerators, co-working spaces and labs where the startup is now resident."""
    today = local_today()
    rows = db.session.execute(
        select(Relationship.target_org_id, Organisation.kind)
        .join(Organisation, Organisation.id == Relationship.target_org_id)
        .where(Relationship.kind == "resident", Relationship.source_org_id == startup.id,
               or_(Relationship.ended_on.is_(None), Relationship.ended_on >= today)))
    return {org_id for org_id, kind in rows if kind in HOST_KINDS}


def hosts_startup(user, startup: Organisation) -> bool:
    """The user manages an incubator (or similar host) where the startup is resident."""
    return _signed_in(user) and bool(host_ids(startup) & user.managed_org_ids)


def is_staff(user) -> bool:
    return _signed_in(user) and user.has_role(ADMIN, OFFICER)


def is_assignee(user, req: SupportRequest) -> bool:
    """The assigned person, or a member/manager of the assigned organisation."""
    if not _signed_in(user):
        return False
    if req.assignee_person_id is not None:
        return user.person_id == req.assignee_person_id
    return req.assignee_org_id is not None and req.assignee_org_id in user.managed_org_ids


def request_roles(user, req: SupportRequest) -> set[str]:
    """The user's workflow roles for this request (request_workflow.ROLES); empty for strangers."""
    if not _signed_in(user):
        return set()
    roles = set()
    if req.organisation_id in user.managed_org_ids:
        roles.add(STARTUP)
    if user.has_role(OFFICER):
        roles.add(OFFICER)
    if user.has_role(ADMIN):
        roles.add(ADMIN)
    if is_assignee(user, req):
        roles.add(ASSIGNEE)
    return roles


def sees_internal_notes(user, req: SupportRequest) -> bool:
    """DOST staff and the assignee read internal notes; the startup never does."""
    return is_staff(user) or is_assignee(user, req)


def _assignee_condition(user):
    conds = []
    if user.person_id:
        conds.append(SupportRequest.assignee_person_id == user.person_id)
    if user.managed_org_ids:
        conds.append(SupportRequest.assignee_org_id.in_(user.managed_org_ids))
    return or_(*conds) if conds else None


def assigned_to_user(user, startup_id: int) -> bool:
    """The user is (or was) assignee of a request of this startup: may read its pitch deck."""
    cond = _assignee_condition(user) if _signed_in(user) else None
    if cond is None:
        return False
    return db.session.scalar(select(SupportRequest.id).where(
        SupportRequest.organisation_id == startup_id, cond).limit(1)) is not None


def has_assignments(user) -> bool:
    cond = _assignee_condition(user) if _signed_in(user) else None
    if cond is None:
        return False
    return db.session.scalar(select(SupportRequest.id).where(cond).limit(1)) is not None


def assigned_query(user):
    """Requests assigned to the user (as a person or through an organisation they manage)."""
    cond = _assignee_condition(user) if _signed_in(user) else None
    query = select(SupportRequest).where(SupportRequest.state != "draft")
    return query.where(cond if cond is not None else SupportRequest.id.is_(None))


def users_of_person(person_id: int | None) -> list[User]:
    if person_id is None:
        return []
    return list(db.session.scalars(select(User).where(User.person_id == person_id)))


def managers_of(org_id: int | None) -> list[User]:
    if org_id is None:
        return []
    return list(db.session.scalars(select(User).join(OrgManager, OrgManager.user_id == User.id)
                                   .where(OrgManager.organisation_id == org_id)))


def assignee_users(req: SupportRequest) -> list[User]:
    return users_of_person(req.assignee_person_id) or managers_of(req.assignee_org_id)


def officers() -> list[User]:
    from ecosystem.models import UserRole
    return list(db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id)
                                   .where(UserRole.role == OFFICER)))
