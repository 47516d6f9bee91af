"""Load the demo ecosystem from seeds/demo/*.json into the database (idempotent)."""
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import (InvestorProfile, MentorProfile, OrgManager, Organisation, Person,
                              Relationship, Sector, StartupProfile, User, UserRole)
from ecosystem.seeders import DemoContext, run_all
from ecosystem.services.accounts.credentials import hash_password

ORG_FIELDS = ("kind", "name", "name_en", "description", "technologies", "stage", "tax_code",
              "city", "ward", "former_province", "former_district", "street", "website", "email",
              "phone", "size_class", "state_owned", "status")
PERSON_FIELDS = ("full_name", "title", "bio", "languages", "email", "phone", "contact_visibility",
                 "city", "ward", "former_province", "former_district", "is_judge", "is_coordinator")
REL_FIELDS = ("amount_vnd", "round", "cohort", "role_title", "note")


def _read(folder: Path, name: str):
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _day(value):
    return date.fromisoformat(value) if value else None


def ensure_sectors(folder: Path) -> dict[str, Sector]:
    """The sector taxonomy; added to, never rewritten, so ids stay stable."""
    existing = {s.code: s for s in db.session.scalars(select(Sector))}
    for row in _read(folder, "sectors.json"):
        if row["code"] not in existing:
            sector = Sector(code=row["code"], name_vi=row["vi"], name_en=row["en"])
            db.session.add(sector)
            existing[row["code"]] = sector
    db.session.flush()
    return existing


def _investor(data: dict, sectors: dict) -> InvestorProfile:
    return InvestorProfile(stages=data.get("stages", []), ticket_min_vnd=data.get("ticket_min_vnd"),
                           ticket_max_vnd=data.get("ticket_max_vnd"),
                           geography=data.get("geography"),
                           sectors=[sectors[c] for c in data.get("sectors", [])])


def load_demo(seeds_dir: str, password_hasher=hash_password) -> dict:
    """Insert the demo ecosystem once; a second call finds it loaded and changes nothing."""
    folder = Path(seeds_dir) / "demo"
    users = _read(folder, "users.json")
    if db.session.scalar(select(User).where(User.email == users[0]["email"])):
        return {"loaded": False}
    sectors = ensure_sectors(folder)
    orgs: dict[str, Organisation] = {}
    for row in _read(folder, "organisations.json"):
        org = Organisation(slug=row["key"], **{f: row.get(f) for f in ORG_FIELDS if f in row})
        org.technologies = row.get("technologies") or []
        org.founded_on, org.first_registered_on = _day(row.get("founded_on")), _day(
            row.get("first_registered_on"))
        org.sectors = [sectors[c] for c in row.get("sectors", [])]
        if row.get("startup") is not None:
            org.startup = StartupProfile(**row["startup"])
        if row.get("investor"):
            org.investor = _investor(row["investor"], sectors)
        db.session.add(org)
        orgs[row["key"]] = org
    people: dict[str, Person] = {}
    for row in _read(folder, "people.json"):
        person = Person(**{f: row.get(f) for f in PERSON_FIELDS if f in row})
        person.sectors = [sectors[c] for c in row.get("sectors", [])]
        if row.get("mentor"):
            person.mentor = MentorProfile(**row["mentor"])
        if row.get("investor"):
            person.investor = _investor(row["investor"], sectors)
        db.session.add(person)
        people[row["key"]] = person
    db.session.flush()
    ends = {**{f"o:{k}": v for k, v in orgs.items()}, **{f"p:{k}": v for k, v in people.items()}}
    for row in _read(folder, "relationships.json"):
        rel = Relationship(kind=row["kind"], started_on=_day(row.get("started_on")),
                           ended_on=_day(row.get("ended_on")), source="demo",
                           **{f: row.get(f) for f in REL_FIELDS})
        for side, key in (("source", row["source"]), ("target", row["target"])):
            end = ends[key]
            column = f"{side}_person_id" if isinstance(end, Person) else f"{side}_org_id"
            setattr(rel, column, end.id)
        db.session.add(rel)
    made_users = {}
    for row in users:
        user = User(email=row["email"], password_hash=password_hasher(row["password"]),
                    locale=row.get("locale", "vi"),
                    person_id=people[row["person"]].id if row.get("person") else None)
        user.roles = [UserRole(role=r) for r in row.get("roles", [])]
        user.managed = [OrgManager(organisation_id=orgs[k].id) for k in row.get("manages", [])]
        db.session.add(user)
        made_users[row["email"]] = user
    db.session.flush()
    parts = run_all(DemoContext(seeds_dir=seeds_dir, orgs=orgs, people=people, users=made_users))
    db.session.flush()
    return {"loaded": True, "organisations": len(orgs), "people": len(people), "parts": parts}
