"""Consents: who agreed to what purpose, under which version of the notice, on which form, and
when they took it back. A consent is never edited except to record its withdrawal."""
from sqlalchemy import or_, select

from ecosystem.extensions import db
from ecosystem.models.base import utcnow
from ecosystem.models.privacy import Consent
from ecosystem.services.platform.audit import log_action
from ecosystem.services.privacy.notice import consent_purposes, current_version


class ConsentError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def record_consent(user, purpose: str, source: str, ref_id: int | None = None,
                   person_id: int | None = None) -> Consent:
    """Record a consent just given on a form; the notice version is the one in force now."""
    if purpose not in consent_purposes():
        raise ConsentError("unknown_purpose")
    consent = Consent(user_id=user.id if user is not None else None,
                      person_id=person_id if person_id is not None else getattr(user, "person_id", None),
                      purpose=purpose, notice_version=current_version(), source=source, ref_id=ref_id,
                      granted_at=utcnow())
    db.session.add(consent)
    db.session.flush()
    return consent


def consents_of(user) -> list[Consent]:
    """Every consent of the account or of its linked person, newest first."""
    subject = Consent.user_id == user.id
    if user.person_id is not None:
        subject = or_(subject, Consent.person_id == user.person_id)
    return list(db.session.scalars(select(Consent).where(subject).order_by(Consent.granted_at.desc(),
                                                                           Consent.id.desc())))


def active_purposes(user) -> set[str]:
    return {c.purpose for c in consents_of(user) if c.withdrawn_at is None}


def withdraw_purpose(user, purpose: str) -> list[Consent]:
    """Withdraw every live consent of this subject for a purpose; returns those withdrawn."""
    now = utcnow()
    withdrawn = [c for c in consents_of(user) if c.purpose == purpose and c.withdrawn_at is None]
    if not withdrawn:
        raise ConsentError("nothing_to_withdraw")
    for consent in withdrawn:
        consent.withdrawn_at = now
    db.session.flush()
    log_action(user.id, "privacy.consent.withdraw", "user", user.id, purpose=purpose,
               consents=[c.id for c in withdrawn])
    return withdrawn
