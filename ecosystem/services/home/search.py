"""One search box for the whole site: organisations, people and events, accent-insensitive
(every word must appear in the row's folded search key, as in the directory)."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Event
from ecosystem.services.directory.records import like_pattern, organisation_query, person_query
from ecosystem.text import fold

LIMIT = 20


def event_query(q: str, include_drafts_of=(), all_drafts: bool = False):
    """Events (past and upcoming, newest first) matching every word; drafts only for staff
    (all_drafts) or of the organisers given (those the person runs)."""
    query = select(Event)
    if not all_drafts:
        query = query.where((Event.status != "draft") | Event.organiser_id.in_(list(include_drafts_of) or [-1]))
    for word in fold(q).split():
        query = query.where(Event.search_key.like(like_pattern(word), escape="\\"))
    return query.order_by(Event.starts_at.desc(), Event.id.desc())


def search_all(q: str, *, staff: bool = False, managed=(), limit: int = LIMIT) -> dict:
    """{'orgs', 'people', 'events'}: at most `limit` of each; archived rows only for staff."""
    if not fold(q).strip():
        return {"orgs": [], "people": [], "events": []}
    return {"orgs": list(db.session.scalars(organisation_query(q=q, include_archived=staff).limit(limit))),
            "people": list(db.session.scalars(person_query(q=q, include_archived=staff).limit(limit))),
            "events": list(db.session.scalars(event_query(q, managed, staff).limit(limit)))}
