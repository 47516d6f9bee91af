"""Small factories with defaults: make what a test needs in one line."""
import itertools

from ecosystem.extensions import db
from ecosystem.models import (MentorProfile, OrgManager, Organisation, Person, Sector,
                              StartupProfile, User, UserRole)
from ecosystem.services.accounts.credentials import hash_password
from ecosystem.text import slugify
from ecosystem.validators import tax_code_check_digit

_seq = itertools.count(1)
PASSWORD = "password-123"


def valid_tax_code(n: int | None = None) -> str:
    """An invented code with a correct check digit (prefix 98, apart from the demo's 99 block)."""
    while True:  # an automatic code takes its own numbers from _seq, so two codes never collide
        number = n if n is not None else next(_seq)
        nine = f"98{number:07d}"
        digit = tax_code_check_digit(nine)
        if digit is not None:
            return nine + str(digit)
        if n is not None:
            n += 1


def make_sector(code: str = "agritech", vi: str = "Nông nghiệp công nghệ cao",
                en: str = "High-tech agriculture") -> Sector:
    sector = Sector(code=code, name_vi=vi, name_en=en)
    db.session.add(sector)
    db.session.flush()
    return sector


def make_org(name: str | None = None, kind: str = "startup", status: str = "verified",
             **fields) -> Organisation:
    name = name or f"Công ty Thử Nghiệm {next(_seq)}"
    org = Organisation(name=name, kind=kind, slug=fields.pop("slug", None) or
                       f"{slugify(name)}-{next(_seq)}", status=status, **fields)
    if kind == "startup":
        org.startup = StartupProfile()
    db.session.add(org)
    db.session.flush()
    return org


def make_person(full_name: str | None = None, mentor_capacity: int | None = None,
                **fields) -> Person:
    person = Person(full_name=full_name or f"Nguyễn Văn Thử {next(_seq)}", **fields)
    if mentor_capacity is not None:
        person.mentor = MentorProfile(capacity=mentor_capacity, topics=[], stages=[])
    db.session.add(person)
    db.session.flush()
    return person


def make_user(*roles: str, email: str | None = None, manages=(), person: Person | None = None,
              locale: str = "vi") -> User:
    user = User(email=email or f"user{next(_seq)}@example.vn", password_hash=hash_password(PASSWORD),
                locale=locale, person_id=person.id if person else None)
    user.roles = [UserRole(role=r) for r in roles]
    db.session.add(user)
    db.session.flush()
    for org in manages:
        db.session.add(OrgManager(user_id=user.id, organisation_id=org.id))
    db.session.flush()
    return user
