"""JSON API writes of events by their organisers: create, edit, publish, cancel (the event form's rules)."""
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate

from ecosystem.models.events import EVENT_AUDIENCES, EVENT_KINDS
from ecosystem.permissions import guard
from ecosystem.services.directory.records import all_sectors
from ecosystem.services.events import lifecycle as service
from ecosystem.validators import normalise_web_url
from ecosystem.views.api.base import IDEMPOTENCY_DOC, Moment, api_blueprint, idempotent, preload
from ecosystem.views.api.events import EventOut, event_json
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.events.messages import EVENTS, message
from ecosystem.views.events.pages import get_event

bp = api_blueprint("api_events_write", "events", description="Events run by their organisers")

TEXTS = ("title_en", "venue", "online_url", "description")
LOCAL_TIME = "ISO 8601; with an offset, or without one for Hồ Chí Minh City wall-clock time"


def managed_event(event_id: int):
    """The event, once the caller runs it: decided before the body is read."""
    return get_event(event_id, "events.manage")


class LocalMoment(fields.DateTime):
    """A time sent in ISO 8601: with an offset, or without one for Hồ Chí Minh City wall-clock time;
    years the calendar arithmetic cannot shift between zones are refused (422), not a 500."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {}).setdefault("description", LOCAL_TIME)
        super().__init__(validate=self.in_range, **kwargs)

    @staticmethod
    def in_range(value) -> None:
        if not 1970 <= value.year <= 9998:
            raise ValidationError("The year must be between 1970 and 9998.")


def not_blank(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be blank.")


class EventQuestionIn(Schema):
    text = fields.String(required=True, validate=[validate.Length(min=1, max=300), not_blank])
    required = fields.Boolean(load_default=False)


class EventIn(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(list(EVENT_KINDS)))
    title = fields.String(required=True, validate=[validate.Length(min=1, max=200), not_blank])
    title_en = fields.String(allow_none=True, validate=validate.Length(max=200))
    organiser_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1),
                                  metadata={"description": "an organisation the caller runs events for"})
    starts_at = LocalMoment(required=True)
    ends_at = LocalMoment(required=True)
    venue = fields.String(allow_none=True, validate=validate.Length(max=300))
    online_url = fields.String(allow_none=True, validate=validate.Length(max=500))
    capacity = fields.Integer(allow_none=True, validate=validate.Range(0, 100000),
                              metadata={"description": "null: no limit"})
    registration_opens_at = LocalMoment(allow_none=True)
    registration_closes_at = LocalMoment(allow_none=True)
    audience = fields.String(load_default="public", validate=validate.OneOf(list(EVENT_AUDIENCES)))
    description = fields.String(allow_none=True, validate=validate.Length(max=10000))
    sectors = fields.List(fields.String(validate=validate.Length(max=40)), validate=validate.Length(max=50),
                          metadata={"description": "sector codes"})
    questions = fields.List(fields.Nested(EventQuestionIn), validate=validate.Length(max=10))
    status = fields.String(load_default="draft", validate=validate.OneOf(("draft", "published")),
                           metadata={"description": "a new event is a draft unless published at once"})


class EventPatch(EventIn):
    kind = fields.String(validate=validate.OneOf(list(EVENT_KINDS)))
    title = fields.String(validate=[validate.Length(min=1, max=200), not_blank])
    organiser_id = fields.Integer(validate=validate.Range(1, 2**31 - 1))
    starts_at = LocalMoment()
    ends_at = LocalMoment()
    audience = fields.String(validate=validate.OneOf(list(EVENT_AUDIENCES)))
    status = fields.String(validate=validate.OneOf(("draft", "published")))


class EventQuestionOut(Schema):
    text = fields.String()
    required = fields.Boolean()


class EventDetailOut(EventOut):
    organiser_id = fields.Integer()
    online_url = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    registration_opens_at = Moment(allow_none=True)
    registration_closes_at = Moment(allow_none=True)
    questions = fields.List(fields.Nested(EventQuestionOut))


class EventSavedOut(EventDetailOut):
    promoted = fields.List(fields.Integer(), metadata={
        "description": "registrations moved from the waiting list by a larger capacity"})


def event_detail_json(event, promoted=()) -> dict:
    return {**event_json(event), "organiser_id": event.organiser_id, "online_url": event.online_url,
            "description": event.description, "registration_opens_at": event.registration_opens_at,
            "registration_closes_at": event.registration_closes_at,
            "questions": [{"text": q["text"], "required": bool(q.get("required"))} for q in event.questions or []],
            "promoted": [r.id for r in promoted]}


def wall_clock(moment):
    """The service takes Hồ Chí Minh City wall-clock time, as the form's fields give it."""
    return service.to_local(moment) if moment is not None and moment.tzinfo is not None else moment


