"""After an event: attendees rate it (1–5) and comment; coordinators read the results."""
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import Attendance, Event, EventFeedback
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting


class FeedbackError(DomainError):
    """Refused feedback (not the attendee's, too early, too late, given twice)."""


def feedback_refusal(attendance: Attendance, user, now=None) -> str | None:
    """Only the attendee, only after the event, only within the open window, only once."""
    now = now or utcnow()
    event = attendance.event
    if not user.is_authenticated or attendance.user_id != user.id:
        return "not_yours"
    if as_utc(event.ends_at) > now:
        return "not_over"
    if now > as_utc(event.ends_at) + timedelta(days=setting("events.feedback_open_days")):
        return "closed"
    if existing_feedback(attendance) is not None:
        return "already_given"
    return None


def existing_feedback(attendance: Attendance) -> EventFeedback | None:
    return db.session.scalar(select(EventFeedback).where(EventFeedback.attendance_id == attendance.id))


def submit_feedback(attendance: Attendance, user, rating: int, comment: str | None, now=None
                    ) -> EventFeedback:
    refusal = feedback_refusal(attendance, user, now)
    if refusal:
        raise FeedbackError(refusal)
    if not 1 <= int(rating) <= 5:
        raise FeedbackError("rating_range")
    feedback = EventFeedback(event_id=attendance.event_id, attendance_id=attendance.id,
                             rating=int(rating), comment=(comment or "").strip()[:3000] or None)
    try:
        with db.session.begin_nested():
            db.session.add(feedback)
    except IntegrityError:  # a double click
        raise FeedbackError("already_given") from None
    log_action(user.id, "event.feedback", "event", attendance.event_id)
    return feedback


def feedback_summary(event: Event) -> dict:
    """Count, mean rating, the 1–5 distribution and the comments (newest first, unsigned)."""
    rows = list(db.session.scalars(select(EventFeedback).where(EventFeedback.event_id == event.id)
                                   .order_by(EventFeedback.created_at.desc())))
    distribution = {n: sum(1 for r in rows if r.rating == n) for n in range(1, 6)}
    attendees = db.session.scalar(select(db.func.count(Attendance.id)).where(
        Attendance.event_id == event.id)) or 0
    return {
        "count": len(rows),
        "attendees": attendees,
        "mean": round(sum(r.rating for r in rows) / len(rows), 2) if rows else None,
        "distribution": distribution,
        "comments": [r.comment for r in rows if r.comment],
    }
