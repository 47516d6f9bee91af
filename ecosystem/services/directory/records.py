"""Directory operations: create, edit, archive and search organisations and people."""
import secrets
from functools import cache

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from ecosystem.extensions import db
from ecosystem.models import (InvestorProfile, MentorProfile, OrgManager, Organisation, Person,
                              Sector, StartupProfile)
from ecosystem.models.accounts import is_staff
from ecosystem.services.directory.wards import derived_place, in_the_city, ward_units
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.process_cache import cached
from ecosystem.services.platform.errors import DomainError
from ecosystem.text import fold, slugify
from ecosystem.validators import is_web_url

ORG_FIELDS = ("kind", "name", "name_en", "description", "technologies", "stage", "founded_on",
              "first_registered_on", "tax_code", "street", "website", "email", "phone",
              "size_class", "state_owned", "city", "ward", "former_province", "former_district")
PERSON_FIELDS = ("full_name", "title", "bio", "languages", "email", "phone", "contact_visibility",
                 "is_judge", "is_coordinator", "city", "ward", "former_province", "former_district")


class DirectoryError(DomainError):
    """A refusal with a code the view turns into a message next to the field."""


def sectors_by_ids(ids) -> list[Sector]:
    ids = [int(i) for i in ids or []]
    return list(db.session.scalars(select(Sector).where(Sector.id.in_(ids)))) if ids else []


def unique_slug(name: str, exclude_id: int | None = None) -> str:
    base = slugify(name)
    slug, n = base, 1
    while True:
        query = select(Organisation.id).where(Organisation.slug == slug)
        if exclude_id:
            query = query.where(Organisation.id != exclude_id)
        if db.session.scalar(query) is None:
            return slug
        n += 1
        slug = f"{base}-{n}"


SLUG_TRIES = 5


def _flush_new_org(org: Organisation) -> None:
    """Insert a new organisation under a free slug. Two officers creating the same name at once
    both see the slug free; the second insert then meets the unique index, and retries (in a
    savepoint, so the transaction lives on) with the slug now taken and a random suffix after that."""
    for attempt in range(SLUG_TRIES):
        slug = unique_slug(org.name)
        org.slug = slug if attempt == 0 else f"{slug}-{secrets.token_hex(2)}"
        try:
            with db.session.begin_nested():
                db.session.add(org)
                db.session.flush()
            return
        except IntegrityError as exc:
            if "slug" not in str(exc.orig).lower() or attempt == SLUG_TRIES - 1:
                raise


def _check_tax_code(tax_code: str | None, exclude_id: int | None) -> None:
    if not tax_code:
        return
    query = select(Organisation.id).where(Organisation.tax_code == tax_code)
    if exclude_id:
        query = query.where(Organisation.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise DirectoryError("tax_code_taken", field="tax_code")


def with_derived_place(data: dict) -> dict:
    """The data with a city ward written as the 2025 list writes it and its former province and
    district derived from it; DirectoryError when a ward of the city is not in that list."""
    ward = (data.get("ward") or "").strip()
    if not ward or not in_the_city(data.get("city")):
        return data
    place = derived_place(ward)
    if place is None:
        raise DirectoryError("ward_unknown", field="ward")
    return {**data, **place}


def unmapped_wards() -> list[tuple[str, int, str, str]]:
    """(kind, id, name, ward) of city addresses whose ward is not in the 2025 list."""
    rows = [("organisation", o.id, o.name, o.ward, o.city) for o in db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.ward, Organisation.city)
        .where(Organisation.ward.is_not(None)))]
    rows += [("person", p.id, p.full_name, p.ward, p.city) for p in db.session.execute(
        select(Person.id, Person.full_name, Person.ward, Person.city).where(Person.ward.is_not(None)))]
    return [row[:4] for row in rows if in_the_city(row[4]) and derived_place(row[3]) is None]


def save_organisation(data: dict, actor, org: Organisation | None = None) -> Organisation:
    """Create or update an organisation from validated form data; staff-made ones are verified."""
    data = with_derived_place(data)
    _check_tax_code(data.get("tax_code"), org.id if org else None)
    if data.get("website") and not is_web_url(data["website"]):
        raise DirectoryError("unsafe_url", field="website")
    creating = org is None
    if creating:  # added to the session only in _flush_new_org, so no autoflush inserts it early
        org = Organisation(status="verified" if is_staff(actor) else "pending")
    for field in ORG_FIELDS:
        if field in data:
            setattr(org, field, data[field] if data[field] != "" else None)
    org.technologies = data.get("technologies") or []
    org.state_owned = bool(data.get("state_owned"))
    if "sectors" in data:
        org.sectors = sectors_by_ids(data["sectors"])
    if org.kind == "startup" and org.startup is None:
        org.startup = StartupProfile()
    if org.kind != "startup":
        org.stage = None
    if creating:
        _flush_new_org(org)
    else:
        db.session.flush()
    if creating and actor is not None and not is_staff(actor):
        db.session.add(OrgManager(user_id=actor.id, organisation_id=org.id))
    log_action(actor.id if actor else None, "org.create" if creating else "org.update",
               "organisation", org.id)
    return org


def archive_organisation(org: Organisation, actor) -> None:
    """Archive, never delete: history and relationships stay."""
    org.status = "archived"
    log_action(actor.id, "org.archive", "organisation", org.id)


def save_person(data: dict, actor, person: Person | None = None) -> Person:
    """Create or update a person with optional mentor and investor profiles."""
    data = with_derived_place(data)
    creating = person is None
    if creating:
        person = Person()
        db.session.add(person)
    for field in PERSON_FIELDS:
        if field in data:
            value = data[field]
            setattr(person, field, value if value != "" else None)
    for flag in ("is_judge", "is_coordinator"):
        if flag in data:
            setattr(person, flag, bool(data[flag]))
    if "sectors" in data:
        person.sectors = sectors_by_ids(data["sectors"])
    _save_mentor(person, data)
    db.session.flush()
    _save_investor(person, data)
    log_action(actor.id if actor else None, "person.create" if creating else "person.update",
               "person", person.id)
    return person


