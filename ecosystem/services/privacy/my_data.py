"""A person's copy of everything held about them (the right of access): the account and linked
person, relationships, support requests, events, office hours, judges' scores once the round's
results are published, notifications, login history and consents. Plain data in, JSON/XLSX out."""
import json
from datetime import date, datetime

from sqlalchemy import func, or_, select

from ecosystem.extensions import db
from ecosystem.models import LoginAttempt, Notification, Relationship, UserSession
from ecosystem.models.award_judging import Assignment, ScoreEntry
from ecosystem.models.awards import AwardRound, Nomination
from ecosystem.models.base import as_utc, utcnow
from ecosystem.models.events import Attendance, Event, EventFeedback, Registration
from ecosystem.models.office_hours import OfficeHourSlot
from ecosystem.models.support import SupportComment, SupportRequest
from ecosystem.services.platform.spreadsheets import to_xlsx_bytes
from ecosystem.services.privacy.consents import consents_of
from ecosystem.services.privacy.notice import current_version
from ecosystem.services.privacy.requests import requests_of
from ecosystem.validators import is_local_path, is_web_url

PERSON_FIELDS = ("id", "full_name", "title", "bio", "languages", "email", "phone", "contact_visibility",
                 "city", "ward", "former_province", "former_district", "is_judge", "is_coordinator",
                 "archived", "created_at", "updated_at")


def plain(value):
    """A value as JSON holds it: instants in UTC ISO 8601, days as yyyy-mm-dd."""
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


LINK_FIELDS = ("link", "website", "url", "online_url")


def _link(value):
    """A stored link as the pages would show it: a link only when http(s), mailto or a path of this
    site; anything else (a javascript: URL an old row or an import left) is not handed on as a link."""
    return value if not value or is_web_url(value, allow_mailto=True) or is_local_path(value) else None


def _row(obj, names, **extra) -> dict:
    data = {name: plain(getattr(obj, name)) for name in names}
    data.update({key: plain(value) for key, value in extra.items()})
    return {key: _link(value) if key in LINK_FIELDS else value for key, value in data.items()}


def _name(end) -> str | None:
    return None if end is None else getattr(end, "full_name", None) or getattr(end, "name", None)


def profile(user) -> dict:
    account = _row(user, ("id", "email", "locale", "active", "created_at"),
                   roles=sorted(user.role_codes),
                   manages=sorted(m.organisation.name for m in user.managed))
    person = user.person
    if person is None:
        return {"account": account, "person": None}
    details = _row(person, PERSON_FIELDS, sectors=[s.code for s in person.sectors])
    if person.mentor is not None:
        details["mentor"] = _row(person.mentor, ("topics", "stages", "capacity", "available"))
    if person.investor is not None:
        details["investor"] = _row(person.investor, ("stages", "ticket_min_vnd", "ticket_max_vnd", "geography"),
                                   sectors=[s.code for s in person.investor.sectors])
    return {"account": account, "person": details}


def relationships(person_id: int) -> list[dict]:
    rows = db.session.scalars(select(Relationship).where(or_(
        Relationship.source_person_id == person_id, Relationship.target_person_id == person_id))
        .order_by(Relationship.id))
    return [_row(rel, ("id", "kind", "started_on", "ended_on", "amount_vnd", "round", "cohort",
                       "role_title", "note", "created_at"),
                 direction="from" if rel.source_person_id == person_id else "to",
                 other=_name(rel.target_person or rel.target_org if rel.source_person_id == person_id
                             else rel.source_person or rel.source_org))
            for rel in rows]


def support(user) -> tuple[list[dict], list[dict]]:
    mine = [SupportRequest.created_by_id == user.id]
    if user.person_id is not None:
        mine.append(SupportRequest.assignee_person_id == user.person_id)
    requests = [_row(req, ("id", "type_code", "title", "description", "state", "submitted_at",
                           "resolved_at", "closed_at", "decline_reason"),
                     organisation=req.organisation.name,
                     role="created" if req.created_by_id == user.id else "assignee")
                for req in db.session.scalars(select(SupportRequest).where(or_(*mine))
                                              .order_by(SupportRequest.id))]
    comments = [_row(c, ("request_id", "body", "internal", "created_at"))
                for c in db.session.scalars(select(SupportComment).where(
                    SupportComment.author_id == user.id).order_by(SupportComment.id))]
    return requests, comments


