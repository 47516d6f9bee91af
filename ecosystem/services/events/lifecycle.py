"""Events: create, edit, cancel, list and export to calendars; times in UTC, entered in local time."""
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import and_, or_, select

from ecosystem.clock import local_today
from ecosystem.clock import LOCAL_TZ
from ecosystem.extensions import db
from ecosystem.models import Event, Organisation, Relationship, Sector
from ecosystem.models.accounts import is_staff
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.events.ical import IcsEvent, event_ics, feed_ics, to_utc
from ecosystem.text import fold
from ecosystem.validators import is_web_url, parse_int

ORGANISER_KINDS = ("club", "incubator", "accelerator", "coworking", "government", "support_org",
                   "university", "research_institute", "fablab")
MEMBER_KINDS = ("club_member", "member", "employee", "founder", "resident")
FIELDS = ("kind", "title", "title_en", "venue", "online_url", "capacity", "audience", "description",
          "status")
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=timezone.utc)
TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class EventError(DomainError):
    """A refusal with a code (see views' messages) and the field it belongs to."""


def from_local(moment: datetime | None) -> datetime | None:
    """A wall-clock time typed in Hồ Chí Minh City → an aware UTC instant."""
    if moment is None:
        return None
    return to_utc(moment, LOCAL_TZ.key)


def to_local(moment: datetime | None) -> datetime | None:
    """A stored instant → naive local wall-clock time (for form fields and day grouping)."""
    if moment is None:
        return None
    return as_utc(moment).astimezone(LOCAL_TZ).replace(tzinfo=None)


def organiser_choices(user) -> list[Organisation]:
    """Organisations this user may run events for: all organisers for staff, else those they manage."""
    query = select(Organisation).where(Organisation.kind.in_(ORGANISER_KINDS),
                                       Organisation.status != "archived").order_by(Organisation.name)
    if not is_staff(user):
        query = query.where(Organisation.id.in_(user.managed_org_ids or {-1}))
    return list(db.session.scalars(query))


def organisers_for(user, event: Event | None = None) -> list[Organisation]:
    """Who may be named organiser in the form: the user's choices, plus an edited event's own organiser."""
    organisers = organiser_choices(user)
    if event is not None and event.organiser_id not in {o.id for o in organisers}:
        organisers.insert(0, event.organiser)
    return organisers


def _check(event: Event) -> None:
    starts, ends = as_utc(event.starts_at), as_utc(event.ends_at)
    if ends <= starts:
        raise EventError("ends_before_start", field="ends_at")
    opens, closes = as_utc(event.registration_opens_at), as_utc(event.registration_closes_at)
    if opens and closes and closes <= opens:
        raise EventError("window_order", field="registration_closes_at")
    if closes and closes > starts:
        raise EventError("closes_after_start", field="registration_closes_at")
    if not event.venue and not event.online_url:
        raise EventError("needs_place", field="venue")
    if event.online_url and not is_web_url(event.online_url):
        raise EventError("unsafe_url", field="online_url")


