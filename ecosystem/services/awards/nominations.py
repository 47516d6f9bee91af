"""Nominations: drafts, team, documents, submission with the eligibility check, and the organisers' screening."""
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import (AwardCycle, Nomination, NominationDocument, NominationMember,
                              Organisation, Person, Relationship, User)
from ecosystem.models.base import utcnow
from ecosystem.services.accounts.users import managers_of
from ecosystem.services.platform.audit import log_action
from ecosystem.services.awards.catalogue import AwardError, submission_open
from ecosystem.services.awards.eligibility import check_eligibility
from ecosystem.services.awards.facts import eligibility_facts
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.stored_files import save_bytes
from ecosystem.services.platform.uploads import UploadRejected, inspect_upload, read_limited, storage_path

EDITABLE = ("draft", "returned")
ACTIVE = ("submitted", "accepted")
TEAM_KINDS = ("founder", "employee", "member")


def entrant_org_choices(user: User) -> list[Organisation]:
    """Organisations a user may enter: those they manage, and startups tied to them (residents, members)."""
    managed = user.managed_org_ids
    if not managed:
        return []
    tied = select(Relationship.source_org_id).where(
        Relationship.target_org_id.in_(managed), Relationship.source_org_id.is_not(None),
        Relationship.kind.in_(("resident", "club_member", "member")), Relationship.ended_on.is_(None))
    query = select(Organisation).where(or_(Organisation.id.in_(managed), Organisation.id.in_(tied)),
                                       Organisation.status != "archived")
    return list(db.session.scalars(query.order_by(Organisation.name)))


def team_choices(nomination: Nomination) -> list[Person]:
    """People who may be on the team: the entrant org's founders, staff and members, and the entrant."""
    ids = {nomination.entrant_person_id} - {None}
    if nomination.entrant_org_id:
        ids |= set(db.session.scalars(select(Relationship.source_person_id).where(
            Relationship.target_org_id == nomination.entrant_org_id, Relationship.kind.in_(TEAM_KINDS),
            Relationship.source_person_id.is_not(None), Relationship.ended_on.is_(None))))
    if nomination.created_by and nomination.created_by.person_id:
        ids.add(nomination.created_by.person_id)
    ids |= {m.person_id for m in nomination.members}
    return list(db.session.scalars(select(Person).where(Person.id.in_(ids)).order_by(Person.full_name)))


def _check_entrant(user: User, entrant_org_id, entrant_self: bool, nominated_by_org_id) -> None:
    """An entrant the user may speak for; a nominating organisation they manage."""
    if entrant_self:
        if not user.person_id:
            raise AwardError("no_person")
    elif entrant_org_id not in {o.id for o in entrant_org_choices(user)}:
        raise AwardError("entrant_not_allowed")
    if nominated_by_org_id and nominated_by_org_id not in user.managed_org_ids:
        raise AwardError("nominator_not_allowed")


def start_nomination(cycle: AwardCycle, category, user: User, data: dict, today: date,
                     idempotency_key: str | None = None) -> Nomination:
    """A new draft; the same idempotency key (a double click) gives back the first draft."""
    if idempotency_key:
        found = db.session.scalar(select(Nomination).where(Nomination.idempotency_key == idempotency_key))
        if found is not None:
            return found
    if not submission_open(cycle, today):
        raise AwardError("submission_closed")
    _check_entrant(user, data.get("entrant_org_id"), data.get("entrant_self"), data.get("nominated_by_org_id"))
    nomination = Nomination(
        cycle_id=cycle.id, category_id=category.id, title=data["title"], summary=data.get("summary"),
        answers=data.get("answers") or {}, created_by_id=user.id, idempotency_key=idempotency_key,
        entrant_person_id=user.person_id if data.get("entrant_self") else None,
        entrant_org_id=None if data.get("entrant_self") else data.get("entrant_org_id"),
        nominated_by_org_id=data.get("nominated_by_org_id") or None)
    if user.person_id:
        nomination.members.append(NominationMember(person_id=user.person_id))
    db.session.add(nomination)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:  # the twin request of a double click won the race
        found = db.session.scalar(select(Nomination).where(Nomination.idempotency_key == idempotency_key))
        if found is None:
            raise
        return found
    log_action(user.id, "award.nomination.create", "award_nomination", nomination.id)
    return nomination


def _check_editable(nomination: Nomination, today: date) -> None:
    if nomination.status not in EDITABLE:
        raise AwardError("not_editable")
    if not submission_open(nomination.cycle, today):
        raise AwardError("submission_closed")


def update_nomination(nomination: Nomination, user: User, data: dict, today: date) -> None:
    """Change a draft (or an entry returned for completion) while the window is open."""
    _check_editable(nomination, today)
    nomination.title = data["title"]
    nomination.summary = data.get("summary")
    nomination.answers = data.get("answers") or {}
    if "team" in data:
        allowed = {p.id for p in team_choices(nomination)}
        chosen = [pid for pid in dict.fromkeys(data["team"]) if pid in allowed]
        nomination.members = [m for m in nomination.members if m.person_id in chosen]
        have = {m.person_id for m in nomination.members}
        nomination.members.extend(NominationMember(person_id=pid) for pid in chosen if pid not in have)
    db.session.flush()
    log_action(user.id, "award.nomination.update", "award_nomination", nomination.id)