def role_fields(person: Person) -> dict:
    """The mentor and investor profiles as save_person reads them (only those the person has),
    so an edit that leaves them out keeps them as they are."""
    data = {}
    if person.mentor:
        mentor = person.mentor
        data.update(is_mentor=True, mentor_topics=list(mentor.topics or []),
                    mentor_stages=list(mentor.stages or []), mentor_capacity=mentor.capacity,
                    mentor_available=mentor.available)
    if person.investor:
        investor = person.investor
        data.update(is_investor=True, investor_sectors=[s.id for s in investor.sectors],
                    investor_stages=list(investor.stages or []),
                    ticket_min_vnd=investor.ticket_min_vnd, ticket_max_vnd=investor.ticket_max_vnd,
                    geography=investor.geography)
    return data


def _save_mentor(person: Person, data: dict) -> None:
    if data.get("is_mentor"):
        mentor = person.mentor or MentorProfile()
        mentor.topics = data.get("mentor_topics") or []
        mentor.stages = data.get("mentor_stages") or []
        mentor.capacity = data.get("mentor_capacity") or 0
        mentor.available = bool(data.get("mentor_available"))
        person.mentor = mentor
    elif person.mentor is not None and "is_mentor" in data:
        person.mentor.available = False
        person.mentor.capacity = 0


def _save_investor(person: Person, data: dict) -> None:
    if not data.get("is_investor"):
        return
    investor = person.investor or InvestorProfile(person_id=person.id)
    investor.stages = data.get("investor_stages") or []
    investor.ticket_min_vnd = data.get("ticket_min_vnd")
    investor.ticket_max_vnd = data.get("ticket_max_vnd")
    investor.geography = data.get("geography") or None
    investor.sectors = sectors_by_ids(data.get("investor_sectors"))
    if person.investor is None:
        db.session.add(investor)
        person.investor = investor


def archive_person(person: Person, actor) -> None:
    person.archived = True
    log_action(actor.id, "person.archive", "person", person.id)


def like_pattern(term: str) -> str:
    escaped = fold(term).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def organisation_query(q: str = "", kind: str = "", sector: str = "", stage: str = "",
                       ward: str = "", former_district: str = "", include_archived: bool = False,
                       status: str = "") -> Select:
    """The filtered directory list: accent- and case-insensitive search, newest names first."""
    query = select(Organisation)
    if q:
        for word in fold(q).split():
            query = query.where(Organisation.search_key.like(like_pattern(word), escape="\\"))
    if kind:
        query = query.where(Organisation.kind == kind)
    if stage:
        query = query.where(Organisation.stage == stage)
    if sector:
        query = query.where(Organisation.sectors.any(Sector.code == sector))
    if ward:
        query = query.where(func.lower(Organisation.ward) == ward.lower())
    if former_district:
        query = query.where(func.lower(Organisation.former_district) == former_district.lower())
    if status:
        query = query.where(Organisation.status == status)
    elif not include_archived:
        query = query.where(Organisation.status != "archived")
    return query.order_by(Organisation.name)


def person_query(q: str = "", role: str = "", sector: str = "", former_district: str = "",
                 include_archived: bool = False) -> Select:
    query = select(Person)
    if q:
        for word in fold(q).split():
            query = query.where(Person.search_key.like(like_pattern(word), escape="\\"))
    if role == "mentor":
        query = query.where(Person.mentor.has())
    elif role == "investor":
        query = query.where(Person.investor.has())
    elif role == "judge":
        query = query.where(Person.is_judge.is_(True))
    elif role == "coordinator":
        query = query.where(Person.is_coordinator.is_(True))
    if sector:
        query = query.where(Person.sectors.any(Sector.code == sector))
    if former_district:
        query = query.where(func.lower(Person.former_district) == former_district.lower())
    if not include_archived:
        query = query.where(Person.archived.is_(False))
    return query.order_by(Person.full_name)


@cached("directory_options", ("sectors",))
def filter_options(locale: str = "vi") -> dict:
    """(value, label) pairs for the directory filters: sectors and the places of the 2025 ward list
    (data, so the filter never lists a typo and costs no scan of the directory)."""
    units = sorted(ward_units(), key=lambda u: (u.former_province != "Bình Dương", fold(u.name)))
    districts = sorted({u.former_district for u in units if u.former_province == "Bình Dương"}, key=fold)
    return {"sectors": [(s.code, s.display(locale)) for s in all_sectors()],
            "wards": [(u.label, f"{u.label} ({u.former_district})") for u in units],
            "former_districts": [(d, d) for d in districts]}


def all_sectors() -> list[Sector]:
    return list(db.session.scalars(select(Sector).order_by(Sector.name_vi)))


def find_org_by_slug(slug: str, sectors: bool = True) -> Organisation | None:
    """sectors=False: a page that never reads them does not load them."""
    return db.session.scalar(_by_slug(sectors), {"slug": slug})


@cache
def _by_slug(sectors: bool):
    """Built once (a statement costs more to build than to run); loading the sectors or not."""
    query = select(Organisation).where(Organisation.slug == bindparam("slug"))
    return query if sectors else query.options(lazyload(Organisation.sectors))


def search_any(term: str, limit: int = 20) -> list:
    """Organisations and people whose names match, for picking a relationship's other end."""
    orgs = db.session.scalars(organisation_query(q=term).limit(limit))
    people = db.session.scalars(person_query(q=term).limit(limit))
    return [*orgs, *people]

