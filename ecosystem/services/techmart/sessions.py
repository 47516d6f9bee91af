"""Techmart sessions: an Event with exhibitors' booths and a grid of 1:1 meeting slots. A slot is
claimed by one atomic UPDATE (as office hours are), and the unique keys on (booth, start) and
(session, visitor, start) forbid double booking of either side even under concurrent requests."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import Event, Organisation, TechDeal, TechmartBooth, TechmartSession, TechmartSlot, TechOffer
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.events.lifecycle import create_event
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.settings import setting
from ecosystem.services.techmart.contacts import org_users
from ecosystem.services.techmart.pipeline import SIGNED, TechmartError

EVENT_KIND = "networking"  # a Techmart is a networking event in the events calendar


def create_session(data: dict, actor) -> TechmartSession:
    """The Event (times in local wall-clock time, online or at a venue) and its Techmart settings."""
    minutes = int(data.get("meeting_minutes") or setting("techmart.meeting_minutes_default"))
    if minutes <= 0:
        raise TechmartError("bad_minutes", "meeting_minutes")
    fields = ("title", "organiser_id", "starts_at", "ends_at", "online_url", "venue", "description")
    event = create_event({"kind": EVENT_KIND, "audience": "public", "status": "published",
                          **{k: data.get(k) for k in fields}}, actor)
    session = TechmartSession(event_id=event.id, meeting_minutes=minutes)
    db.session.add(session)
    db.session.flush()
    log_action(actor.id, "techmart.session.create", "techmart_session", session.id)
    return session


def add_booth(session: TechmartSession, exhibitor: Organisation, offers: list[TechOffer], capacity: int,
              actor) -> TechmartBooth:
    """A booth showing the exhibitor's offers, with `capacity` consecutive meeting slots from the start."""
    if any(o.organisation_id != exhibitor.id for o in offers) or not offers:
        raise TechmartError("offers_of_exhibitor", "offers")
    start, end = as_utc(session.event.starts_at), as_utc(session.event.ends_at)
    length = timedelta(minutes=session.meeting_minutes)
    fits = int((end - start) / length)
    if not 1 <= capacity <= min(fits, setting("techmart.booth_capacity_max")):
        raise TechmartError("capacity_range", "capacity")
    if db.session.scalar(select(TechmartBooth.id).where(TechmartBooth.session_id == session.id,
                                                        TechmartBooth.organisation_id == exhibitor.id)):
        raise TechmartError("booth_exists", "organisation")
    booth = TechmartBooth(session_id=session.id, organisation_id=exhibitor.id, offers=offers)
    db.session.add(booth)
    db.session.flush()
    db.session.add_all(TechmartSlot(session_id=session.id, booth_id=booth.id, starts_at=start + length * i,
                                    ends_at=start + length * (i + 1)) for i in range(capacity))
    db.session.flush()
    log_action(actor.id, "techmart.booth.add", "techmart_booth", booth.id, capacity=capacity)
    return booth


def book_slot(slot: TechmartSlot, visitor: Organisation, user, demand_id: int | None = None,
              now: datetime | None = None, on_behalf: bool = False) -> TechmartSlot:
    """Claim a slot for a visiting enterprise; of two simultaneous bookings exactly one UPDATE wins,
    and a visitor already meeting someone at that time is refused by the unique key."""
    if as_utc(slot.starts_at) <= (now or utcnow()):
        raise TechmartError("slot_past")
    if visitor.id == slot.booth.organisation_id:
        raise TechmartError("own_booth")
    if not on_behalf and visitor.id not in user.managed_org_ids:
        raise TechmartError("not_your_org")
    if visitor_busy(slot, visitor.id):
        raise TechmartError("visitor_busy")
    try:
        with db.session.begin_nested():
            claimed = db.session.execute(
                update(TechmartSlot).where(TechmartSlot.id == slot.id, TechmartSlot.visitor_org_id.is_(None))
                .values(visitor_org_id=visitor.id, demand_id=demand_id, booked_by_id=user.id,
                        booked_at=now or utcnow())
                .execution_options(synchronize_session=False))
    except IntegrityError:
        raise TechmartError("visitor_busy") from None
    if claimed.rowcount != 1:
        raise TechmartError("slot_taken")
    db.session.refresh(slot)
    log_action(user.id, "techmart.slot.book", "techmart_slot", slot.id, visitor=visitor.id)
    params = {"org": visitor.name}
    notify(org_users(slot.booth.organisation_id), "techmart.meeting",
           lambda: (_l("Lịch gặp mới tại Techmart"), _l("%(org)s đã đặt lịch gặp tại gian hàng của bạn.") % params),
           link=f"/techmart/sessions/{slot.session_id}")
    return slot


