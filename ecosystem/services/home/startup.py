"""A startup member's home: their startup, open requests, suggestions, introductions, tickets, deadlines."""
from sqlalchemy import select

from ecosystem.clock import local_today, utcnow
from ecosystem.extensions import db
from ecosystem.models import Event, Introduction, Organisation, Registration, SupportRequest
from ecosystem.models.certification import CertApplication
from ecosystem.services.certification.appraisal import due_item
from ecosystem.services.home.suggestions import top_suggestions
from ecosystem.services.support import onboarding
from ecosystem.services.support.queries import OPEN, due_at

PENDING_INTROS = ("requested", "forwarded")


def my_startups(user) -> list[Organisation]:
    """The startups the user manages, by name (a member may run more than one)."""
    if not user.managed_org_ids:
        return []
    return list(db.session.scalars(select(Organisation).where(
        Organisation.id.in_(user.managed_org_ids), Organisation.kind == "startup",
        Organisation.status != "archived").order_by(Organisation.name)))


def startup_panel(org: Organisation) -> dict:
    """Completeness meter and the next missing item of one startup's profile."""
    reading = onboarding.completeness(org)
    return {"org": org, "percent": reading["percent"],
            "next_missing": reading["missing"][0] if reading["missing"] else None}


def open_requests(org_ids) -> list[dict]:
    """Open support requests (drafts too: they wait for the startup) with state and due date."""
    rows = db.session.scalars(select(SupportRequest).where(
        SupportRequest.organisation_id.in_(org_ids),
        SupportRequest.state.in_((*OPEN, "draft"))).order_by(SupportRequest.id.desc()).limit(5))
    return [{"request": r, "due": due_at(r) if r.submitted_at else None} for r in rows]


def pending_introductions(org_ids) -> list[Introduction]:
    return list(db.session.scalars(select(Introduction).where(
        Introduction.startup_id.in_(org_ids), Introduction.status.in_(PENDING_INTROS))
        .order_by(Introduction.id.desc()).limit(5)))


def upcoming_tickets(user) -> list[Registration]:
    """The user's confirmed or waiting registrations for events not yet over, soonest first."""
    return list(db.session.scalars(select(Registration).join(Event).where(
        Registration.user_id == user.id, Registration.status.in_(("confirmed", "waiting")),
        Event.ends_at >= utcnow(), Event.status == "published").order_by(Event.starts_at).limit(5)))


def deadlines(org_ids) -> list[dict]:
    """Certification steps running on the organisation's applications, and fund warnings."""
    today = local_today()
    items = []
    for app in db.session.scalars(select(CertApplication).where(
            CertApplication.organisation_id.in_(org_ids),
            CertApplication.status.in_(("submitted", "incomplete", "appraisal")))):
        item = due_item(app, today)
        if item is not None and item.due_on:
            items.append({"kind": "cert", "item": item, "due_on": item.due_on})
    from ecosystem.services.home.funds import fund_warnings
    items += [{"kind": "fund", "item": w, "due_on": w["deadline"]} for w in fund_warnings(org_ids)]
    return sorted(items, key=lambda i: i["due_on"])[:5]


def startup_home(user) -> dict | None:
    """Every panel of a startup member's home; None when they manage no startup."""
    startups = my_startups(user)
    if not startups:
        return None
    ids = [o.id for o in startups]
    return {"startups": [startup_panel(o) for o in startups],
            "requests": open_requests(ids),
            "suggestions": top_suggestions(startups[0]),
            "intros": pending_introductions(ids),
            "tickets": upcoming_tickets(user),
            "deadlines": deadlines(ids)}
