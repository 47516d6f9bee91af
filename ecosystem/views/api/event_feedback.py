"""JSON API of an attendee's feedback after an event: the feedback form's rules (once, in its window)."""
from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Attendance
from ecosystem.permissions import guard, require
from ecosystem.services.events.feedback import submit_feedback
from ecosystem.views.api.base import IDEMPOTENCY_DOC, Moment, api_blueprint, idempotent, preload
from ecosystem.views.api.problems import perform
from ecosystem.views.events.messages import EVENTS

bp = api_blueprint("api_event_feedback", "events", description="Attendees' feedback after an event")


class FeedbackIn(Schema):
    rating = fields.Integer(required=True, validate=validate.Range(1, 5))
    comment = fields.String(load_default=None, validate=validate.Length(max=3000))


class FeedbackOut(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    rating = fields.Integer()
    comment = fields.String(allow_none=True)
    created_at = Moment()


def attendance_of(registration_id: int) -> Attendance:
    """The caller's attendance behind one of their tickets (a ticket never checked in has none: 404)."""
    attendance = db.session.scalar(select(Attendance).where(Attendance.registration_id == registration_id))
    if attendance is None:
        abort(404)
    require("events.feedback", attendance)
    return attendance


@bp.route("/registrations/<int:registration_id>/feedback", methods=["POST"])
@guard("events.feedback")
@preload(attendance_of)
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(FeedbackIn)
@bp.response(201, FeedbackOut)
def feedback(data, registration_id: int):
    """Rate an event one attended (1–5) with an optional comment: after it ends, within the window, once."""
    attendance = attendance_of(registration_id)
    given = perform(lambda: submit_feedback(attendance, current_user, data["rating"], data["comment"]), EVENTS)
    return {"id": given.id, "event_id": given.event_id, "rating": given.rating, "comment": given.comment,
            "created_at": given.created_at}
