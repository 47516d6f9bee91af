"""Broadcasts: a coordinator (to their clubs and events) or an officer (to anyone) writes to a saved
audience; recipients are resolved afresh, each reads it in their language, it leaves through the
outbox at the rate the mail job allows, and each recipient's preferences are respected."""
from flask_babel import get_locale
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import (Audience, Broadcast, Event, OutboxMessage, Relationship, User,
                              UserRole)
from ecosystem.models.accounts import is_staff
from ecosystem.models.base import utcnow
from ecosystem.services.accounts.users import accounts_of, managers_of
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.notifications import notify
from email_validator import EmailNotValidError, validate_email

AUDIENCE_KINDS = ("club", "event", "cohort", "round", "directory")
KIND = "broadcast.message"


def _people_accounts(person_ids) -> list[User]:
    return [u for pid in sorted(set(person_ids)) for u in accounts_of(pid)]


def resolve(audience: Audience) -> list[User]:
    """The active accounts the audience means today, each once, in a stable order."""
    users: list[User] = []
    if audience.kind == "club":
        ties = db.session.scalars(select(Relationship).where(
            Relationship.kind == "club_member", Relationship.target_org_id == audience.ref_id,
            Relationship.ended_on.is_(None)))
        for tie in ties:
            users += accounts_of(tie.source_person_id) if tie.source_person_id else managers_of(tie.source_org_id)
    elif audience.kind == "event":
        from ecosystem.models import Registration
        users = list(db.session.scalars(select(User).join(Registration, Registration.user_id == User.id).where(
            Registration.event_id == audience.ref_id, Registration.status.in_(("confirmed", "waiting")))))
    elif audience.kind == "cohort":
        from ecosystem.models import CohortPlan, CohortRow
        rows = db.session.scalars(select(CohortRow).join(CohortPlan, CohortPlan.id == CohortRow.plan_id)
                                  .where(CohortPlan.cohort_org_id == audience.ref_id))
        for row in rows:
            users += managers_of(row.startup_id) + accounts_of(row.mentor_person_id)
    elif audience.kind == "round":
        from ecosystem.models import PanelMember
        users = _people_accounts(db.session.scalars(select(PanelMember.person_id).where(
            PanelMember.round_id == audience.ref_id)))
    elif audience.kind == "directory":
        role = (audience.criteria or {}).get("role")
        users = list(db.session.scalars(select(User).join(UserRole, UserRole.user_id == User.id)
                                        .where(UserRole.role == role)))
    seen, out = set(), []
    for user in users:
        if user is not None and user.active and user.id not in seen:
            seen.add(user.id)
            out.append(user)
    return sorted(out, key=lambda u: u.id)


def may_address(user, kind: str, ref_id: int | None) -> bool:
    """Officers write to any audience; a coordinator to the clubs they run and those clubs' events."""
    if is_staff(user):
        return kind in AUDIENCE_KINDS
    if not (user.is_authenticated and user.has_role("coordinator")):
        return False
    if kind == "club":
        return ref_id in user.managed_org_ids
    if kind == "event":
        event = db.session.get(Event, ref_id) if ref_id else None
        return event is not None and event.organiser_id in user.managed_org_ids
    return False


def audience_choices(user) -> list[tuple[str, int, str]]:
    """(kind, ref_id, label) this user may save: a coordinator's clubs and their events; for staff
    every club, recent events, cohorts and award rounds as well."""
    from ecosystem.models import AwardRound, CohortPlan, Organisation
    staff = is_staff(user)
    clubs = select(Organisation).where(Organisation.kind == "club").order_by(Organisation.name)
    if not staff:
        clubs = clubs.where(Organisation.id.in_(user.managed_org_ids))
    choices = []
    for club in db.session.scalars(clubs):
        choices.append(("club", club.id, club.name))
        for event in db.session.scalars(select(Event).where(Event.organiser_id == club.id)
                                        .order_by(Event.starts_at.desc()).limit(20)):
            choices.append(("event", event.id, event.title))
    if staff:
        cohorts = db.session.scalars(select(Organisation).where(Organisation.id.in_(
            select(CohortPlan.cohort_org_id))).order_by(Organisation.name))
        choices += [("cohort", org.id, org.name) for org in cohorts]
        rounds = db.session.scalars(select(AwardRound).order_by(AwardRound.id.desc()).limit(20))
        choices += [("round", r.id, f"{r.cycle.name} — {r.name}") for r in rounds]
    return choices


