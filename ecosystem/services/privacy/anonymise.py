"""Deletion as anonymisation: the person's name and contacts go, the account is disabled and its
sessions end, while the records other laws make the DOST keep (certificates, fund ledgers, award
results, audit logs) stay, pointing at a person now named "Người dùng đã xoá #id"."""
import secrets

from sqlalchemy import delete, func, or_, select, update

from ecosystem.extensions import db
from ecosystem.models import (AuditEntry, LoginAttempt, Notification, OrgManager, OutboxMessage,
                              PasswordResetToken, User, UserRole)
from ecosystem.models.award_judging import Assignment, AwardResult, ScoreEntry
from ecosystem.models.awards import Nomination, NominationMember
from ecosystem.models.certification import CertApplication
from ecosystem.models.directory import InvestorProfile, MentorProfile, Person
from ecosystem.models.events import Attendance, EventFeedback, EventInvitation, Registration
from ecosystem.models.funds import FundEntry
from ecosystem.services.accounts.credentials import hash_password, revoke_all_sessions
from ecosystem.services.platform.audit import log_action

SCRUBBED = "[đã xoá theo yêu cầu của chủ thể dữ liệu]"


def deleted_name(person_id: int) -> str:
    """The name a deleted person keeps in records the law makes us hold (always Vietnamese)."""
    return f"Người dùng đã xoá #{person_id}"


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def kept_records(user: User) -> dict[str, int]:
    """How many records the law keeps that name this account or its person."""
    counts = {
        "cert_applications": _count(select(CertApplication.id).where(CertApplication.applicant_id == user.id)),
        "fund_entries": _count(select(FundEntry.id).where(FundEntry.created_by_id == user.id)),
        "audit_entries": _count(select(AuditEntry.id).where(AuditEntry.actor_id == user.id)),
    }
    person_id = user.person_id
    if person_id is not None:
        member_of = select(NominationMember.nomination_id).where(NominationMember.person_id == person_id)
        entries = select(Nomination.id).where(or_(Nomination.entrant_person_id == person_id,
                                                  Nomination.id.in_(member_of)))
        counts["award_results"] = _count(select(AwardResult.id).where(AwardResult.nomination_id.in_(entries)))
        counts["award_scores"] = _count(select(ScoreEntry.id).join(Assignment).where(
            Assignment.judge_person_id == person_id))
    return counts


def anonymise_person(person: Person) -> None:
    """Clear everything that identifies or reaches the person; the row stays for kept records."""
    person.full_name = deleted_name(person.id)
    for name in ("title", "bio", "email", "phone", "city", "ward", "former_province", "former_district"):
        setattr(person, name, None)
    person.languages = []
    person.sectors = []
    person.contact_visibility = "private"
    person.archived = True
    db.session.execute(delete(MentorProfile).where(MentorProfile.person_id == person.id))
    db.session.execute(delete(InvestorProfile).where(InvestorProfile.person_id == person.id))
    db.session.expire(person, ["mentor", "investor"])


def restrict_person(person: Person, actor) -> None:
    """Restriction of processing: contacts hidden from everyone but officers, no new mentees."""
    person.contact_visibility = "private"
    if person.mentor is not None:
        person.mentor.available = False
    log_action(actor.id, "privacy.restrict", "person", person.id)
    db.session.flush()


def anonymise_user(user: User, actor) -> dict[str, int]:
    """Anonymise the account and its person; returns the kept records counted beforehand."""
    kept = kept_records(user)
    email = user.email
    if user.person is not None:
        anonymise_person(user.person)
        label = deleted_name(user.person_id)
    else:
        label = f"Người dùng đã xoá (tài khoản #{user.id})"
    subject = [Registration.user_id == user.id]
    if user.person_id is not None:
        subject.append(Registration.person_id == user.person_id)
    registrations = select(Registration).where(or_(*subject))
    for registration in db.session.scalars(registrations):
        registration.name, registration.email, registration.answers = label, None, []
    attendances = list(db.session.scalars(select(Attendance).where(Attendance.user_id == user.id)))
    for attendance in attendances:
        attendance.name = label
    if attendances:
        db.session.execute(update(EventFeedback).where(
            EventFeedback.attendance_id.in_([a.id for a in attendances])).values(comment=None))
    db.session.execute(delete(EventInvitation).where(EventInvitation.email == email))
    db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    db.session.execute(delete(Notification).where(Notification.user_id == user.id))
    db.session.execute(delete(PasswordResetToken).where(PasswordResetToken.user_id == user.id))
    db.session.execute(update(OutboxMessage).where(OutboxMessage.to == email)
                       .values(body=SCRUBBED, attachments=None))
    db.session.execute(delete(OrgManager).where(OrgManager.user_id == user.id))
    db.session.execute(delete(UserRole).where(UserRole.user_id == user.id))
    revoke_all_sessions(user.id)
    user.email = f"deleted-{user.id}@invalid"
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.active = False
    db.session.expire(user, ["roles", "managed"])
    db.session.flush()
    log_action(actor.id, "privacy.anonymise", "user", user.id, person_id=user.person_id, kept=kept)
    return kept