def visitor_busy(slot: TechmartSlot, visitor_id: int) -> bool:
    return bool(db.session.scalar(select(TechmartSlot.id).where(
        TechmartSlot.session_id == slot.session_id, TechmartSlot.visitor_org_id == visitor_id,
        TechmartSlot.starts_at == slot.starts_at)))


def cancel_slot(slot: TechmartSlot, actor, now: datetime | None = None) -> None:
    """Free a booked slot before it starts (the visitor, the exhibitor or an officer)."""
    if slot.visitor_org_id is None or slot.held:
        raise TechmartError("not_booked")
    if as_utc(slot.starts_at) <= (now or utcnow()):
        raise TechmartError("slot_past")
    visitor = slot.visitor_org_id
    slot.visitor_org_id = slot.demand_id = slot.booked_by_id = slot.booked_at = None
    db.session.flush()
    log_action(actor.id, "techmart.slot.cancel", "techmart_slot", slot.id, visitor=visitor)


def mark_held(slot: TechmartSlot, actor) -> None:
    """The meeting took place (recorded by the exhibitor or an officer)."""
    if slot.visitor_org_id is None:
        raise TechmartError("not_booked")
    slot.held = True
    db.session.flush()
    log_action(actor.id, "techmart.slot.held", "techmart_slot", slot.id)


def meetings_of(org_ids) -> list[TechmartSlot]:
    """Booked slots where one of the organisations visits or exhibits, by time."""
    ids = list(org_ids or [])
    if not ids:
        return []
    return list(db.session.scalars(
        select(TechmartSlot).join(TechmartBooth, TechmartBooth.id == TechmartSlot.booth_id)
        .where(TechmartSlot.visitor_org_id.is_not(None),
               (TechmartSlot.visitor_org_id.in_(ids)) | (TechmartBooth.organisation_id.in_(ids)))
        .order_by(TechmartSlot.starts_at)))


def session_report(session: TechmartSession) -> dict:
    """Meetings booked and held, deals started at the session, contracts signed and their value."""
    slots = list(db.session.scalars(select(TechmartSlot).where(TechmartSlot.session_id == session.id)))
    deals = list(db.session.scalars(select(TechDeal).where(TechDeal.session_id == session.id)))
    signed = [d for d in deals if d.state in SIGNED]
    per_booth = {b.id: {"booth": b, "booked": 0, "held": 0, "slots": 0} for b in session.booths}
    for slot in slots:
        row = per_booth[slot.booth_id]
        row["slots"] += 1
        row["booked"] += slot.visitor_org_id is not None
        row["held"] += slot.held
    return {"slots": len(slots), "booked": sum(s.visitor_org_id is not None for s in slots),
            "held": sum(s.held for s in slots), "deals": len(deals), "contracts": len(signed),
            "contract_value": sum(d.contract_value_vnd or 0 for d in signed),
            "booths": list(per_booth.values()), "deal_rows": deals}


def sessions() -> list[TechmartSession]:
    return list(db.session.scalars(select(TechmartSession).join(Event, Event.id == TechmartSession.event_id)
                                   .order_by(Event.starts_at.desc())))