def save_audience(user, name: str, kind: str, ref_id: int | None = None,
                  criteria: dict | None = None) -> Audience:
    name = " ".join((name or "").split())[:200]
    if not name:
        raise DomainError("audience_name")
    if not may_address(user, kind, ref_id):
        raise DomainError("audience_forbidden")
    audience = Audience(name=name, kind=kind, ref_id=ref_id, criteria=criteria, created_by_id=user.id)
    db.session.add(audience)
    db.session.flush()
    log_action(user.id, "outreach.audience.save", "audience", audience.id, kind=kind, ref_id=ref_id)
    return audience


def audiences_for(user) -> list[Audience]:
    """The saved audiences this user may still write to (their own, or any for staff)."""
    query = select(Audience).order_by(Audience.created_at.desc(), Audience.id.desc())
    if not is_staff(user):
        query = query.where(Audience.created_by_id == user.id)
    return [a for a in db.session.scalars(query) if may_address(user, a.kind, a.ref_id)]


def compose_for(broadcast: Broadcast):
    """(title, body) in the locale in force: English when the author wrote an English version."""
    def compose():
        english = str(get_locale()) == "en"
        return ((broadcast.subject_en if english and broadcast.subject_en else broadcast.subject),
                (broadcast.body_en if english and broadcast.body_en else broadcast.body))
    return compose


def draft(user, audience: Audience, subject: str, body: str, reply_to: str | None,
          subject_en: str | None = None, body_en: str | None = None) -> Broadcast:
    """A broadcast checked but not yet sent (what the preview shows)."""
    if not may_address(user, audience.kind, audience.ref_id):
        raise DomainError("audience_forbidden")
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise DomainError("broadcast_empty")
    reply_to = (reply_to or "").strip() or None
    if reply_to:
        try:
            reply_to = validate_email(reply_to, check_deliverability=False).normalized
        except EmailNotValidError:
            raise DomainError("bad_reply_to") from None
    return Broadcast(audience=audience, audience_id=audience.id, subject=subject[:300], body=body,
                     subject_en=(subject_en or "").strip()[:300] or None, body_en=(body_en or "").strip() or None,
                     reply_to=reply_to, created_by_id=user.id)


def send(user, broadcast: Broadcast) -> Broadcast:
    """Queue one message per recipient (bell and/or e-mail as they chose), Reply-To the named address."""
    db.session.add(broadcast)
    db.session.flush()
    recipients = resolve(broadcast.audience)
    headers = {"Reply-To": broadcast.reply_to} if broadcast.reply_to else None
    notify(recipients, KIND, compose_for(broadcast), headers=headers, broadcast_id=broadcast.id)
    broadcast.sent_at, broadcast.recipient_count = utcnow(), len(recipients)
    log_action(user.id, "outreach.broadcast.send", "broadcast", broadcast.id,
               audience=broadcast.audience_id, recipients=len(recipients))
    db.session.flush()
    return broadcast


def delivery_counts(broadcast_id: int) -> dict[str, int]:
    """Outbox rows of the broadcast by status (outbox, queued, sent, failed, dead)."""
    rows = db.session.execute(select(OutboxMessage.status, func.count()).where(
        OutboxMessage.broadcast_id == broadcast_id).group_by(OutboxMessage.status))
    return {status: count for status, count in rows}


def broadcasts_for(user) -> list[Broadcast]:
    query = select(Broadcast).order_by(Broadcast.created_at.desc(), Broadcast.id.desc()).limit(50)
    if not is_staff(user):
        query = query.where(Broadcast.created_by_id == user.id)
    return list(db.session.scalars(query))