def _apply(event: Event, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            setattr(event, name, data[name])
    for name in TIMES:
        if name in data:
            setattr(event, name, from_local(data[name]))
    if "organiser_id" in data:
        event.organiser_id = data["organiser_id"]
    if "questions" in data:
        event.questions = [q for q in data["questions"] if q.get("text")]
    if "sectors" in data:
        ids = data["sectors"] or []
        event.sectors = list(db.session.scalars(select(Sector).where(Sector.id.in_(ids)))) if ids else []


def create_event(data: dict, actor) -> Event:
    """A new event from form data (times in local wall-clock time)."""
    event = Event(created_by_id=actor.id if actor else None, questions=[])
    _apply(event, data)
    _check(event)
    db.session.add(event)
    db.session.flush()
    log_action(actor.id if actor else None, "event.create", "event", event.id, title=event.title)
    return event


def update_event(event: Event, data: dict, actor) -> list:
    """Save changes; a larger capacity promotes the waiting list. Returns the promoted registrations."""
    from ecosystem.services.events.registration import apply_capacity
    if event.status == "cancelled" and data.get("status", "cancelled") != "cancelled":
        raise EventError("event_cancelled", field="status")  # cancelling cannot be undone
    _apply(event, {k: v for k, v in data.items() if k != "capacity"})
    _check(event)  # before any promotion is announced
    promoted = apply_capacity(event, data.get("capacity", event.capacity), actor)
    log_action(actor.id if actor else None, "event.update", "event", event.id)
    db.session.flush()
    return promoted


def cancel_event(event: Event, actor) -> None:
    """Call the event off; registrants are told, records are kept."""
    from ecosystem.services.events.registration import notify_event_cancelled
    event.status = "cancelled"
    log_action(actor.id if actor else None, "event.cancel", "event", event.id)
    notify_event_cancelled(event)
    db.session.flush()


def event_query(q: str = "", kind: str = "", organiser: str = "", sector: str = "",
                when: str = "upcoming", audience: str = "", include_drafts_of=None,
                start: date | None = None, end: date | None = None):
    """Filterable list: upcoming (soonest first) or past (latest first), or a date range."""
    query = select(Event)
    visible = Event.status != "draft"
    if include_drafts_of is not None:
        visible = or_(visible, Event.organiser_id.in_(include_drafts_of or {-1}))
    query = query.where(visible)
    if q:
        query = query.where(Event.search_key.contains(fold(q)))
    if kind:
        query = query.where(Event.kind == kind)
    if audience:
        query = query.where(Event.audience == audience)
    if parse_int(organiser) is not None:
        query = query.where(Event.organiser_id == parse_int(organiser))
    if sector:
        query = query.where(Event.sectors.any(Sector.code == sector))
    now = utcnow()
    if start is not None or end is not None:
        if start is not None:
            query = query.where(Event.ends_at >= from_local(datetime.combine(start, time.min)))
        if end is not None:
            query = query.where(Event.starts_at < from_local(datetime.combine(end, time.min)))
        return query.order_by(Event.starts_at, Event.id)
    if when == "past":
        return query.where(Event.ends_at < now).order_by(Event.starts_at.desc(), Event.id.desc())
    return query.where(Event.ends_at >= now).order_by(Event.starts_at, Event.id)


def is_member(user, organiser: Organisation) -> bool:
    """Managing the organiser, or an active membership-like tie to it (the person or their startup)."""
    if not user.is_authenticated:
        return False
    if organiser.id in user.managed_org_ids:
        return True
    sources = []
    if user.person_id:
        sources.append(Relationship.source_person_id == user.person_id)
    if user.managed_org_ids:
        sources.append(Relationship.source_org_id.in_(user.managed_org_ids))
    if not sources:
        return False
    found = db.session.scalar(select(Relationship.id).where(
        Relationship.target_org_id == organiser.id, Relationship.kind.in_(MEMBER_KINDS),
        or_(Relationship.ended_on.is_(None), Relationship.ended_on >= local_today()),
        or_(*sources)).limit(1))
    return found is not None


def _ics_event(event: Event, base_url: str, locale: str) -> IcsEvent:
    host = base_url.split("//", 1)[-1].split("/", 1)[0] or "ecosystem"
    place = ", ".join(p for p in (event.venue, event.online_url) if p)
    return IcsEvent(
        uid=f"event-{event.id}@{host}", starts_at=as_utc(event.starts_at), ends_at=as_utc(event.ends_at),
        summary=event.display_title(locale), description=event.description, location=place or None,
        url=f"{base_url}/events/{event.id}",
        status="CANCELLED" if event.status == "cancelled" else "CONFIRMED",
        sequence=_sequence(event),
    )


def _sequence(event: Event) -> int:
    """RFC 5545 SEQUENCE must grow with each change: minutes since 2020 of the last update."""
    changed = as_utc(event.updated_at or event.created_at) or utcnow()
    return max(0, int((changed - SEQUENCE_EPOCH).total_seconds()) // 60)


def event_calendar_file(event: Event, locale: str = "vi") -> str:
    """The .ics of one event, for 'add to my calendar'."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return event_ics(_ics_event(event, base, locale), dtstamp=utcnow(), local_tz=LOCAL_TZ.key)


def club_feed(club: Organisation, locale: str = "vi", past_days: int = 180) -> str:
    """A subscribable feed of one organiser's published events (recent past and future)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    since = utcnow() - timedelta(days=past_days)
    events = db.session.scalars(select(Event).where(
        Event.organiser_id == club.id, Event.status != "draft", Event.ends_at >= since)
        .order_by(Event.starts_at))
    return feed_ics([_ics_event(e, base, locale) for e in events], dtstamp=utcnow(),
                    name=club.display_name(locale), local_tz=LOCAL_TZ.key)


def month_events(year: int, month: int, **filters) -> dict[date, list[Event]]:
    """Events of a month grouped by local day (an event spanning days shows on each)."""
    first = date(year, month, 1)
    after = date(year + (month == 12), month % 12 + 1, 1)
    by_day: dict[date, list[Event]] = {}
    for event in db.session.scalars(event_query(start=first, end=after, **filters)):
        day, last = to_local(event.starts_at).date(), to_local(event.ends_at - timedelta(seconds=1)).date()
        while day <= last:
            if first <= day < after:
                by_day.setdefault(day, []).append(event)
            day += timedelta(days=1)
    return by_day


def upcoming_of(org_id: int, limit: int = 10) -> list[Event]:
    return list(db.session.scalars(select(Event).where(
        and_(Event.organiser_id == org_id, Event.status == "published", Event.ends_at >= utcnow()))
        .order_by(Event.starts_at).limit(limit)))
