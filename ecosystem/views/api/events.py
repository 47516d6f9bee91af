"""JSON for events, registrations (with the waiting list), clubs and office hours: the pages' rules."""
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ecosystem.models.events import EVENT_KINDS, Event
from ecosystem.permissions import guard
from ecosystem.services.events import clubs as club_service
from ecosystem.services.events import lifecycle as service
from ecosystem.services.events import registration as reg
from ecosystem.services.events import office_hours as slots_service
from ecosystem.services.events.office_hours import open_slots
from ecosystem.services.privacy.consents import record_consent
from ecosystem.views.api.base import (IDEMPOTENCY_DOC, Moment, PageArgs, api_blueprint, idempotent, page_schema,
                                      paginate, preload)
from ecosystem.views.api.directory import OrgOut, label, org_json
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.events.messages import EVENTS, message
from ecosystem.views.events.office_hours import get_slot
from ecosystem.views.events.pages import get_event
from ecosystem.views.events.tickets import get_registration

bp = api_blueprint("api_events", "events", description="Events, registrations, clubs, office hours")


class EventOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    kind_label = fields.String(allow_none=True)
    title = fields.String()
    title_en = fields.String(allow_none=True)
    organiser = fields.String()
    starts_at = Moment()
    ends_at = Moment()
    venue = fields.String(allow_none=True)
    capacity = fields.Integer(allow_none=True)
    audience = fields.String()
    status = fields.String()
    sectors = fields.List(fields.String())


class EventFilters(PageArgs):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    kind = fields.String(load_default="", validate=validate.Length(max=40))
    sector = fields.String(load_default="", validate=validate.Length(max=40))
    organiser = fields.String(load_default="", validate=validate.Regexp(r"^\d{0,9}$"))
    audience = fields.String(load_default="", validate=validate.Length(max=40))
    when = fields.String(load_default="upcoming", validate=validate.OneOf(("upcoming", "past")))


class RegistrationOut(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    status = fields.String(metadata={"description": "confirmed, waiting or cancelled"})
    waiting_position = fields.Integer(allow_none=True)
    created_at = Moment()
    promoted_at = Moment(allow_none=True)


class RegistrationIn(Schema):
    startup_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1))
    answers = fields.List(fields.String(validate=validate.Length(max=2000)), load_default=list,
                          validate=validate.Length(max=50))


class SlotOut(Schema):
    id = fields.Integer()
    mentor_id = fields.Integer()
    starts_at = Moment()
    ends_at = Moment()
    place = fields.String(allow_none=True)
    booked = fields.Boolean()


class ClubArgs(Schema):
    q = fields.String(load_default="", validate=validate.Length(max=200))


class SlotArgs(Schema):
    mentor_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1))


def event_json(event: Event) -> dict:
    return {"id": event.id, "kind": event.kind, "kind_label": label(EVENT_KINDS, event.kind),
            "title": event.title, "title_en": event.title_en, "organiser": event.organiser.slug,
            "starts_at": event.starts_at, "ends_at": event.ends_at, "venue": event.venue,
            "capacity": event.capacity, "audience": event.audience, "status": event.status,
            "sectors": [s.code for s in event.sectors]}


def registration_json(registration) -> dict:
    return {"id": registration.id, "event_id": registration.event_id, "status": registration.status,
            "waiting_position": reg.waiting_position_of(registration),
            "created_at": registration.created_at, "promoted_at": registration.promoted_at}


def _drafts_of():
    if not current_user.is_authenticated or not current_user.managed_org_ids:
        return None
    return current_user.managed_org_ids


@bp.route("/events")
@guard("public")
@bp.etag
@bp.arguments(EventFilters, location="query", unknown="exclude")
@bp.response(200, page_schema(EventOut, "EventPage"))
def events(args):
    """Upcoming or past events, filtered like the events page (drafts only for their organisers)."""
    filters = {k: args[k] for k in ("q", "kind", "sector", "organiser", "audience")}
    return paginate(service.event_query(when=args["when"], include_drafts_of=_drafts_of(), **filters),
                    args, event_json)


@bp.route("/events/<int:event_id>")
@guard("events.view")
@bp.etag
@bp.response(200, EventOut)
def event(event_id: int):
    return event_json(get_event(event_id))


