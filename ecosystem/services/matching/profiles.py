"""Reading matching's plain profiles from the database in a few bulk queries (national scale).

Labels: sectors by id, needs and mentor topics by support-type code, stages by code, languages by
code, places by their display name. The matching core compares them and hands them back in
reasons; match_reasons.py turns them into words.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from datetime import date
from functools import cache

from sqlalchemy import and_, bindparam, func, or_, select, true

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.matching import profiles as p
from ecosystem.models import (InvestorProfile, MentorProfile, MentorRating, Organisation, Person,
                              Relationship, StartupProfile)
from ecosystem.models.directory import investor_sectors, org_sectors, person_sectors
from ecosystem.services.platform.settings import setting
from ecosystem.text import fold

_SPLIT = re.compile(r"\s*(?:,|;|/|\bvà\b|\band\b)\s*", re.IGNORECASE)
_PREFIX = re.compile(r"^(thanh pho|tp\.?|tinh)\s+")


class _Labels:
    """One shared object per distinct label set: 50,000 startups name a few dozen needs, stages
    and languages, and a product text repeats across a sector, so each set is kept once."""

    def __init__(self):
        self._sets: dict = {}

    def of(self, values) -> frozenset:
        key = frozenset(_label(v) for v in values or ())
        return self._sets.setdefault(key, key)

    def product(self, text: str | None) -> frozenset:
        return self.of((fold(text),) if text else ())


def _group(rows) -> dict:
    grouped = defaultdict(set)
    for owner, value in rows:
        grouped[owner].add(value)
    return grouped


def _place(former_district, city, former_province):
    """Where someone is, as finely as known: the former district (Bến Cát, Dĩ An …) or the city."""
    return _label(former_district or city or former_province)


def _label(text):
    """One string object per distinct label (a stage or a place repeats 50,000 times)."""
    return sys.intern(text) if isinstance(text, str) else text


def _place_key(text: str) -> str:
    return _PREFIX.sub("", fold(text))


def _names(org_ids) -> dict[int, str]:
    if not org_ids:
        return {}
    return dict(db.session.execute(_names_of(), {"ids": list(org_ids)}).all())


@cache
def _names_of():
    o = Organisation.__table__
    return select(o.c.id, o.c.name).where(o.c.id.in_(bindparam("ids", expanding=True)))


def affiliations(graph, key) -> set[int]:
    """Incubators, clubs and organisations a node belongs to (the kinds are a setting)."""
    return graph.affiliations(key, setting("matching.affiliation_kinds"))


def _investor_owners(keys=None) -> dict[tuple, tuple[int, str]]:
    """(person|org key) → (investor profile id, display name), for the given owner keys or all."""
    i = InvestorProfile.__table__
    query = select(i.c.id, i.c.person_id, i.c.organisation_id, Person.full_name, Organisation.name) \
        .outerjoin(Person, Person.id == i.c.person_id) \
        .outerjoin(Organisation, Organisation.id == i.c.organisation_id)
    if keys is not None:
        people = [k[1] for k in keys if k[0] == "person"]
        orgs = [k[1] for k in keys if k[0] == "org"]
        query = query.where(or_(i.c.person_id.in_(people), i.c.organisation_id.in_(orgs)))
    return {(("person", r.person_id) if r.person_id else ("org", r.organisation_id)):
            (r.id, r.full_name or r.name) for r in db.session.execute(query)}


def _owner(person_id, org_id) -> tuple:
    return ("person", person_id) if person_id else ("org", org_id)


def startup_profiles(graph, ids=None) -> list[p.StartupProfile]:
    """Profiles of live startups (all, or those organisation ids)."""
    return list(iter_startup_profiles(graph, ids))


def iter_startup_profiles(graph, ids=None):
    """Profiles of live startups one at a time, so 50,000 of them never sit in memory at once."""
    o, s = Organisation.__table__, StartupProfile.__table__
    query = select(o.c.id, o.c.name, o.c.stage, o.c.former_district, o.c.city,
                   o.c.former_province, s.c.product,
                   s.c.funding_sought_vnd, s.c.needs).join(s, s.c.organisation_id == o.c.id) \
        .where(o.c.kind == "startup", o.c.status != "archived")
    founders = select(Relationship.target_org_id, Person.languages).join(
        Person, Person.id == Relationship.source_person_id).where(Relationship.kind == "founder")
    sectors = select(org_sectors.c.organisation_id, org_sectors.c.sector_id)
    backers = select(Relationship.target_org_id, Relationship.source_person_id,
                     Relationship.source_org_id).where(Relationship.kind == "investor")
    if ids is not None:
        ids = list(ids)
        query = query.where(o.c.id.in_(ids))
        founders = founders.where(Relationship.target_org_id.in_(ids))
        sectors = sectors.where(org_sectors.c.organisation_id.in_(ids))
        backers = backers.where(Relationship.target_org_id.in_(ids))
    languages = defaultdict(set)
    for org_id, langs in db.session.execute(founders):
        languages[org_id].update(langs or ())
    sector_ids = _group(db.session.execute(sectors))
    deals = db.session.execute(backers).all()
    owners = _investor_owners({_owner(person, org) for _, person, org in deals}
                              if ids is not None else None)
    investors = defaultdict(dict)
    for org_id, person_id, source_org_id in deals:
        owner = owners.get(_owner(person_id, source_org_id))
        if owner:
            investors[org_id][owner[0]] = owner[1]
    if ids is None:  # clubs, incubators …: the organisations startups belong to
        names = dict(db.session.execute(select(o.c.id, o.c.name).where(o.c.kind != "startup")).all())
    else:
        names = _names({i for org_id in ids for i in affiliations(graph, ("org", org_id))})
    labels = _Labels()
    for row in db.session.execute(query):
        yield _startup(graph, labels, row, row, sector_ids.get(row.id, ()),
                       languages.get(row.id, ()), investors.get(row.id, {}), names)


def _startup(graph, labels, org, profile, sector_ids, languages, investors, names) -> p.StartupProfile:
    """org: id, name, stage and place; profile: product, funding sought and needs."""
    return p.StartupProfile(
        id=org.id, name=org.name, stage=_label(org.stage),
        sectors=labels.of(sector_ids), needs=labels.of(profile.needs),
        languages=labels.of(languages),
        province=_place(org.former_district, org.city, org.former_province),
        funding_sought=profile.funding_sought_vnd,
        orgs={i: names.get(i, "") for i in affiliations(graph, ("org", org.id))},
        investors=investors, products=labels.product(profile.product))


def one_startup(graph, org: Organisation) -> tuple[p.StartupProfile | None, dict[int, str]]:
    """One startup's profile and the mentors tied to it (id → name), read in two or three
    statements: its suggestions page reads them on every view (iter_startup_profiles reads many at
    once). The profile's row comes once per sector, so `org` need not load its sectors."""
    if org.kind != "startup" or org.status == "archived":
        return None, {}
    rows = db.session.execute(_profile_with_sectors(), {"org_id": org.id}).all()
    if not rows:
        return None, {}
    profile, sector_ids = rows[0], [row.sector_id for row in rows if row.sector_id is not None]
    ties = db.session.execute(_ties(), {"org_id": org.id}).all()
    languages = {lang for tie in ties if tie.kind == "founder" for lang in tie.languages or ()}
    mentors = {tie.source_person_id: tie.full_name for tie in ties
               if tie.kind == "mentor" and tie.source_person_id is not None}
    investors = {tie.investor_id: tie.full_name or tie.org_name for tie in ties
                 if tie.kind == "investor" and tie.investor_id is not None}
    names = _names(affiliations(graph, ("org", org.id)))
    return _startup(graph, _Labels(), org, profile, sector_ids, languages, investors, names), mentors


