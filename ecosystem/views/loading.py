"""Load-or-404 helpers (flaskr's get_post) shared by views and the API."""
from flask import abort, request

from ecosystem.extensions import db
from ecosystem.i18n import current_locale
from ecosystem.models import Organisation, Person, Relationship
from ecosystem.permissions import require
from ecosystem.services.directory.records import all_sectors, find_org_by_slug


def get_org(slug: str, action: str = "org.view") -> Organisation:
    org = find_org_by_slug(slug)
    if org is None:
        abort(404)
    require(action, org)
    return org


def get_person(person_id: int, action: str = "person.view") -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    require(action, person)
    return person


def get_relationship(rel_id: int, action: str) -> Relationship:
    rel = db.session.get(Relationship, rel_id)
    if rel is None:
        abort(404)
    require(action, rel)
    return rel


def page_number() -> int:
    """?page=N, never below 1 and never an error for junk."""
    raw = request.args.get("page", "1")
    return max(1, int(raw)) if raw.isdigit() else 1


def safe_next(default: str) -> str:
    """Only a relative path on our own host (microblog's rule against open redirects)."""
    target = request.values.get("next") or ""
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def sector_choices() -> list[tuple[int, str]]:
    """(id, name in the current language) for sector checkboxes."""
    locale = current_locale()
    return [(s.id, s.display(locale)) for s in all_sectors()]