def web_link(text: str | None) -> str | None:
    """A typed link as the form's WebUrl field keeps it; javascript:, data: and the like are refused."""
    text = (text or "").strip()
    if not text:
        return None
    url = normalise_web_url(text)
    if url is None:
        abort_problem(422, "unsafe_url", message("unsafe_url"))
    return url


def for_service(data: dict, event=None) -> dict:
    """The body as the form would hand it to the service: the organiser among the form's choices,
    texts trimmed, links normalised, sector codes to ids, times in local wall-clock time."""
    out = dict(data)
    if "organiser_id" in out and out["organiser_id"] not in {o.id for o in service.organisers_for(current_user, event)}:
        abort_problem(422, "not_your_org", message("not_your_org"))
    for name in TEXTS:
        if name in out:
            out[name] = (out[name] or "").strip() or None
    if "online_url" in out:
        out["online_url"] = web_link(out["online_url"])
    if "title" in out:
        out["title"] = out["title"].strip()
    for name in service.TIMES:
        if name in out:
            out[name] = wall_clock(out[name])
    if "sectors" in out:
        codes = {s.code: s.id for s in all_sectors()}
        unknown = sorted(set(out["sectors"]) - set(codes))
        if unknown:
            abort_problem(422, "unknown_sector", "Unknown sector codes: " + ", ".join(unknown))
        out["sectors"] = [codes[c] for c in out["sectors"]]
    if "questions" in out:
        out["questions"] = [{"text": q["text"].strip(), "required": q["required"]} for q in out["questions"]]
    return out


@bp.route("/events", methods=["POST"])
@guard("events.create")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(EventIn)
@bp.response(201, EventDetailOut)
def create_event(data):
    """Create an event for an organisation the caller runs (staff: any organiser); a draft by default."""
    if not service.organisers_for(current_user):
        abort_problem(422, "no_organiser", "You run no club or organisation that may hold events.")
    body = for_service(data)
    return event_detail_json(perform(lambda: service.create_event(body, current_user), EVENTS))


@bp.route("/events/<int:event_id>", methods=["PATCH"])
@guard("events.manage")
@preload(managed_event)
@bp.arguments(EventPatch)
@bp.response(200, EventSavedOut)
def edit_event(data, event_id: int):
    """Change the fields sent; a larger capacity confirms people from the waiting list, as on the page."""
    event = managed_event(event_id)
    body = for_service(data, event)
    promoted = perform(lambda: service.update_event(event, body, current_user), EVENTS)
    return event_detail_json(event, promoted)


@bp.route("/events/<int:event_id>/publish", methods=["POST"])
@guard("events.manage")
@preload(managed_event)
@bp.response(200, EventDetailOut)
def publish_event(event_id: int):
    """Make a draft public: the page's edit form with status 'published'."""
    event = managed_event(event_id)
    if event.status != "published":
        perform(lambda: service.update_event(event, {"status": "published"}, current_user), EVENTS)
    return event_detail_json(event)


@bp.route("/events/<int:event_id>/cancel", methods=["POST"])
@guard("events.manage")
@preload(managed_event)
@bp.response(200, EventDetailOut)
def cancel_event(event_id: int):
    """Call the event off: registrants are told; records are kept; cannot be undone."""
    event = managed_event(event_id)
    if event.status != "cancelled":
        perform(lambda: service.cancel_event(event, current_user), EVENTS)
    return event_detail_json(event)