@bp.route("/events/<int:event_id>/registrations", methods=["POST"])
@guard("events.register")
@preload(lambda event_id: get_event(event_id, "events.register"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(RegistrationIn)
@bp.response(201, RegistrationOut)
def register(data, event_id: int):
    """Register the caller: confirmed while seats last, else on the waiting list (same rules as the page)."""
    event = get_event(event_id, "events.register")
    mine = reg.active_registration(event, current_user)
    if mine is not None:
        return registration_json(mine)
    refusal = reg.registration_refusal(event, current_user)
    if refusal is not None:
        abort_problem(422, refusal, str(message(refusal)))

    def register_with_consent():
        made = reg.register(event, current_user, startup_id=data["startup_id"],
                            answers=data["answers"])
        record_consent(current_user, "event_registration", "event_registration", ref_id=event.id)
        return made
    return registration_json(perform(register_with_consent, EVENTS))


@bp.route("/registrations")
@guard("authenticated")
@bp.etag
@bp.response(200, RegistrationOut(many=True))
def my_registrations():
    """The caller's own registrations (tickets and waiting-list places)."""
    return [registration_json(r) for r in reg.my_registrations(current_user)]


@bp.route("/registrations/<int:registration_id>")
@guard("events.registration")
@bp.etag
@bp.response(200, RegistrationOut)
def registration(registration_id: int):
    return registration_json(get_registration(registration_id))


@bp.route("/registrations/<int:registration_id>/cancel", methods=["POST"])
@guard("events.registration")
@bp.response(200, RegistrationOut)
def cancel(registration_id: int):
    """Cancel; the first on the waiting list is promoted, as on the page."""
    registration = get_registration(registration_id)
    perform(lambda: reg.cancel_registration(registration, current_user), EVENTS)
    return registration_json(registration)


@bp.route("/clubs")
@guard("public")
@bp.etag
@bp.arguments(ClubArgs, location="query", unknown="exclude")
@bp.response(200, OrgOut(many=True))
def clubs(args):
    return [org_json(c) for c in club_service.clubs(args["q"])]


@bp.route("/office-hours")
@guard("public")
@bp.etag
@bp.arguments(SlotArgs, location="query", unknown="exclude")
@bp.response(200, SlotOut(many=True))
def office_hours(args):
    """Mentors' open office-hour slots."""
    return [slot_json(s) for s in open_slots(args["mentor_id"])]


class BookingIn(Schema):
    startup_id = fields.Integer(required=True, validate=validate.Range(1, 2**31 - 1),
                                metadata={"description": "a startup the caller manages"})
    topic = fields.String(load_default=None, validate=validate.Length(max=300))


def slot_json(slot) -> dict:
    return {"id": slot.id, "mentor_id": slot.mentor_id, "starts_at": slot.starts_at, "ends_at": slot.ends_at,
            "place": slot.place, "booked": slot.booked_org_id is not None}


@bp.route("/office-hours/<int:slot_id>/booking", methods=["POST"])
@guard("office_hours.book")
@preload(lambda slot_id: get_slot(slot_id, "office_hours.book"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(BookingIn)
@bp.response(201, SlotOut)
def book(data, slot_id: int):
    """Book a mentor's slot for the caller's startup (no double booking, the page's notice rules)."""
    from ecosystem.extensions import db
    from ecosystem.models import Organisation
    slot = get_slot(slot_id, "office_hours.book")
    startup = db.session.get(Organisation, data["startup_id"])
    if startup is None:
        abort_problem(422, "not_your_startup", "startup_id is not one of your startups.")

    def book_with_consent():
        booked = slots_service.book_slot(slot, startup, current_user, data["topic"])
        record_consent(current_user, "office_hours", "office_hours", ref_id=slot.id)
        return booked
    return slot_json(perform(book_with_consent, EVENTS))


@bp.route("/office-hours/<int:slot_id>/cancel", methods=["POST"])
@guard("office_hours.change")
@bp.response(200, SlotOut)
def cancel_booking(slot_id: int):
    """Cancel a booking (the startup, the mentor or staff), as on the page."""
    slot = get_slot(slot_id, "office_hours.change")
    perform(lambda: slots_service.cancel_booking(slot, current_user), EVENTS)
    return slot_json(slot)