def add_document(nomination: Nomination, user: User, filename: str, stream, today: date) -> NominationDocument:
    """Store an accepted file under UPLOAD_ROOT (checked by content; the size limit is a setting)."""
    _check_editable(nomination, today)
    limit = int(setting("awards.upload_max_bytes"))
    try:
        data = read_limited(stream, limit)
        info = inspect_upload(data, filename, limit)
        save_bytes(info, data, nomination.entrant_org_id)  # in place after the commit
    except UploadRejected as error:
        raise AwardError(error.code.replace(".", "_"), **error.params) from error
    document = NominationDocument(nomination_id=nomination.id, storage_name=info.storage_name,
                                  original_name=info.original_name, mime=info.mime, size=info.size,
                                  sha256=info.sha256, uploaded_by_id=user.id)
    db.session.add(document)
    db.session.flush()
    log_action(user.id, "award.document.add", "award_nomination", nomination.id, document=document.id)
    return document


def document_path(document: NominationDocument):
    return storage_path(current_app.config["UPLOAD_ROOT"], document.storage_name)


def missing_answers(nomination: Nomination) -> list[str]:
    """Codes of required form fields left blank."""
    answers = nomination.answers or {}
    return [f["code"] for f in nomination.category.form or () if f.get("required")
            and not str(answers.get(f["code"]) or "").strip()]


def submit_nomination(nomination: Nomination, user: User, today: date) -> None:
    """Submit before the deadline; every failing eligibility rule is stored and named, and stops it."""
    if nomination.status in ACTIVE:
        return  # a second click on "submit"
    _check_editable(nomination, today)
    missing = missing_answers(nomination)
    if missing:
        raise AwardError("answers_missing", fields=missing)
    failures = check_eligibility(nomination.category.eligibility or [], eligibility_facts(nomination, today))
    nomination.eligibility = failures
    if failures:
        db.session.flush()
        raise AwardError("ineligible", failures=failures)
    nomination.status, nomination.submitted_at, nomination.return_reason = "submitted", utcnow(), None
    db.session.flush()
    log_action(user.id, "award.nomination.submit", "award_nomination", nomination.id)
    title = nomination.title
    notify([user], "award.submitted", lambda: (_("Đã nộp hồ sơ dự thi"), _(
        "Hồ sơ “%(title)s” đã được nộp. Ban tổ chức sẽ kiểm tra và thông báo kết quả.", title=title)),
        link=f"/awards/nominations/{nomination.id}")


SCREEN_DECISIONS = {"accept": "accepted", "return": "returned", "reject": "rejected"}


def screen_nomination(nomination: Nomination, actor: User, decision: str, reason: str | None) -> None:
    """Organisers accept a submitted entry, return it for completion or reject it (both with a reason)."""
    if decision not in SCREEN_DECISIONS:
        raise AwardError("bad_decision")
    if nomination.status != "submitted":
        raise AwardError("not_submitted")
    if decision != "accept" and not (reason or "").strip():
        raise AwardError("reason_required")
    nomination.status = SCREEN_DECISIONS[decision]
    nomination.return_reason = (reason or "").strip() or None
    db.session.flush()
    log_action(actor.id, f"award.nomination.{decision}", "award_nomination", nomination.id, reason=reason)
    title, why = nomination.title, nomination.return_reason or ""
    texts = {
        "accept": lambda: (_("Hồ sơ dự thi đã được chấp nhận"),
                           _("Hồ sơ “%(title)s” đã qua vòng kiểm tra của Ban tổ chức.", title=title)),
        "return": lambda: (_("Hồ sơ dự thi cần bổ sung"),
                           _("Hồ sơ “%(title)s” được trả lại để bổ sung: %(reason)s", title=title, reason=why)),
        "reject": lambda: (_("Hồ sơ dự thi không được chấp nhận"),
                           _("Hồ sơ “%(title)s” không được chấp nhận: %(reason)s", title=title, reason=why)),
    }
    notify([nomination.created_by], f"award.{decision}", texts[decision], link=f"/awards/nominations/{nomination.id}")


def nominations_of(user: User) -> list[Nomination]:
    """Entries the user made or speaks for (through the organisations they manage)."""
    conditions = [Nomination.created_by_id == user.id]
    if user.person_id:
        conditions.append(Nomination.entrant_person_id == user.person_id)
    if user.managed_org_ids:
        conditions.append(Nomination.entrant_org_id.in_(user.managed_org_ids))
        conditions.append(Nomination.nominated_by_org_id.in_(user.managed_org_ids))
    return list(db.session.scalars(select(Nomination).where(or_(*conditions)).order_by(Nomination.id.desc())))


def result_recipients(nomination: Nomination) -> list[User]:
    """Everyone told about an entry's results: the creator and the entrant organisation's managers."""
    people = {user.id: user for user in managers_of(nomination.entrant_org_id)}
    if nomination.created_by is not None:
        people.setdefault(nomination.created_by.id, nomination.created_by)
    return list(people.values())
