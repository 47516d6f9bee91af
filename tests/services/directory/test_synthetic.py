"""The synthetic ecosystem: the same seed gives the same rows, and rows of any size load cleanly
(every key resolves, every code is known, tax codes are valid, unique and never a demo code)."""
import random
from collections import Counter
from datetime import date
from functools import lru_cache

import pytest
from hypothesis import given, settings, strategies as st

from ecosystem.services.directory.synthetic import FLAVOUR, STAGES, approx_rows, generate, seed_vocab, tax_codes
from ecosystem.validators import is_valid_tax_code
from tests.test_demo_seeds import edge_problems, org_problems, person_problems

SECTORS = {s["code"] for s in seed_vocab()[0]}
NEEDS = set(seed_vocab()[1])


@lru_cache(maxsize=None)
def world(startups: int, mentors: int, investors: int, seed: int = 3, as_of: date = date(2026, 9, 30)):
    """Rows by table, plus the table of each row in the order they came."""
    tables = {"organisation": [], "person": [], "relationship": []}
    order = []
    for table, row in generate(startups, mentors, investors, seed, as_of=as_of):
        tables[table].append(row)
        order.append(table)
    return tables, tuple(order)


def by_key(rows: list) -> dict:
    return {r["key"]: r for r in rows}


def test_same_seed_gives_the_same_rows():
    assert list(generate(150, 30, 10, seed=7)) == list(generate(150, 30, 10, seed=7))


def test_another_seed_gives_other_rows():
    assert list(generate(150, 30, 10, seed=7)) != list(generate(150, 30, 10, seed=8))


@pytest.mark.parametrize("startups, mentors, investors", [(400, 60, 20), (50, 0, 1), (0, 5, 0), (10, 3, 2)])
def test_counts_are_what_was_asked(startups, mentors, investors):
    tables, _ = world(startups, mentors, investors)
    kinds = Counter(o["kind"] for o in tables["organisation"])
    assert kinds["startup"] == startups
    assert sum("mentor" in p for p in tables["person"]) == mentors
    assert sum("investor" in r for r in tables["person"] + tables["organisation"]) == investors
    founders = Counter(e["target"] for e in tables["relationship"] if e["kind"] == "founder")
    startups = [o["key"] for o in tables["organisation"] if o["kind"] == "startup"]
    assert all(1 <= founders[f"o:{key}"] <= 3 for key in startups)


def test_every_organisation_comes_first_then_people_then_relationships():
    _, order = world(300, 40, 12)
    blocks = {"organisation": 0, "person": 1, "relationship": 2}
    assert list(order) == sorted(order, key=blocks.get)


def test_rows_are_valid_and_every_edge_fits():
    tables, _ = world(400, 60, 20)
    orgs, people = by_key(tables["organisation"]), by_key(tables["person"])
    assert len(orgs) == len(tables["organisation"]) and len(people) == len(tables["person"])
    assert all(k.startswith("syn-") for k in list(orgs) + list(people))  # never a demo key
    assert [k for k, o in orgs.items() if org_problems(o, SECTORS, NEEDS)] == []
    assert [k for k, p in people.items() if person_problems(p, SECTORS)] == []
    assert edge_problems(orgs, people, tables["relationship"]) == []


def test_names_of_organisations_are_unique_and_invented():
    tables, _ = world(2000, 100, 40)
    names = [o["name"] for o in tables["organisation"]]
    assert len(names) == len(set(names))
    assert all(o["email"].endswith(".example.vn") for o in tables["organisation"])
    assert all(p["email"].endswith("@mail.example.vn") for p in tables["person"])
    assert len({p["email"] for p in tables["person"]}) == len(tables["person"])


def test_tax_codes_are_valid_unique_and_outside_the_demo_block():
    tables, _ = world(2000, 100, 40)
    codes = [o["tax_code"] for o in tables["organisation"] if o["tax_code"]]
    assert len(codes) == len(set(codes)) > 1000
    assert all(is_valid_tax_code(c) and c.startswith("99") and not c.startswith("9900") for c in codes)


def test_tax_codes_stay_unique_past_fifty_thousand():
    codes = tax_codes(60_000, random.Random(11))
    assert len(codes) == len(set(codes)) == 60_000
    assert all(is_valid_tax_code(c) and c[:2] == "99" and c[2] != "0" for c in codes)


