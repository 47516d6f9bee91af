"""The personal calendar feed: a secret URL (only its sha256 is stored; regenerating revokes the old
one) serving the person's tickets, booked office hours, judging rounds and certification / fund
deadlines as iCalendar, so any calendar app can subscribe without signing in."""
import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import or_, select

from ecosystem.clock import local_today, utcnow
from ecosystem.extensions import db
from ecosystem.models.base import as_utc
from ecosystem.models import OfficeHourSlot, ReachProfile, Registration, User
from ecosystem.services.events.ical import IcsEvent, feed_ics
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.mail import public_url



def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def regenerate(user: User) -> str:
    """A new secret for the feed (the old URL stops working); returns the token, shown once."""
    token = secrets.token_urlsafe(32)
    profile = db.session.get(ReachProfile, user.id) or ReachProfile(user_id=user.id)
    profile.calendar_token_hash, profile.calendar_created_at = _hash(token), utcnow()
    db.session.add(profile)
    db.session.flush()
    log_action(user.id, "outreach.calendar.regenerate", "user", user.id)
    return token


def revoke(user: User) -> None:
    profile = db.session.get(ReachProfile, user.id)
    if profile is not None and profile.calendar_token_hash:
        profile.calendar_token_hash = profile.calendar_created_at = None
        db.session.flush()
        log_action(user.id, "outreach.calendar.revoke", "user", user.id)


def has_feed(user: User) -> bool:
    profile = db.session.get(ReachProfile, user.id)
    return profile is not None and profile.calendar_token_hash is not None


def feed_url(token: str) -> str:
    return public_url("outreach_public.calendar_feed_view", token=token)


def owner_of(token: str) -> User | None:
    """The active account whose feed this secret opens; None for a revoked or unknown one."""
    profile = db.session.scalar(select(ReachProfile).where(ReachProfile.calendar_token_hash == _hash(token)))
    user = db.session.get(User, profile.user_id) if profile is not None else None
    return user if user is not None and user.active else None


def _all_day(uid: str, day: date, summary: str, url: str | None = None, category: str = "") -> IcsEvent:
    """A deadline: one hour at 09:00 local on the day (an exact moment every calendar shows alike)."""
    start = datetime.combine(day, time(9, 0))
    return IcsEvent(uid=uid, starts_at=start, ends_at=start + timedelta(hours=1), summary=summary,
                    url=url, categories=(category,) if category else ())


def entries_of(user: User) -> list[IcsEvent]:
    """Everything of this person that has a time, from a month ago onward."""
    from flask_babel import force_locale, gettext as _
    host = current_app.config["PUBLIC_BASE_URL"]
    since = utcnow() - timedelta(days=31)
    items: list[IcsEvent] = []
    with force_locale(user.locale or "vi"):
        tickets = db.session.scalars(select(Registration).where(
            Registration.user_id == user.id, Registration.status.in_(("confirmed", "waiting"))))
        for ticket in tickets:
            event = ticket.event
            if as_utc(event.ends_at) >= since and event.status != "draft":
                items.append(IcsEvent(uid=f"ticket-{ticket.id}@sokhcn", starts_at=as_utc(event.starts_at),
                                      ends_at=as_utc(event.ends_at), summary=event.display_title(user.locale),
                                      location=event.venue, url=f"{host}/events/{event.id}",
                                      status="CANCELLED" if event.status == "cancelled" else "CONFIRMED",
                                      categories=(_("Sự kiện"),)))
        mine = [OfficeHourSlot.booked_by_id == user.id]
        if user.person_id:
            mine.append(OfficeHourSlot.mentor_id == user.person_id)
        if user.managed_org_ids:
            mine.append(OfficeHourSlot.booked_org_id.in_(user.managed_org_ids))
        for slot in db.session.scalars(select(OfficeHourSlot).where(
                or_(*mine), OfficeHourSlot.booked_org_id.is_not(None), OfficeHourSlot.ends_at >= since)):
            items.append(IcsEvent(uid=f"office-hours-{slot.id}@sokhcn", starts_at=as_utc(slot.starts_at),
                                  ends_at=as_utc(slot.ends_at), summary=_("Giờ cố vấn"),
                                  url=f"{host}/office-hours/mine", categories=(_("Giờ cố vấn"),)))
        items += _judging(user, host, _) + _deadlines(user, host, _)
    return items


def _judging(user: User, host: str, _) -> list[IcsEvent]:
    from ecosystem.models import AwardRound, PanelMember
    if not user.person_id:
        return []
    rounds = db.session.scalars(select(AwardRound).join(PanelMember, PanelMember.round_id == AwardRound.id)
                                .where(PanelMember.person_id == user.person_id,
                                       AwardRound.ends_on.is_not(None)).distinct())
    return [_all_day(f"judging-{r.id}@sokhcn", r.ends_on,
                     _("Hạn chấm: %(round)s", round=r.display_name(user.locale)), f"{host}/awards",
                     _("Chấm giải")) for r in rounds]


def _deadlines(user: User, host: str, _) -> list[IcsEvent]:
    """Certification steps waiting on the person's enterprises, and their funds' tranche deadlines."""
    from ecosystem.models import StFund
    from ecosystem.services.certification.appraisal import due_items
    from ecosystem.services.funds.queries import fund_state
    orgs, today, items = user.managed_org_ids, local_today(), []
    if not orgs:
        return items
    for item in due_items(today):
        if item.due_on and item.application.organisation_id in orgs:
            items.append(_all_day(f"cert-{item.application.id}-{item.kind}@sokhcn", item.due_on,
                                  _("Hạn hồ sơ chứng nhận số %(id)s", id=item.application.id),
                                  f"{host}/certification", _("Chứng nhận")))
    for fund in db.session.scalars(select(StFund).where(StFund.organisation_id.in_(orgs))):
        for row in fund_state(fund, today).rows:
            if row.get("status") == "open" and row.get("deadline"):
                items.append(_all_day(f"fund-{fund.id}-{row['year']}@sokhcn", row["deadline"],
                                      _("Hạn sử dụng Quỹ KH&CN (trích năm %(year)s)", year=row["year"]),
                                      f"{host}/funds/{fund.id}", _("Quỹ KH&CN")))
    return items


def personal_ics(user: User) -> str:
    from flask_babel import force_locale, gettext as _
    with force_locale(user.locale or "vi"):
        name = _("Lịch của tôi — Sở KH&CN")
    return feed_ics(entries_of(user), dtstamp=utcnow(), name=name, local_tz=current_app.config["TIMEZONE"])
