"""Register, cancel and promote: the pure rules of event_rules applied under a lock on the event row.

PostgreSQL: SELECT … FOR UPDATE on the event serialises registrations of one event. SQLite: every
write transaction begins IMMEDIATE (see setup.py), which serialises all writers. Either way the
count of confirmed places is read and written by one transaction at a time.
"""
from flask import current_app
from flask_babel import format_datetime, gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from ecosystem.extensions import db
from ecosystem.models import Event, EventInvitation, Organisation, Registration, User
from ecosystem.models.accounts import is_staff
from ecosystem.models.base import as_utc, utcnow
from ecosystem.services.events import capacity_rules as rules
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.events.lifecycle import EventError, is_member
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.mail import Attachment
from ecosystem.services.events.qr import format_checkin_code, new_checkin_code, qr_png
from ecosystem.services.api import webhooks


class RegistrationError(DomainError):
    """A refused registration or cancellation, with a reason code."""


def ticket_link(registration: Registration) -> str:
    return f"/events/registrations/{registration.id}"


def lock_event(event_id: int) -> Event:
    """The event row, locked until commit (PostgreSQL) and re-read so counts are current."""
    return db.session.execute(
        select(Event).where(Event.id == event_id).options(lazyload(Event.organiser))
        .with_for_update().execution_options(populate_existing=True)).scalar_one()


def rule_rows(event_id: int) -> list[rules.Registration]:
    """Online registrations as the pure model sees them; walk-ins are admitted outside capacity."""
    rows = db.session.execute(select(Registration.id, Registration.user_id, Registration.status).where(
        Registration.event_id == event_id, Registration.walk_in.is_(False),
        Registration.status != "cancelled"))
    return [rules.Registration(key=rid, registrant=uid or f"r{rid}", status=status, order=rid)
            for rid, uid, status in rows]


def is_invited(user, event: Event) -> bool:
    if not user.is_authenticated:
        return False
    return db.session.scalar(select(EventInvitation.id).where(
        EventInvitation.event_id == event.id, EventInvitation.email == user.email.lower())) is not None


def is_organiser(user, event: Event) -> bool:
    return is_staff(user) or (user.is_authenticated and event.organiser_id in user.managed_org_ids)


def registration_refusal(event: Event, user, now=None) -> str | None:
    """Why this user may not register now, or None: status, window, then audience."""
    now = now or utcnow()
    if event.status != "published":
        return "event_not_open"
    refusal = rules.registration_window_refusal(
        now, as_utc(event.starts_at), as_utc(event.registration_opens_at),
        as_utc(event.registration_closes_at))
    if refusal:
        return refusal
    return rules.audience_refusal(event.audience, is_member=is_member(user, event.organiser),
                                  is_invited=is_invited(user, event),
                                  is_organiser=is_organiser(user, event))


def startup_choices(user) -> list[Organisation]:
    """The startups a user may say they represent: the ones they manage."""
    if not user.managed_org_ids:
        return []
    return list(db.session.scalars(select(Organisation).where(
        Organisation.id.in_(user.managed_org_ids), Organisation.kind == "startup")
        .order_by(Organisation.name)))


