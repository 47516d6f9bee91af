"""Single sign-on identities: which providers are configured, and the linking rule — an identity is
tied to an account only when the provider vouches for an e-mail equal to the account's (never for
staff accounts, which link only while signed in), or when the signed-in person confirms. Roles
never come from the provider, and an unknown identity creates no account."""
from flask import current_app
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import ExternalIdentity, User
from ecosystem.models.accounts import is_staff
from ecosystem.models.base import utcnow
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError

KNOWN = {"google": "Google", "microsoft": "Microsoft", "generic": "VNeID"}


def configured_providers() -> dict[str, dict]:
    """OIDC_PROVIDERS entries with a client id and a discovery URL (or issuer): name -> config."""
    providers = current_app.config.get("OIDC_PROVIDERS") or {}
    return {name: cfg for name, cfg in providers.items()
            if cfg.get("client_id") and (cfg.get("server_metadata_url") or cfg.get("issuer"))}


def identities_of(user) -> list[ExternalIdentity]:
    return list(db.session.scalars(select(ExternalIdentity).where(ExternalIdentity.user_id == user.id)
                                   .order_by(ExternalIdentity.id)))


def _find(provider: str, subject: str) -> ExternalIdentity | None:
    return db.session.scalar(select(ExternalIdentity).where(
        ExternalIdentity.provider == provider, ExternalIdentity.subject == subject))


def account_for(provider: str, claims: dict) -> User:
    """The account this identity signs in to, linking by verified e-mail when allowed."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise DomainError("sso_no_subject")
    identity = _find(provider, subject)
    if identity is not None:
        user = db.session.get(User, identity.user_id)
        if user is None or not user.active:
            raise DomainError("sso_unknown")
        identity.last_used_at = utcnow()
        return user
    email = (claims.get("email") or "").strip().lower()
    if not email or claims.get("email_verified") is not True:
        raise DomainError("sso_unknown")
    user = db.session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None or not user.active or is_staff(user):
        raise DomainError("sso_unknown")
    _link(user, provider, subject, email, "verified_email")
    return user


def link_confirmed(user, provider: str, claims: dict) -> ExternalIdentity:
    """The signed-in person asked to link and came back from the provider: tie it to them."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise DomainError("sso_no_subject")
    existing = _find(provider, subject)
    if existing is not None:
        if existing.user_id != user.id:
            raise DomainError("sso_taken")
        return existing
    return _link(user, provider, subject, claims.get("email"), "confirmed")


def _link(user, provider: str, subject: str, email: str | None, how: str) -> ExternalIdentity:
    identity = ExternalIdentity(user_id=user.id, provider=provider, subject=subject,
                                email=(email or None) and str(email)[:254], how=how, last_used_at=utcnow())
    db.session.add(identity)
    db.session.flush()
    log_action(user.id, "outreach.identity.link", "user", user.id, provider=provider, how=how)
    return identity


def unlink(user, identity_id: int) -> None:
    identity = db.session.get(ExternalIdentity, identity_id)
    if identity is None or identity.user_id != user.id:
        raise DomainError("sso_unknown")
    db.session.delete(identity)
    log_action(user.id, "outreach.identity.unlink", "user", user.id, provider=identity.provider)
    db.session.flush()
