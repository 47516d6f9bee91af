"""The public landing page: what the programme is, headline figures, upcoming public events."""
from sqlalchemy import select

from ecosystem.clock import utcnow
from ecosystem.extensions import db
from ecosystem.models import Event
from ecosystem.services.home.office import headline


def landing() -> dict:
    events = list(db.session.scalars(select(Event).where(
        Event.status == "published", Event.audience == "public", Event.ends_at >= utcnow())
        .order_by(Event.starts_at).limit(5)))
    return {"headline": headline(), "events": events}
