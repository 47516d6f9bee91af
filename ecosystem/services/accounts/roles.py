"""Administration: a user's roles and managed organisations."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OrgManager, Organisation, User, UserRole
from ecosystem.services.platform.audit import log_action


def set_roles(user: User, roles: list[str], manages_slugs: list[str], actor) -> list[str]:
    """Replace a user's roles and managed organisations; returns slugs that were not found."""
    user.roles = [UserRole(role=r) for r in sorted(set(roles))]
    orgs = list(db.session.scalars(select(Organisation).where(Organisation.slug.in_(manages_slugs))))
    missing = sorted(set(manages_slugs) - {o.slug for o in orgs})
    user.managed = [OrgManager(organisation_id=o.id) for o in orgs]
    log_action(actor.id, "user.roles", "user", user.id, roles=sorted(set(roles)),
               manages=[o.slug for o in orgs])
    return missing