def active_registration(event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return db.session.scalar(select(Registration).where(
        Registration.event_id == event.id, Registration.active_user_id == user.id))


def _answers(event: Event, answers: list[str]) -> list[dict]:
    result = []
    for index, question in enumerate(event.questions or []):
        answer = (answers[index] if index < len(answers) else "") or ""
        if question.get("required") and not answer.strip():
            raise RegistrationError("answer_required")
        result.append({"q": question["text"], "a": answer.strip()[:2000]})
    return result


def register(event: Event, user: User, *, startup_id: int | None = None, answers=(), now=None
             ) -> Registration:
    """Confirm or queue one account for an event; safe when many register at the same moment."""
    refusal = registration_refusal(event, user, now)
    if refusal:
        raise RegistrationError(refusal)
    if startup_id is not None and startup_id not in {o.id for o in startup_choices(user)}:
        raise RegistrationError("not_your_startup")
    stored_answers = _answers(event, list(answers))
    event = lock_event(event.id)
    decision = rules.decide_registration(event.capacity, rule_rows(event.id), user.id)
    if decision.status == rules.REFUSED:
        raise RegistrationError(decision.reason)
    person = user.person
    registration = Registration(
        event_id=event.id, user_id=user.id, active_user_id=user.id, person_id=user.person_id,
        startup_id=startup_id, name=person.full_name if person else user.email, email=user.email,
        status=decision.status, answers=stored_answers, checkin_code=new_checkin_code())
    try:
        with db.session.begin_nested():
            db.session.add(registration)
    except IntegrityError:  # the same account in a parallel request: the unique key said no
        raise RegistrationError(rules.ALREADY_REGISTERED) from None
    log_action(user.id, "event.register", "event", event.id, registration=registration.id,
               status=decision.status)
    _tell_registered(registration, decision.waiting_position)
    if registration.status == "confirmed":
        _emit(registration, "events.registration.confirmed")
    return registration


def _emit(registration: Registration, event_code: str) -> None:
    """Tell the organiser's (and the startup's) webhooks; no personal data beyond ids."""
    webhooks.emit(event_code, {"registration_id": registration.id, "event_id": registration.event_id,
                               "startup_id": registration.startup_id, "status": registration.status},
                  [registration.event.organiser_id, registration.startup_id])


def cancel_registration(registration: Registration, actor, now=None) -> Registration | None:
    """Give the place back; the first in the queue gets it and is told. Returns who was promoted."""
    now = now or utcnow()
    event = lock_event(registration.event_id)
    db.session.refresh(registration)
    if registration.status == "cancelled":
        return None
    if registration.checked_in_at is not None:
        raise RegistrationError("already_checked_in")
    if as_utc(event.ends_at) <= now:
        raise RegistrationError("event_over")
    promoted_rule = (None if registration.walk_in
                     else rules.on_cancel(event.capacity, rule_rows(event.id), registration.id))
    registration.status, registration.active_user_id = "cancelled", None
    registration.cancelled_at = now
    log_action(actor.id if actor else None, "event.cancel_registration", "event", event.id,
               registration=registration.id)
    promoted = None
    if promoted_rule is not None:
        promoted = db.session.get(Registration, promoted_rule.key)
        _promote(promoted, now)
    db.session.flush()
    return promoted


def apply_capacity(event: Event, capacity: int | None, actor, now=None) -> list[Registration]:
    """Change capacity: never below the confirmed count; a rise promotes the queue in order."""
    locked = lock_event(event.id)
    rows = rule_rows(locked.id)
    if rules.capacity_change_refusal(capacity, rows):
        raise EventError(rules.CAPACITY_BELOW_CONFIRMED, field="capacity")
    locked.capacity = capacity
    promoted = []
    for rule_row in rules.fill_free_places(capacity, rows):
        registration = db.session.get(Registration, rule_row.key)
        _promote(registration, now or utcnow())
        promoted.append(registration)
    return promoted


def _promote(registration: Registration, now) -> None:
    registration.status, registration.promoted_at = "confirmed", now
    log_action(None, "event.promote", "event", registration.event_id, registration=registration.id)
    event = registration.event
    _emit(registration, "events.registration.promoted")

    def compose():
        return (_("Bạn đã có chỗ: %(title)s", title=event.title),
                _("Một chỗ vừa trống và bạn được chuyển từ danh sách chờ sang đã xác nhận cho sự "
                  "kiện %(title)s lúc %(when)s. Mã check-in của bạn: %(code)s.",
                  title=event.title, when=when_text(event),
                  code=format_checkin_code(registration.checkin_code)))
    _notify_owner(registration, "events.promoted", compose)


def when_text(event: Event) -> str:
    return format_datetime(as_utc(event.starts_at), "HH:mm dd/MM/yyyy")


def scan_url(registration: Registration) -> str:
    """What the ticket's QR code holds: the check-in desk's scan page for this code."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/events/scan/{registration.checkin_code}"


def _notify_owner(registration: Registration, kind: str, compose) -> None:
    """Tell the registrant, with the ticket's QR code attached to the e-mail when they have a place."""
    if registration.user_id:
        attachments = None
        user = db.session.get(User, registration.user_id)
        if registration.status == "confirmed":
            from ecosystem.services.events.lifecycle import event_calendar_file
            attachments = [Attachment(f"ve-{registration.checkin_code}.png", "image/png",
                                      qr_png(scan_url(registration))),
                           Attachment(f"event-{registration.event_id}.ics", "text/calendar",
                                      event_calendar_file(registration.event, user.locale or "vi")
                                      .encode("utf-8"))]
        notify([user], kind, compose,
               link=ticket_link(registration), attachments=attachments)


def _tell_registered(registration: Registration, position: int | None) -> None:
    event = registration.event
    code = format_checkin_code(registration.checkin_code)
    place = ", ".join(p for p in (event.venue, event.online_url) if p)
    if registration.status == "confirmed":
        def compose():
            return (_("Đã xác nhận chỗ: %(title)s", title=event.title),
                    _("Bạn đã đăng ký thành công sự kiện %(title)s lúc %(when)s tại %(place)s. "
                      "Mã check-in của bạn: %(code)s — xuất trình mã QR trên trang vé (đường dẫn "
                      "bên dưới) hoặc đọc mã này tại bàn check-in.",
                      title=event.title, when=when_text(event), place=place, code=code))
        _notify_owner(registration, "events.confirmed", compose)
    else:
        def compose():
            return (_("Bạn đang ở danh sách chờ: %(title)s", title=event.title),
                    _("Sự kiện %(title)s đã hết chỗ. Bạn đứng thứ %(n)s trong danh sách chờ; khi có "
                      "người huỷ, hệ thống tự động chuyển bạn sang đã xác nhận và báo cho bạn.",
                      title=event.title, n=position))
        _notify_owner(registration, "events.waiting", compose)


def notify_event_cancelled(event: Event) -> None:
    registrations = db.session.scalars(select(Registration).where(
        Registration.event_id == event.id, Registration.status != "cancelled",
        Registration.user_id.is_not(None)))

    def compose():
        return (_("Sự kiện đã bị huỷ: %(title)s", title=event.title),
                _("Ban tổ chức đã huỷ sự kiện %(title)s dự kiến lúc %(when)s. Xin lỗi vì sự bất tiện.",
                  title=event.title, when=when_text(event)))
    users = [r.user for r in registrations]
    notify(users, "events.cancelled", compose, link=f"/events/{event.id}")


def waiting_position_of(registration: Registration) -> int | None:
    if registration.status != "waiting":
        return None
    return rules.waiting_position(rule_rows(registration.event_id), registration.id)


def counts(event_id: int) -> dict:
    """Confirmed, waiting, checked-in and walk-in numbers for the desk and the event page."""
    rows = db.session.execute(select(Registration.status, Registration.walk_in,
                                     Registration.checked_in_at).where(
        Registration.event_id == event_id, Registration.status != "cancelled")).all()
    return {
        "confirmed": sum(1 for s, w, _c in rows if s == "confirmed" and not w),
        "waiting": sum(1 for s, _w, _c in rows if s == "waiting"),
        "checked_in": sum(1 for _s, _w, c in rows if c is not None),
        "walk_ins": sum(1 for _s, w, _c in rows if w),
    }


def my_registrations(user) -> list[Registration]:
    return list(db.session.scalars(select(Registration).join(Event).where(
        Registration.user_id == user.id).order_by(Event.starts_at.desc())))