def events(user) -> tuple[list[dict], list[dict]]:
    subject = [Registration.user_id == user.id]
    if user.person_id is not None:
        subject.append(Registration.person_id == user.person_id)
    registrations = [_row(r, ("id", "name", "email", "status", "answers", "walk_in", "created_at",
                              "promoted_at", "cancelled_at", "checked_in_at"),
                          event=r.event.title, startup=_name(r.startup))
                     for r in db.session.scalars(select(Registration).where(or_(*subject))
                                                 .order_by(Registration.id))]
    seen = [Attendance.user_id == user.id]
    if user.person_id is not None:
        seen.append(Attendance.person_id == user.person_id)
    query = (select(Attendance, Event.title, EventFeedback)
             .join(Event, Attendance.event_id == Event.id)
             .outerjoin(EventFeedback, EventFeedback.attendance_id == Attendance.id)
             .where(or_(*seen)).order_by(Attendance.id))
    attendance = [_row(a, ("id", "name", "attended_on", "method", "checked_in_at"), event=title,
                       feedback_rating=fb.rating if fb else None, feedback_comment=fb.comment if fb else None)
                  for a, title, fb in db.session.execute(query)]
    return registrations, attendance


def office_hours(user) -> list[dict]:
    subject = [OfficeHourSlot.booked_by_id == user.id]
    if user.person_id is not None:
        subject.append(OfficeHourSlot.mentor_id == user.person_id)
    return [_row(s, ("id", "starts_at", "ends_at", "place", "topic", "booked_at", "withdrawn_at"),
                 role="mentor" if s.mentor_id == user.person_id else "booked",
                 mentor=s.mentor.full_name, startup=_name(s.booked_org))
            for s in db.session.scalars(select(OfficeHourSlot).where(or_(*subject))
                                        .order_by(OfficeHourSlot.starts_at))]


def _judge_query(person_id: int):
    return (select(ScoreEntry, AwardRound, Nomination.title)
            .join(Assignment, ScoreEntry.assignment_id == Assignment.id)
            .join(AwardRound, Assignment.round_id == AwardRound.id)
            .join(Nomination, Assignment.nomination_id == Nomination.id)
            .where(Assignment.judge_person_id == person_id))


def judge_scores(person_id: int) -> tuple[list[dict], int]:
    """Scores this judge gave in rounds whose results are published; and how many wait for that."""
    published = AwardRound.status == "published"
    rows = [_row(entry, ("version", "action", "scores", "comments", "total", "reason", "at"),
                 round=rnd.name, entry=title)
            for entry, rnd, title in db.session.execute(
                _judge_query(person_id).where(published).order_by(ScoreEntry.id))]
    withheld = db.session.scalar(select(func.count()).select_from(
        _judge_query(person_id).where(~published).subquery())) or 0
    return rows, withheld


def collect_my_data(user) -> dict:
    """Everything held about this account and its person, as plain JSON-ready data."""
    sections: dict = {"profile": profile(user)}
    person_id = user.person_id
    sections["relationships"] = relationships(person_id) if person_id else []
    sections["support_requests"], sections["support_comments"] = support(user)
    sections["event_registrations"], sections["attendance"] = events(user)
    sections["office_hours"] = office_hours(user)
    scores, withheld = judge_scores(person_id) if person_id else ([], 0)
    sections["judge_scores"] = scores
    sections["notifications"] = [
        _row(n, ("kind", "title", "body", "link", "created_at", "read_at"))
        for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                    .order_by(Notification.id))]
    sections["login_history"] = [
        _row(a, ("at", "address", "success"))
        for a in db.session.scalars(select(LoginAttempt).where(LoginAttempt.email == user.email)
                                    .order_by(LoginAttempt.at))]
    sections["sessions"] = [_row(s, ("created_at", "revoked_at")) for s in db.session.scalars(
        select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id))]
    sections["consents"] = [_row(c, ("id", "purpose", "notice_version", "source", "ref_id",
                                     "granted_at", "withdrawn_at")) for c in consents_of(user)]
    sections["privacy_requests"] = [_row(r, ("id", "kind", "purpose", "details", "status",
                                             "submitted_at", "due_on", "handled_at", "outcome",
                                             "refusal_reason")) for r in requests_of(user)]
    return {"generated_at": plain(utcnow()), "notice_version": current_version(),
            "judge_scores_withheld_until_published": withheld, "sections": sections}


def to_json_bytes(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _flat(value):
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value


def to_xlsx(data: dict, titles: dict[str, str]) -> bytes:
    """One sheet per section (titles: translated sheet names); the profile as field / value rows."""
    sheets = {}
    profile_rows = [{"record": record, "field": key, "value": _flat(value)}
                    for record, fields in data["sections"]["profile"].items() if fields
                    for key, value in fields.items()]
    sheets[titles.get("profile", "profile")] = (["record", "field", "value"], profile_rows)
    for name, rows in data["sections"].items():
        if name == "profile":
            continue
        columns = list(dict.fromkeys(key for row in rows for key in row)) or ["—"]
        sheets[titles.get(name, name)] = (columns, [{k: _flat(v) for k, v in row.items()} for row in rows])
    return to_xlsx_bytes(sheets)