# The statements read on every suggestions page are built once: building one costs more than
# running it (≈0.6 of 1.0 ms for the ties). Their values come as bound parameters.

@cache
def _profile_with_sectors():
    """A startup's profile row once per sector (the sector id)."""
    s = StartupProfile.__table__
    return select(s.c.product, s.c.funding_sought_vnd, s.c.needs, org_sectors.c.sector_id) \
        .outerjoin(org_sectors, org_sectors.c.organisation_id == s.c.organisation_id) \
        .where(s.c.organisation_id == bindparam("org_id"))


@cache
def _ties():
    """A startup's founders (their languages), mentors (their names) and backers (their investor
    profile and name, as _investor_owners gives them) in one statement."""
    i, source = InvestorProfile.__table__, Organisation.__table__.alias("source_org")
    backer = and_(Relationship.kind == "investor",
                  or_(i.c.person_id == Relationship.source_person_id,
                      i.c.organisation_id == Relationship.source_org_id))
    return select(Relationship.kind, Relationship.source_person_id, Person.languages, Person.full_name,
                  i.c.id.label("investor_id"), source.c.name.label("org_name")) \
        .outerjoin(Person, Person.id == Relationship.source_person_id) \
        .outerjoin(source, source.c.id == Relationship.source_org_id) \
        .outerjoin(i, backer) \
        .where(Relationship.target_org_id == bindparam("org_id"),
               Relationship.kind.in_(("founder", "investor", "mentor")))


