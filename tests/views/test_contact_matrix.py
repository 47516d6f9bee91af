"""Who sees whose e-mail and phone, derived from what each channel really returns: the person page,
the people export (CSV and XLSX) and the API, for every role. One rule decides all of them
(services/directory/contacts.py); this test reads the outputs, not the rule."""
import io
import json

from openpyxl import load_workbook

from ecosystem.extensions import db
from ecosystem.models import InvestorProfile, Introduction
from ecosystem.models.base import utcnow
from tests import factories as f
from tests.conftest import login

PEOPLE = {"pub": "public", "mem": "members", "priv": "private", "inv": "members"}
ROLES = ("anonymous", "fresh", "verified", "startup", "mentor", "investor", "judge",
         "coordinator", "officer", "admin")
FIELDS = {f"{key}.{field}" for key in PEOPLE for field in ("email", "phone")}


def _both(*keys) -> set[str]:
    return {f"{key}.{field}" for key in keys for field in ("email", "phone")}


# inv is the investor a request for introduction from the startup is still waiting on.
PAGE_AND_API = {
    "anonymous": _both("pub"),
    "fresh": _both("pub"),  # an account anyone can open is not a member
    "verified": _both("pub", "mem", "inv"),
    "startup": _both("pub", "mem"),  # inv stays hidden until both accept the introduction
    "mentor": _both("pub", "mem", "inv"),
    "investor": _both("pub", "mem", "inv"),
    "judge": _both("pub", "mem", "inv"),
    "coordinator": _both("pub", "mem", "inv"),
    "officer": FIELDS,
    "admin": FIELDS,
}
EXPORTS = {role: (FIELDS if role in ("officer", "admin") else set()) for role in ROLES}


def _value(key: str, field: str) -> str:
    return f"{key}-contact@example.vn" if field == "email" else f"09010000{list(PEOPLE).index(key):02d}"


def build() -> dict:
    startup = f.make_org("Startup Ma Trận Liên Hệ")
    people = {}
    for key, visibility in PEOPLE.items():
        people[key] = f.make_person(f"Người {key}", contact_visibility=visibility,
                                    email=_value(key, "email"), phone=_value(key, "phone"))
    db.session.add(InvestorProfile(person_id=people["inv"].id, stages=[]))
    connector = f.make_person("Người Kết Nối")
    users = {role: f.make_user(role) for role in ("mentor", "investor", "judge", "coordinator",
                                                  "officer", "admin")}
    users["fresh"] = f.make_user()
    users["verified"] = f.make_user()
    users["verified"].verified_at = utcnow()
    users["startup"] = f.make_user("startup", manages=[startup])
    intro = Introduction(startup_id=startup.id, requested_by_id=users["startup"].id,
                         target_person_id=people["inv"].id, connector_person_id=connector.id,
                         path=[], status="forwarded")
    db.session.add(intro)
    db.session.commit()
    return {"people": {k: p.id for k, p in people.items()}, "users": users, "intro": intro}


def _found(text: str, keys=PEOPLE) -> set[str]:
    return {f"{key}.{field}" for key in keys for field in ("email", "phone")
            if _value(key, field) in text}


def observe(app, world, role: str) -> dict:
    """What each channel shows this role: {"page": {...}, "api": {...}, "csv": …, "xlsx": …}."""
    client = app.test_client()
    if role != "anonymous":
        assert login(client, world["users"][role].email).status_code == 302
    seen = {"page": set(), "api": set()}
    for key, person_id in world["people"].items():
        page = client.get(f"/people/{person_id}")
        assert page.status_code == 200
        seen["page"] |= _found(page.get_data(as_text=True), [key])
        api = client.get(f"/api/v1/people/{person_id}").get_json()
        seen["api"] |= _found(json.dumps(api), [key])
    seen["csv"] = _found(client.get("/exports/people.csv").get_data(as_text=True))
    book = load_workbook(io.BytesIO(client.get("/exports/people.xlsx").data), read_only=True)
    cells = " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True)
                     for v in row if v is not None)
    seen["xlsx"] = _found(cells)
    return seen


def test_contact_matrix(app):
    world = build()
    observed = {role: observe(app, world, role) for role in ROLES}
    expected = {role: {"page": PAGE_AND_API[role], "api": PAGE_AND_API[role],
                       "csv": EXPORTS[role], "xlsx": EXPORTS[role]} for role in ROLES}
    differences = [f"{role} {channel}: shows {sorted(observed[role][channel])}, "
                   f"expected {sorted(expected[role][channel])}"
                   for role in ROLES for channel in expected[role]
                   if observed[role][channel] != expected[role][channel]]
    assert differences == []


def test_an_accepted_introduction_opens_the_target_to_the_startup(app):
    world = build()
    assert observe(app, world, "startup")["page"] == _both("pub", "mem")
    world["intro"].status = "accepted"
    db.session.commit()
    seen = observe(app, world, "startup")
    assert seen["page"] == seen["api"] == _both("pub", "mem", "inv")
    assert seen["csv"] == seen["xlsx"] == set()  # lists stay staff-only


def test_a_startup_counts_as_member_only_once_verified(app):
    world = build()
    org = world["users"]["startup"].managed[0].organisation
    org.status = "pending"
    db.session.commit()
    assert observe(app, world, "startup")["page"] == _both("pub")
