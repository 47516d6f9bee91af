"""Load-or-404 helpers (flaskr's get_post) shared by views and the API."""
from flask import abort, request

from ecosystem.extensions import db
from ecosystem.i18n import current_locale
from ecosystem.models import Organisation, Person, Relationship
from ecosystem.permissions import require
from ecosystem.services.directory.records import all_sectors, find_org_by_slug
from ecosystem.validators import MAX_ID, is_local_path, parse_int


def get_org(slug: str, action: str = "org.view", sectors: bool = True) -> Organisation:
    org = find_org_by_slug(slug, sectors)
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


MAX_PAGE = 100_000  # far past any list's end; an offset beyond it overflows SQLite


def arg_int(name: str, default: int | None = None, low: int = 0, high: int = MAX_ID) -> int | None:
    """An integer query argument within [low, high]; the default for junk, '²' or 30 digits."""
    value = parse_int(request.args.get(name, ""), low, high)
    return default if value is None else value


def page_number() -> int:
    """?page=N, never below 1 and never an error for junk."""
    return arg_int("page", 1, 1, MAX_PAGE)


def safe_next(default: str) -> str:
    """Only a path on our own host (microblog's rule against open redirects); a target holding a
    control character or space is refused before anything else (a browser drops the tab of
    '/%09/evil.example' and goes to //evil.example; a newline would break the Location header)."""
    target = request.values.get("next") or ""
    return target if is_local_path(target) else default


def sector_choices() -> list[tuple[int, str]]:
    """(id, name in the current language) for sector checkboxes."""
    locale = current_locale()
    return [(s.id, s.display(locale)) for s in all_sectors()]
