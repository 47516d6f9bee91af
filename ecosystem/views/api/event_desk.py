"""JSON API of the organiser's desk: the registrations list, check-in by code or from the list, walk-ins
(the desk page's window rules; only an officer's reason checks in outside the window)."""
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ecosystem.models import Registration
from ecosystem.permissions import guard
from ecosystem.services.events import checkin as desk
from ecosystem.services.events.invitations import invite
from ecosystem.views.api.base import (IDEMPOTENCY_DOC, Moment, PageArgs, api_blueprint, idempotent, page_schema,
                                      paginate, preload)
from ecosystem.views.api.events_write import managed_event, not_blank
from ecosystem.views.api.problems import perform
from ecosystem.views.api.rows import row_of
from ecosystem.views.events.messages import EVENTS

bp = api_blueprint("api_event_desk", "events", description="The organiser's registrations list and check-in desk")

OVERRIDE = {"description": "an officer's reason to check in outside the window (logged); ignored for others"}


class RosterAnswerOut(Schema):
    q = fields.String()
    a = fields.String()


class RosterOut(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String(allow_none=True)
    startup = fields.String(allow_none=True, metadata={"description": "the startup's slug"})
    status = fields.String(metadata={"description": "confirmed, waiting or cancelled"})
    walk_in = fields.Boolean()
    checked_in_at = Moment(allow_none=True)
    created_at = Moment()
    answers = fields.List(fields.Nested(RosterAnswerOut))


class AttendanceOut(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    registration_id = fields.Integer()
    name = fields.String()
    method = fields.String(metadata={"description": "code, list or walk_in"})
    checked_in_at = Moment()


class CheckinCodeIn(Schema):
    code = fields.String(required=True, validate=[validate.Length(min=1, max=200), not_blank])
    override_reason = fields.String(load_default=None, validate=validate.Length(max=2000), metadata=OVERRIDE)


class ListCheckinIn(Schema):
    admit = fields.Boolean(load_default=False, metadata={"description": "let someone on the waiting list in"})
    override_reason = fields.String(load_default=None, validate=validate.Length(max=2000), metadata=OVERRIDE)


class WalkInIn(Schema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=160), not_blank])
    email = fields.Email(load_default=None, validate=validate.Length(max=254))
    override_reason = fields.String(load_default=None, validate=validate.Length(max=2000), metadata=OVERRIDE)


class InvitationsIn(Schema):
    emails = fields.String(required=True, validate=[validate.Length(min=1, max=20000), not_blank],
                           metadata={"description": "addresses separated by lines, commas or semicolons"})


class InvitationsOut(Schema):
    added = fields.List(fields.String(), metadata={"description": "newly invited (told by e-mail or in the app)"})
    invalid = fields.List(fields.String(), metadata={"description": "skipped: not an e-mail address"})


def roster_json(registration: Registration) -> dict:
    return {"id": registration.id, "name": registration.name, "email": registration.email,
            "startup": registration.startup.slug if registration.startup else None,
            "status": registration.status, "walk_in": bool(registration.walk_in),
            "checked_in_at": registration.checked_in_at, "created_at": registration.created_at,
            "answers": [{"q": str(a.get("q", "")), "a": str(a.get("a", ""))} for a in registration.answers or []]}


def attendance_json(attendance) -> dict:
    return {"id": attendance.id, "event_id": attendance.event_id, "registration_id": attendance.registration_id,
            "name": attendance.name, "method": attendance.method, "checked_in_at": attendance.checked_in_at}


def event_registration(event_id: int, registration_id: int) -> Registration:
    return row_of(Registration, registration_id, event_id=managed_event(event_id).id)


@bp.route("/events/<int:event_id>/registrations")
@guard("events.manage")
@bp.etag
@bp.arguments(PageArgs, location="query", unknown="exclude")
@bp.response(200, page_schema(RosterOut, "RosterPage"))
def roster(args, event_id: int):
    """Everyone registered, as the organiser's registrations page lists them (name, e-mail, answers)."""
    event = managed_event(event_id)
    return paginate(select(Registration).where(Registration.event_id == event.id).order_by(Registration.id),
                    args, roster_json)


@bp.route("/events/<int:event_id>/checkin", methods=["POST"])
@guard("events.manage")
@preload(managed_event)
@bp.arguments(CheckinCodeIn)
@bp.response(200, AttendanceOut)
def check_in_code(data, event_id: int):
    """Check in by a typed or scanned ticket code; a code works once."""
    event = managed_event(event_id)
    override = desk.officer_override(current_user, data["override_reason"])
    return attendance_json(perform(lambda: desk.check_in_code(event, data["code"], current_user, override=override),
                                   EVENTS))


@bp.route("/events/<int:event_id>/registrations/<int:registration_id>/checkin", methods=["POST"])
@guard("events.manage")
@preload(event_registration)
@bp.arguments(ListCheckinIn)
@bp.response(200, AttendanceOut)
def check_in_one(data, event_id: int, registration_id: int):
    """Check in someone found in the list (admit: let a waiting-list registration in at the door)."""
    registration = event_registration(event_id, registration_id)
    override = desk.officer_override(current_user, data["override_reason"])
    return attendance_json(perform(lambda: desk.check_in(registration, current_user, method="list",
                                                         admit_waiting=data["admit"], override=override), EVENTS))


@bp.route("/events/<int:event_id>/walk-ins", methods=["POST"])
@guard("events.manage")
@preload(managed_event)
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(WalkInIn)
@bp.response(201, AttendanceOut)
def walk_in(data, event_id: int):
    """Someone who came without registering: recorded and checked in at once (outside the capacity)."""
    event = managed_event(event_id)
    override = desk.officer_override(current_user, data["override_reason"])
    return attendance_json(perform(lambda: desk.add_walk_in(event, current_user, name=data["name"].strip(),
                                                            email=data["email"], override=override), EVENTS))


@bp.route("/events/<int:event_id>/invitations", methods=["POST"])
@guard("events.manage")
@preload(managed_event)
@bp.arguments(InvitationsIn)
@bp.response(200, InvitationsOut)
def invitations(data, event_id: int):
    """Invite addresses to the event (an address already invited is not told twice), as on the page."""
    event = managed_event(event_id)
    added, invalid = perform(lambda: invite(event, data["emails"], current_user), EVENTS)
    return {"added": added, "invalid": invalid}
