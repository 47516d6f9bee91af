"""`flask seed-synthetic`: the rows the generator yields land in the database with their ties
intact, searchable like any other, once, and beside the demo without a clash."""
from collections import Counter

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import (InvestorProfile, MentorProfile, Organisation, Person, Relationship,
                              StartupProfile)
from ecosystem.models.directory import org_sectors
from ecosystem.seeding import load_demo
from ecosystem.services.directory.records import organisation_query
from ecosystem.services.directory.synthetic import generate, seed_vocab
from ecosystem.synthetic_cli import SyntheticError, load_synthetic

ARGS = dict(startups=60, mentors=12, investors=7, seed=3)


def rows_of(startups, mentors, investors, seed) -> dict:
    sectors, needs = seed_vocab()
    out = {"organisation": [], "person": [], "relationship": []}
    for kind, row in generate(startups, mentors, investors, seed, sectors=sectors, needs=needs):
        out[kind].append(row)
    return out


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def loaded(app):
    counts = load_synthetic(**ARGS, seeds_dir=app.config["SEEDS_DIR"])
    db.session.commit()
    return counts


def test_every_generated_row_is_inserted(loaded):
    rows = rows_of(**ARGS)
    assert loaded == {kind: len(r) for kind, r in rows.items()}
    assert count(Organisation) == len(rows["organisation"]) and count(Person) == len(rows["person"])
    assert count(Relationship) == len(rows["relationship"])
    assert count(StartupProfile) == ARGS["startups"] and count(MentorProfile) == ARGS["mentors"]
    assert count(InvestorProfile) == ARGS["investors"]
    assert count(org_sectors) == sum(len(o["sectors"]) for o in rows["organisation"])


def test_relationships_join_the_right_ends(loaded):
    rows = rows_of(**ARGS)
    org_ids = dict(db.session.execute(select(Organisation.slug, Organisation.id)).all())
    person_ids = dict(zip((p["key"] for p in rows["person"]),
                          db.session.scalars(select(Person.id).order_by(Person.id))))
    ids = {**{f"o:{k}": ("org", v) for k, v in org_ids.items()},
           **{f"p:{k}": ("person", v) for k, v in person_ids.items()}}
    expected = Counter((r["kind"], ids[r["source"]], ids[r["target"]], r["amount_vnd"])
                       for r in rows["relationship"])
    stored = Counter()
    for rel in db.session.scalars(select(Relationship)):
        source = ("person", rel.source_person_id) if rel.source_person_id else ("org", rel.source_org_id)
        target = ("person", rel.target_person_id) if rel.target_person_id else ("org", rel.target_org_id)
        stored[(rel.kind, source, target, rel.amount_vnd)] += 1
    assert stored == expected


def test_bulk_rows_are_searchable_like_rows_made_through_the_orm(loaded):
    startup = db.session.scalar(select(Organisation).where(Organisation.kind == "startup").limit(1))
    found = db.session.scalars(organisation_query(q=startup.name.lower().replace("đ", "d"))).all()
    assert startup in found
    assert startup.sectors and startup.startup.needs and startup.search_key


def test_a_second_load_is_refused_and_changes_nothing(app, loaded):
    before = count(Relationship)
    with pytest.raises(SyntheticError):
        load_synthetic(**ARGS, seeds_dir=app.config["SEEDS_DIR"])
    assert count(Relationship) == before


def test_new_rows_after_a_bulk_load_get_fresh_ids(loaded):
    """On PostgreSQL the sequences must have moved past the ids the loader chose."""
    highest = db.session.scalar(select(func.max(Organisation.id)))
    org = Organisation(kind="club", name="CLB Sau Khi Nạp", slug="clb-sau-khi-nap", status="verified")
    db.session.add(org)
    db.session.flush()
    assert org.id > highest


def test_the_demo_and_a_synthetic_world_live_side_by_side(app):
    load_demo(app.config["SEEDS_DIR"])
    demo_orgs = count(Organisation)
    load_synthetic(**ARGS, seeds_dir=app.config["SEEDS_DIR"])
    db.session.commit()
    assert count(Organisation) == demo_orgs + len(rows_of(**ARGS)["organisation"])


def test_the_command_reports_and_refuses_a_second_run(runner):
    args = ["seed-synthetic", "--startups", "30", "--mentors", "5", "--investors", "4", "--seed", "9"]
    first = runner.invoke(args=args)
    assert first.exit_code == 0 and "relationships in" in first.output
    assert count(StartupProfile) == 30
    second = runner.invoke(args=args)
    assert second.exit_code != 0 and "already loaded" in second.output