def mentor_profiles(graph, ids=None, today: date | None = None) -> list[p.MentorProfile]:
    """Profiles of mentors (people with a mentor profile, not archived); an unavailable mentor
    has no open slot."""
    today = today or local_today()
    m = MentorProfile.__table__
    query = select(Person.id, Person.full_name, Person.languages, Person.former_district,
                   Person.city, Person.former_province, m.c.topics, m.c.stages, m.c.capacity,
                   m.c.available) \
        .join(m, m.c.person_id == Person.id).where(Person.archived.is_(False))
    mentoring = select(Relationship.source_person_id, Relationship.ended_on, Organisation.stage) \
        .join(Organisation, Organisation.id == Relationship.target_org_id) \
        .where(Relationship.kind == "mentor", Relationship.source_person_id.is_not(None))
    sectors = select(person_sectors.c.person_id, person_sectors.c.sector_id)
    ratings = select(MentorRating.mentor_person_id, func.avg(MentorRating.rating),
                     func.count(MentorRating.id)).group_by(MentorRating.mentor_person_id)
    if ids is not None:
        ids = list(ids)
        query = query.where(Person.id.in_(ids))
        mentoring = mentoring.where(Relationship.source_person_id.in_(ids))
        sectors = sectors.where(person_sectors.c.person_id.in_(ids))
        ratings = ratings.where(MentorRating.mentor_person_id.in_(ids))
    active, by_stage = Counter(), defaultdict(Counter)
    for person_id, ended_on, stage in db.session.execute(mentoring):
        if ended_on is None or ended_on >= today:
            active[person_id] += 1
        if stage:
            by_stage[person_id][stage] += 1
    sector_ids = _group(db.session.execute(sectors))
    rated = {row[0]: (float(row[1]), int(row[2])) for row in db.session.execute(ratings)}
    rows = db.session.execute(query).all()
    affiliated = {row.id: affiliations(graph, ("person", row.id)) for row in rows}
    names = _names({i for ids_ in affiliated.values() for i in ids_})
    result, labels = [], _Labels()
    for row in rows:
        rating, count = rated.get(row.id, (None, 0))
        result.append(p.MentorProfile(
            id=row.id, name=row.full_name, expertise=labels.of(row.topics),
            sectors=labels.of(sector_ids.get(row.id, ())), stages=labels.of(row.stages),
            languages=labels.of(row.languages),
            province=_place(row.former_district, row.city, row.former_province),
            capacity=row.capacity if row.available else 0,
            active_mentees=active[row.id] if row.available else 0,
            mentored_by_stage=dict(by_stage[row.id]), feedback_rating=rating,
            feedback_count=count, orgs={i: names.get(i, "") for i in affiliated[row.id]}))
    return result


def live_slots(person_ids, today: date | None = None) -> dict[int, int]:
    """Open slots of some mentors, counted now (the cached index may be minutes old)."""
    ids = list(person_ids)
    open_slots = {row.id: max(0, row.capacity - row.busy) for row in _slot_rows(ids, today)}
    return {i: open_slots.get(i, 0) for i in ids}


def open_mentors(person_ids, today: date | None = None) -> dict:
    """The mentors among these with an open slot now, with what a suggestion shows of them (id,
    full_name, title): the slot count and the names in one statement."""
    return {row.id: row for row in _slot_rows(list(person_ids), today, shown=True)
            if row.capacity > row.busy}


def _slot_rows(ids: list[int], today: date | None, shown: bool = False) -> list:
    """(id, capacity, busy) of the available mentors among ids, and their full_name and title when
    shown; busy = live mentoring ties."""
    if not ids:
        return []
    return db.session.execute(_slots(shown), {"ids": ids, "today": today or local_today()}).all()


