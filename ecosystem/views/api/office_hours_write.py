"""JSON API of a mentor's own office hours: publish consecutive slots, withdraw one (the page's rules)."""
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ecosystem.permissions import guard
from ecosystem.services.events import office_hours as service
from ecosystem.views.api.base import IDEMPOTENCY_DOC, api_blueprint, idempotent, preload
from ecosystem.views.api.events import SlotOut, slot_json
from ecosystem.views.api.events_write import LOCAL_TIME, LocalMoment, wall_clock, web_link
from ecosystem.views.api.problems import perform
from ecosystem.views.events.messages import EVENTS
from ecosystem.views.events.office_hours import get_slot

bp = api_blueprint("api_office_hours_write", "events", description="Mentors publish and withdraw office hours")


class SlotsIn(Schema):
    starts_at = LocalMoment(required=True, metadata={"description": "the first slot's start; " + LOCAL_TIME})
    minutes = fields.Integer(load_default=30, validate=validate.Range(10, 240))
    count = fields.Integer(load_default=4, validate=validate.Range(1, 20),
                           metadata={"description": "consecutive slots"})
    place = fields.String(load_default=None, validate=validate.Length(max=300))
    online_url = fields.String(load_default=None, validate=validate.Length(max=500))
    note = fields.String(load_default=None, validate=validate.Length(max=2000))


class MySlotOut(SlotOut):
    withdrawn = fields.Boolean()


def my_slot_json(slot) -> dict:
    return {**slot_json(slot), "withdrawn": slot.withdrawn_at is not None}


@bp.route("/office-hours", methods=["POST"])
@guard("office_hours.publish")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(SlotsIn)
@bp.response(201, MySlotOut(many=True))
def publish(data):
    """Publish `count` consecutive slots of `minutes` for the caller's own mentor profile; not in the past,
    not overlapping the caller's other slots."""
    online_url = web_link(data["online_url"])
    slots = perform(lambda: service.publish_slots(
        current_user.person_id, wall_clock(data["starts_at"]), data["minutes"], data["count"], current_user,
        place=(data["place"] or "").strip() or None, online_url=online_url,
        note=data["note"]), EVENTS)
    return [my_slot_json(s) for s in slots]


@bp.route("/office-hours/<int:slot_id>/withdraw", methods=["POST"])
@guard("office_hours.withdraw")
@preload(lambda slot_id: get_slot(slot_id, "office_hours.withdraw", withdrawn_ok=True))
@bp.response(200, MySlotOut)
def withdraw(slot_id: int):
    """Take a slot back; as on the page, a startup that had booked it loses the booking and is told."""
    slot = get_slot(slot_id, "office_hours.withdraw", withdrawn_ok=True)
    if slot.withdrawn_at is None:
        perform(lambda: service.withdraw_slot(slot, current_user), EVENTS)
    return my_slot_json(slot)
