"""Administration: a user's roles and managed organisations, requested roles, verified members."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OrgManager, Organisation, RoleRequest, User, UserRole
from ecosystem.models.base import utcnow
from ecosystem.models.vocab import ROLES
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.notifications import notify


def set_roles(user: User, roles: list[str], manages_slugs: list[str], actor) -> list[str]:
    """Replace a user's roles and managed organisations; returns slugs that were not found."""
    user.roles = [UserRole(role=r) for r in sorted(set(roles))]
    orgs = list(db.session.scalars(select(Organisation).where(Organisation.slug.in_(manages_slugs))))
    missing = sorted(set(manages_slugs) - {o.slug for o in orgs})
    user.managed = [OrgManager(organisation_id=o.id) for o in orgs]
    log_action(actor.id, "user.roles", "user", user.id, roles=sorted(set(roles)),
               manages=[o.slug for o in orgs])
    return missing


class RoleRequestError(Exception):
    """A role request that is no longer pending."""


def pending_role_requests() -> list[RoleRequest]:
    """Roles asked for at sign-up that no one has decided yet, oldest first."""
    return list(db.session.scalars(select(RoleRequest).where(RoleRequest.status == "pending")
                                   .order_by(RoleRequest.created_at, RoleRequest.id)))


def decide_role_request(asked: RoleRequest, approve: bool, actor) -> None:
    """Staff grant or refuse a requested role; the person is told either way."""
    if asked.status != "pending":
        raise RoleRequestError(asked.status)
    asked.status = "approved" if approve else "declined"
    asked.decided_at, asked.decided_by_id = utcnow(), actor.id
    user = asked.user
    if approve and asked.role not in user.role_codes:
        user.roles.append(UserRole(role=asked.role))
    if approve and user.person is not None and asked.role in ("judge", "coordinator"):
        setattr(user.person, f"is_{asked.role}", True)  # the directory's judge/coordinator lists
    db.session.flush()
    log_action(actor.id, "user.role_request", "user", user.id, role=asked.role,
               status=asked.status)
    label = ROLES[asked.role]
    if approve:
        compose = lambda: (_l("Vai trò %(role)s đã được duyệt", role=label),  # noqa: E731
                           _l("Cán bộ Sở đã duyệt vai trò %(role)s của bạn.", role=label))
    else:
        compose = lambda: (_l("Vai trò %(role)s chưa được duyệt", role=label),  # noqa: E731
                           _l("Cán bộ Sở chưa duyệt vai trò %(role)s. Hãy liên hệ Sở nếu cần.",
                              role=label))
    notify([user], "account.role_request", compose, link="/welcome")


def verify_member(user: User, actor) -> None:
    """An officer vouches for an account: it now counts as a member of the ecosystem."""
    if user.verified_at is None:
        user.verified_at, user.verified_by_id = utcnow(), actor.id
        log_action(actor.id, "user.verify", "user", user.id)