@cache
def _slots(shown: bool):
    busy = and_(Relationship.kind == "mentor", Relationship.source_person_id == MentorProfile.person_id,
                or_(Relationship.ended_on.is_(None), Relationship.ended_on >= bindparam("today")))
    columns = (Person.full_name, Person.title) if shown else ()
    query = select(MentorProfile.person_id.label("id"), MentorProfile.capacity,
                   func.count(Relationship.id).label("busy"), *columns).outerjoin(Relationship, busy)
    if shown:
        query = query.join(Person, Person.id == MentorProfile.person_id)
    return query.where(MentorProfile.person_id.in_(bindparam("ids", expanding=True)),
                       MentorProfile.available.is_(True)) \
        .group_by(MentorProfile.person_id, MentorProfile.capacity, *columns)


def region_places(geography: str | None, places: dict[str, set[str]]) -> frozenset:
    """The places (startup localities) an investor's free-text geography covers. places maps a
    locality to the names that contain it (itself, its city, its former province); regions come
    from the matching.regions setting ("*" = everywhere)."""
    if not geography:
        return frozenset()
    regions = {_place_key(name): members for name, members in setting("matching.regions").items()}
    named = set()
    for part in _SPLIT.split(geography):
        key = _place_key(part)
        if not key:
            continue
        members = regions.get(key)
        if members == "*":
            return frozenset(places)
        named |= {_place_key(m) for m in members} if members else {key}
    return frozenset(place for place, parents in places.items()
                     if named & {_place_key(parent) for parent in parents})


def known_places() -> dict[str, set[str]]:
    """Each locality startups are in, with the names that contain it."""
    rows = db.session.execute(select(Organisation.former_district, Organisation.city,
                                     Organisation.former_province)
                              .where(Organisation.kind == "startup").distinct())
    places: dict[str, set[str]] = {}
    for district, city, province in rows:
        place = _place(district, city, province)
        if place:
            places.setdefault(place, set()).update(p for p in (place, city, province) if p)
    return places


def _deals(where):
    return db.session.execute(
        select(Relationship.source_person_id, Relationship.source_org_id, Organisation.id,
               Organisation.name, StartupProfile.product)
        .join(Organisation, Organisation.id == Relationship.target_org_id)
        .outerjoin(StartupProfile, StartupProfile.organisation_id == Organisation.id)
        .where(Relationship.kind == "investor", where)).all()


def investor_profiles(ids=None) -> list[p.InvestorProfile]:
    """Profiles of investors (angels and funds), with their portfolio and co-investors; for some
    ids only their own deals and their co-investors' are read."""
    i = InvestorProfile.__table__
    query = select(i.c.id, i.c.person_id, i.c.organisation_id, i.c.stages, i.c.ticket_min_vnd,
                   i.c.ticket_max_vnd, i.c.geography)
    sectors = select(investor_sectors.c.investor_profile_id, investor_sectors.c.sector_id)
    if ids is None:
        rows = db.session.execute(query).all()
        deals = _deals(true())
    else:
        ids = list(ids)
        rows = db.session.execute(query.where(i.c.id.in_(ids))).all()
        sectors = sectors.where(investor_sectors.c.investor_profile_id.in_(ids))
        people = [r.person_id for r in rows if r.person_id]
        orgs = [r.organisation_id for r in rows if r.organisation_id]
        own = _deals(or_(Relationship.source_person_id.in_(people),
                         Relationship.source_org_id.in_(orgs)))
        deals = _deals(Relationship.target_org_id.in_({deal[2] for deal in own}))
    owners = _investor_owners({_owner(d[0], d[1]) for d in deals} | {
        _owner(r.person_id, r.organisation_id) for r in rows} if ids is not None else None)
    profile_of = {key: value[0] for key, value in owners.items()}
    sector_ids = _group(db.session.execute(sectors))
    portfolio, backers, labels = defaultdict(dict), defaultdict(set), _Labels()
    for person_id, org_id, startup_id, name, product in deals:
        investor = profile_of.get(_owner(person_id, org_id))
        if investor is None:
            continue
        portfolio[investor][startup_id] = p.PortfolioCompany(startup_id, name,
                                                             labels.product(product))
        backers[startup_id].add(investor)
    places = known_places()
    name_of = dict(owners.values())
    result = []
    for row in rows:
        partners = {other for company in portfolio[row.id] for other in backers[company]} - {row.id}
        result.append(p.InvestorProfile(
            id=row.id, name=name_of.get(row.id, ""),
            sectors=labels.of(sector_ids.get(row.id, ())), stages=labels.of(row.stages),
            ticket_min=row.ticket_min_vnd, ticket_max=row.ticket_max_vnd,
            provinces=region_places(row.geography, places),
            portfolio=tuple(portfolio[row.id].values()),
            co_investors=frozenset(partners)))
    return result
