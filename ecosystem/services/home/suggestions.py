"""Suggestions on a home page: the top few with one reason each, only when they are cheap to get."""
from flask import current_app
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import Organisation, Person
from ecosystem.services.matching import suggestions as matching
from ecosystem.services.matching.graph_store import graph_cache
from ecosystem.services.matching.strongest import strongest_reasons

# Below this many organisations and people a graph build takes well under a second.
SMALL_ECOSYSTEM = 3000
HOME_COUNT = 3


def warm() -> bool:
    """True when this process already holds the graph and the candidate indexes (no build needed),
    or the ecosystem is small enough that building them costs little."""
    indexes = current_app.extensions.get("match_indexes")
    if graph_cache().graph is not None and indexes is not None and indexes.mentors is not None:
        return True
    size = (db.session.scalar(select(func.count(Organisation.id))) or 0) + (
        db.session.scalar(select(func.count(Person.id))) or 0)
    return size <= SMALL_ECOSYSTEM


def _brief(found) -> list[dict]:
    return [{"suggestion": s, "reason": next(iter(strongest_reasons(s, 1)), None)} for s in found]


def top_suggestions(org: Organisation) -> dict | None:
    """{'mentors': [...], 'investors': [...]} (top 3 each with the strongest reason); None when
    the indexes are cold on a large ecosystem (the panel then links to the suggestions page)."""
    if not warm():
        return None
    try:
        found = matching.suggestions_for_startup(org, HOME_COUNT)
    except matching.MatchError:
        return None
    return {"mentors": _brief(found["mentors"][:HOME_COUNT]),
            "investors": _brief(found["investors"][:HOME_COUNT])}


def startups_for_adviser(person, investors) -> dict | None:
    """Startups suggested to a mentor (and to each investor profile), top 3 with one reason."""
    if not warm():
        return None
    mentor = _brief(matching.suggestions_for_mentor(person, HOME_COUNT)[:HOME_COUNT]) \
        if person is not None and person.mentor else []
    invested = [(i, _brief(matching.suggestions_for_investor(i, HOME_COUNT)[:HOME_COUNT]))
                for i in investors]
    return {"mentor": mentor, "investors": invested}
