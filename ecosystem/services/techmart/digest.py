"""The monthly Techmart digest: one edition (yyyy-mm) lists the month's new offers and demands, the
upcoming Techmart sessions and the results (sessions held, contracts signed). A public page shows
it (demands only to signed-in readers); the scheduler mails it once per edition to each person who
opted in (a consent, purpose techmart_digest), in their language, through the outbox."""
from __future__ import annotations

import re
from datetime import date, datetime, time

from flask_babel import force_locale, gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ecosystem.clock import LOCAL_TZ, local_today
from ecosystem.extensions import db
from ecosystem.formatting import format_vnd
from ecosystem.models import DigestSend, Event, TechDeal, TechDemand, TechmartSession, TechOffer, User
from ecosystem.models.privacy import Consent
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.mail import public_url, send_mail
from ecosystem.services.platform.settings import setting
from ecosystem.services.privacy.consents import active_purposes, record_consent, withdraw_purpose
from ecosystem.services.techmart.pipeline import SIGNED, TechmartError
from ecosystem.services.techmart.sessions import session_report

PURPOSE = "techmart_digest"
EDITION = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def edition_bounds(edition: str) -> tuple[datetime, datetime]:
    """The edition's month as [start, end) instants in local time; TechmartError when malformed."""
    found = EDITION.match(edition or "")
    if not found:
        raise TechmartError("edition_unknown")
    year, month = int(found[1]), int(found[2])
    nxt = (year + (month == 12), month % 12 + 1)
    return (datetime.combine(date(year, month, 1), time(0), LOCAL_TZ),
            datetime.combine(date(*nxt, 1), time(0), LOCAL_TZ))


def edition_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def previous_edition(today: date | None = None) -> str:
    """The month before today's: the edition mailed on the first days of a month."""
    today = today or local_today()
    return edition_of(date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1))


def digest_content(edition: str, *, with_demands: bool) -> dict:
    """What the edition shows; demands only when the reader may see them."""
    start, end = edition_bounds(edition)
    limit = int(setting("techmart.digest_items"))
    offers = list(db.session.scalars(select(TechOffer).where(
        TechOffer.status == "published", TechOffer.created_at >= start, TechOffer.created_at < end)
        .order_by(TechOffer.created_at.desc(), TechOffer.id.desc()).limit(limit)))
    demands = list(db.session.scalars(select(TechDemand).where(
        TechDemand.status == "open", TechDemand.created_at >= start, TechDemand.created_at < end)
        .order_by(TechDemand.created_at.desc(), TechDemand.id.desc()).limit(limit))) if with_demands else []
    techmarts = select(TechmartSession).join(Event, Event.id == TechmartSession.event_id).where(
        Event.status == "published")
    upcoming = list(db.session.scalars(techmarts.where(Event.starts_at >= end).order_by(Event.starts_at).limit(limit)))
    held = list(db.session.scalars(techmarts.where(Event.starts_at >= start, Event.starts_at < end)
                                   .order_by(Event.starts_at)))
    signed = list(db.session.scalars(select(TechDeal).where(
        TechDeal.state.in_(SIGNED), TechDeal.contract_date >= start.date(), TechDeal.contract_date < end.date())))
    return {"edition": edition, "offers": offers, "demands": demands, "with_demands": with_demands,
            "upcoming": upcoming, "held": [(s, session_report(s)) for s in held],
            "contracts": len(signed), "contract_value": sum(d.contract_value_vnd or 0 for d in signed)}


def subscribed(user) -> bool:
    return user.is_authenticated and PURPOSE in active_purposes(user)


def set_subscription(user, wanted: bool) -> bool:
    """Opt in (a consent recorded under the notice in force) or out (the consent withdrawn)."""
    if wanted == subscribed(user):
        return False
    if wanted:
        record_consent(user, PURPOSE, "techmart_digest")
        log_action(user.id, "techmart.digest.subscribe", "user", user.id)
    else:
        withdraw_purpose(user, PURPOSE)
    return True


def subscribers() -> list[User]:
    """Active accounts with a live digest consent (given on the account or on its person)."""
    live = select(Consent).where(Consent.purpose == PURPOSE, Consent.withdrawn_at.is_(None),
                                 (Consent.user_id == User.id) | ((Consent.person_id == User.person_id)
                                                                 & User.person_id.is_not(None))).exists()
    return list(db.session.scalars(select(User).where(User.active.is_(True), live).order_by(User.id)))


def _lines(title: str, rows: list[str]) -> list[str]:
    return [title, *[f"- {row}" for row in rows], ""] if rows else []


def compose(content: dict, locale: str) -> tuple[str, str]:
    """Subject and plain-text body in the recipient's language (called under force_locale)."""
    edition = content["edition"]
    link = public_url("techmart_digest.page", edition=edition)
    subject = _("Bản tin Chợ công nghệ tháng %(edition)s", edition=edition)
    body = [subject, ""]
    body += _lines(_("Công nghệ mới chào bán"), [
        f"{o.title} — {o.organisation.display_name(locale)} (TRL {o.trl}): "
        f"{public_url('techmart.offer', offer_id=o.id)}" for o in content["offers"]])
    body += _lines(_("Nhu cầu công nghệ mới"), [
        f"{d.title} — {d.organisation.display_name(locale)}: {public_url('techmart_demands.detail', demand_id=d.id)}"
        for d in content["demands"]])
    body += _lines(_("Phiên Techmart sắp tới"), [
        f"{s.event.starts_at.astimezone(LOCAL_TZ).strftime('%d/%m/%Y')} {s.event.title}: "
        f"{public_url('techmart_sessions.detail', session_id=s.id)}" for s in content["upcoming"]])
    body += _lines(_("Kết quả"), [
        _("%(title)s: %(held)s buổi gặp, %(deals)s thương vụ khởi động", title=s.event.title, held=r["held"],
          deals=r["deals"]) for s, r in content["held"]]
        + [_("%(n)s hợp đồng chuyển giao đã ký, tổng giá trị %(value)s", n=content["contracts"],
             value=format_vnd(content["contract_value"]))])
    body += [_("Xem bản tin: %(link)s", link=link),
             _("Bạn nhận thư này vì đã đăng ký nhận bản tin. Huỷ đăng ký: %(link)s",
               link=public_url("techmart_digest.subscription"))]
    return subject, "\n".join(body)


def may_see_demands(user) -> bool:
    """Demands are for signed-in people (policy techmart.demand.list): any active account."""
    return bool(user is not None and user.active)


def send_edition(edition: str) -> int:
    """Mail the edition to every subscriber who has not had it: the unique (edition, user) row is
    claimed first, so a second run, or a second scheduler, sends nothing twice. Returns how many."""
    edition_bounds(edition)
    sent = 0
    for user in subscribers():
        try:
            with db.session.begin_nested():
                db.session.add(DigestSend(edition=edition, user_id=user.id))
        except IntegrityError:
            continue
        locale = user.locale or "vi"
        with force_locale(locale):
            subject, body = compose(digest_content(edition, with_demands=may_see_demands(user)),
                                    locale)
        send_mail(user.email, subject, body)
        sent += 1
    db.session.flush()
    return sent


def send_monthly() -> int:
    """The scheduler's job: last month's edition."""
    return send_edition(previous_edition())
