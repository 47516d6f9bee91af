"""`flask seed-demo` on an empty database: every row of seeds/demo lands, a second run changes
nothing, every demo login works, and the demo is as large as issue 2 promises."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import (InvestorProfile, MentorProfile, Organisation, Person, Relationship,
                              StartupProfile, User)
from ecosystem.seeding import load_demo
from tests.conftest import login


def demo_file(app, name: str) -> list:
    return json.loads((Path(app.config["SEEDS_DIR"]) / "demo" / name).read_text(encoding="utf-8"))


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def loaded(app):
    result = load_demo(app.config["SEEDS_DIR"])
    db.session.commit()
    return result


def test_every_row_of_the_files_is_loaded(app, loaded):
    orgs, people = demo_file(app, "organisations.json"), demo_file(app, "people.json")
    assert loaded["loaded"] and loaded["organisations"] == len(orgs) and loaded["people"] == len(people)
    # Domain seeders (ecosystem/seeders/) add their own rows on top of the files' rows.
    slugs = set(db.session.scalars(select(Organisation.slug)))
    assert {o["key"] for o in orgs} <= slugs and count(Person) >= len(people)
    demo_ties = select(func.count(Relationship.id)).where(Relationship.source == "demo")
    assert db.session.scalar(demo_ties) == len(demo_file(app, "relationships.json"))
    emails = set(db.session.scalars(select(User.email)))
    assert {u["email"] for u in demo_file(app, "users.json")} <= emails
    assert count(StartupProfile) >= sum(o["kind"] == "startup" for o in orgs)
    assert count(MentorProfile) >= sum("mentor" in p for p in people)
    assert count(InvestorProfile) >= sum("investor" in r for r in orgs + people)
    biic = db.session.scalar(select(Organisation).where(Organisation.slug == "biic"))
    assert {s.code for s in biic.sectors} == set(next(o for o in orgs if o["key"] == "biic")["sectors"])


def test_a_second_run_changes_nothing(app, loaded):
    before = [count(m) for m in (Organisation, Person, Relationship, User)]
    again = load_demo(app.config["SEEDS_DIR"])
    db.session.commit()
    assert again == {"loaded": False}
    assert [count(m) for m in (Organisation, Person, Relationship, User)] == before


def test_the_command_loads_once(app, runner):
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "Demo loaded" in first.output
    assert second.exit_code == 0 and "nothing changed" in second.output
    assert count(Organisation) >= len(demo_file(app, "organisations.json"))


def test_every_demo_login_works_with_its_roles(app, loaded):
    for row in demo_file(app, "users.json"):
        client = app.test_client()
        response = login(client, row["email"], row["password"])
        assert response.status_code == 302, row["email"]
        user = db.session.scalar(select(User).where(User.email == row["email"]))
        assert {r.role for r in user.roles} == set(row["roles"])
        assert len(user.managed) == len(row["manages"])
        assert (user.person_id is None) == (row["person"] is None)
        db.session.rollback()


def test_the_demo_is_as_large_as_the_issue_promises(loaded):
    kinds = dict(db.session.execute(select(Organisation.kind, func.count()).group_by(Organisation.kind)).all())
    assert kinds["startup"] >= 60 and kinds["club"] >= 5
    assert count(MentorProfile) >= 25 and count(InvestorProfile) >= 12
    names = set(db.session.scalars(select(Organisation.name)))
    assert {"Trường Đại học Thủ Dầu Một", "Trường Đại học Việt Đức", "Vườn ươm Doanh nghiệp Becamex",
            "Trung tâm Sáng kiến cộng đồng và Hỗ trợ khởi nghiệp tỉnh Bình Dương"} <= names


def test_the_startup_member_edits_only_their_own_startup(app, client, loaded):
    rows = {u["email"]: u for u in demo_file(app, "users.json")}
    own, other = rows["startup@demo.sokhcn.vn"]["manages"][0], rows["startup2@demo.sokhcn.vn"]["manages"][0]
    login(client, "startup@demo.sokhcn.vn", rows["startup@demo.sokhcn.vn"]["password"])
    assert client.get(f"/orgs/{own}/edit").status_code == 200
    assert client.get(f"/orgs/{other}/edit").status_code == 403


@pytest.mark.parametrize("query, kind, expected", [
    ("thu dau mot", "university", "Trường Đại học Thủ Dầu Một"),
    ("khoi nghiep", "club", "CLB Khởi nghiệp Đại học Thủ Dầu Một"),
    ("NONG NGHIEP xanh", "", "Công ty TNHH Nông Nghiệp Xanh Lộc Phát")])
def test_accent_free_search_finds_demo_organisations(client, loaded, query, kind, expected):
    page = client.get("/orgs/", query_string={"q": query, "kind": kind}).get_data(as_text=True)
    assert expected in page