def test_about_five_relationships_touch_each_node():
    tables, _ = world(3000, 150, 60)
    nodes = len(tables["organisation"]) + len(tables["person"])
    assert 4.5 <= 2 * len(tables["relationship"]) / nodes <= 5.5


def test_stages_sectors_and_capacities_are_spread_realistically():
    tables, _ = world(3000, 150, 60)
    startups = [o for o in tables["organisation"] if o["kind"] == "startup"]
    share = Counter(o["stage"] for o in startups)
    expected = {"idea": 0.18, "pre_seed": 0.27, "seed": 0.30, "series_a_plus": 0.15, "growth": 0.10}
    assert all(abs(share[s] / len(startups) - p) < 0.04 for s, p in expected.items())
    sectors = Counter(o["sectors"][0] for o in startups)
    assert set(sectors) == SECTORS and sectors.most_common(1)[0][0] == "manufacturing"
    capacities = Counter(p["mentor"]["capacity"] for p in tables["person"] if "mentor" in p)
    assert set(capacities) == {1, 2, 3, 4, 5}


def test_active_mentorships_respect_capacity():
    tables, _ = world(3000, 150, 60)
    capacity = {p["key"]: p["mentor"]["capacity"] for p in tables["person"] if "mentor" in p}
    mentorships = [e for e in tables["relationship"] if e["kind"] == "mentor"]
    active = Counter(e["source"][2:] for e in mentorships if e["ended_on"] is None)
    assert active and all(n <= capacity[k] for k, n in active.items())
    assert any(e["ended_on"] for e in mentorships)


def test_investments_fit_the_ticket_and_the_thesis_stage():
    tables, _ = world(3000, 150, 60)
    holders = {f"o:{o['key']}": o for o in tables["organisation"]}
    holders.update({f"p:{p['key']}": p for p in tables["person"]})
    deals = [e for e in tables["relationship"] if e["kind"] == "investor"]
    assert len(deals) > 500
    for e in deals:
        ticket, startup = holders[e["source"]]["investor"], holders[e["target"]]
        assert ticket["ticket_min_vnd"] <= e["amount_vnd"] <= ticket["ticket_max_vnd"], e
        assert e["amount_vnd"] % 50_000_000 == 0 and e["round"] and e["started_on"], e
        assert startup["stage"] in ticket["stages"] and startup["stage"] != "idea", e


@pytest.mark.parametrize("as_of", [date(2026, 9, 30), date(2023, 6, 30)])
def test_no_date_is_after_as_of_and_ties_run_forwards(as_of):
    tables, _ = world(500, 50, 20, as_of=as_of)
    limit = as_of.isoformat()
    for o in tables["organisation"]:
        assert (o["founded_on"] or "") <= limit and (o["first_registered_on"] or "") <= limit, o
    for e in tables["relationship"]:
        assert (e["started_on"] or "") <= limit and (e["ended_on"] or "") <= limit, e
        assert not (e["started_on"] and e["ended_on"]) or e["started_on"] <= e["ended_on"], e
        date.fromisoformat(e["started_on"] or limit)


def test_every_seeded_sector_has_a_flavour():
    assert SECTORS <= set(FLAVOUR)


@pytest.mark.parametrize("startups, mentors, investors", [(200, 40, 12), (5000, 200, 80)])
def test_progress_total_is_close_to_the_real_row_count(startups, mentors, investors):
    rows = sum(1 for _ in generate(startups, mentors, investors, seed=5))
    assert abs(approx_rows(startups, mentors, investors) - rows) <= 0.1 * rows


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 40), st.integers(0, 12), st.integers(0, 8), st.integers(0, 10**6))
def test_any_size_and_seed_gives_a_consistent_world(startups, mentors, investors, seed):
    tables = {"organisation": [], "person": [], "relationship": []}
    for table, row in generate(startups, mentors, investors, seed):
        tables[table].append(row)
    orgs, people = by_key(tables["organisation"]), by_key(tables["person"])
    assert edge_problems(orgs, people, tables["relationship"]) == []
    assert sum(o["kind"] == "startup" for o in orgs.values()) == startups
    assert all(o["stage"] in STAGES for o in orgs.values() if o["kind"] == "startup")
