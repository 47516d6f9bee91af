"""Warm-introduction and conflict-of-interest paths on hand-built and random graphs."""
import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.matching.graph_build import DEFAULT_KIND_WEIGHTS, EdgeRow, build_graph
from ecosystem.matching.paths import CONFLICT_KINDS, conflict_paths, warm_paths

TODAY = date(2025, 6, 1)
S, LAN, CLUB, MINH = ("org", 1), ("person", 10), ("org", 50), ("person", 11)


def graph_of(rows):
    return build_graph(rows, kind_weights=DEFAULT_KIND_WEIGHTS, half_life_days=365, as_of=TODAY)


def kinds(path):
    return [hop.kind for hop in path.hops]


def test_mentor_then_club_path_is_explained_hop_by_hop():
    g = graph_of([EdgeRow(LAN, S, "mentor", date(2024, 3, 1), None, 1),
                  EdgeRow(LAN, CLUB, "club_member", relationship_id=2),
                  EdgeRow(MINH, CLUB, "club_member", relationship_id=3)])
    [path] = warm_paths(g, S, MINH)
    assert path.nodes == (S, LAN, CLUB, MINH) and path.connector == LAN
    first = path.hops[0]
    assert (first.frm, first.to, first.kind, first.source, first.target) == (S, LAN, "mentor", LAN, S)
    assert (first.start, first.end, first.relationship_id) == (date(2024, 3, 1), None, 1)
    assert kinds(path) == ["mentor", "club_member", "club_member"]
    w = DEFAULT_KIND_WEIGHTS
    assert path.strength == pytest.approx(w["mentor"] * w["club_member"] ** 2)


def test_sector_nodes_are_never_crossed():
    g = graph_of([EdgeRow(S, ("sector", 1), "sector"), EdgeRow(MINH, ("sector", 1), "sector")])
    assert warm_paths(g, S, MINH) == []
    g.add_edge(S, ("person", 5), "partner", 0.5)
    g.add_edge(("person", 5), MINH, "family", 0.5)
    assert [p.nodes for p in warm_paths(g, S, MINH)] == [(S, ("person", 5), MINH)]


def test_up_to_three_paths_strongest_first_within_max_hops():
    rows = [EdgeRow(S, ("person", i), "mentor") for i in range(1, 6)]
    rows += [EdgeRow(("person", i), MINH, kind) for i, kind in
             [(1, "family"), (2, "employee"), (3, "attended_together"), (4, "alumnus")]]
    rows += [EdgeRow(("person", 5), ("person", 6), "family"), EdgeRow(("person", 6), ("person", 7), "family"),
             EdgeRow(("person", 7), MINH, "family")]
    g = graph_of(rows)
    paths = warm_paths(g, S, MINH)
    # 0.9 * 0.95**3 (four family hops) beats 0.9 * 0.8 (two hops) on strength alone...
    assert [p.connector for p in paths] == [("person", 1), ("person", 5), ("person", 2)]
    assert [p.strength for p in paths] == sorted((p.strength for p in paths), reverse=True)
    # ... but not once each hop costs something.
    short = warm_paths(g, S, MINH, hop_discount=0.5)
    assert [p.connector for p in short] == [("person", 1), ("person", 2), ("person", 4)]
    long = warm_paths(g, S, MINH, limit=10)
    assert len(long) == 5 and sorted(len(p.hops) for p in long) == [2, 2, 2, 2, 4]
    assert all(len(p.hops) <= 2 for p in warm_paths(g, S, MINH, max_hops=2, limit=10))


def test_recent_ties_beat_old_ones():
    old = TODAY - timedelta(days=3 * 365)
    g = graph_of([EdgeRow(S, ("person", 1), "mentor", end=old), EdgeRow(("person", 1), MINH, "family"),
                  EdgeRow(S, ("person", 2), "mentor"), EdgeRow(("person", 2), MINH, "attended_together")])
    assert warm_paths(g, S, MINH)[0].connector == ("person", 2)


def test_avoided_people_and_kinds_are_not_walked():
    g = graph_of([EdgeRow(S, LAN, "mentor"), EdgeRow(LAN, MINH, "family")])
    assert warm_paths(g, S, MINH, avoid=[LAN]) == []
    assert warm_paths(g, S, MINH, kinds=["mentor"]) == []
    assert warm_paths(g, S, ("person", 404)) == [] and warm_paths(g, S, S) == []


def test_delta_refresh_opens_and_closes_a_path():
    g = graph_of([EdgeRow(S, LAN, "mentor")])
    assert warm_paths(g, S, MINH) == []
    g.add_edge(LAN, MINH, "introduced", 0.75, relationship_id=9)
    assert [p.nodes for p in warm_paths(g, S, MINH)] == [(S, LAN, MINH)]
    g.remove_relationship(9)
    assert warm_paths(g, S, MINH) == []


# -- brute force on random graphs ------------------------------------------------------------
def random_rows(rng, n_nodes=12, n_edges=26):
    keys = [("org", i) for i in range(4)] + [("person", i) for i in range(4, n_nodes)]
    keys += [("sector", 0)]
    rows = []
    for rel in range(n_edges):
        a, b = rng.sample(keys, 2)
        kind = "sector" if "sector" in (a[0], b[0]) else rng.choice(
            ["founder", "employee", "member", "mentor", "investor", "family", "partner",
             "attended_together", "club_member"])
        start = rng.choice([None, date(2019, 1, 1), date(2023, 1, 1)])
        end = rng.choice([None, None, date(2021, 1, 1), date(2024, 6, 1)])
        if start and end and end < start:
            start = None
        rows.append(EdgeRow(a, b, kind, start, end, rel))
    return keys, rows


def all_simple_paths(rows, graph, a, b, max_hops, usable):
    """Every simple path as (nodes, rel ids), by plain depth-first search over the rows."""
    adjacency = {}
    for row in rows:
        if usable(row):
            adjacency.setdefault(row.a, []).append((row.b, row))
            adjacency.setdefault(row.b, []).append((row.a, row))
    found = []

    def walk(node, nodes, used):
        if node == b and used:
            found.append((tuple(nodes), tuple(r.relationship_id for r in used)))
            return
        if len(used) == max_hops:
            return
        for nxt, row in adjacency.get(node, []):
            if nxt in nodes or (nxt[0] == "sector"):
                continue
            walk(nxt, nodes + [nxt], used + [row])
    walk(a, [a], [])
    return found


def strength(graph, rels):
    weight = {t.relationship_id: t.weight for key in graph.index for t in graph.ties(key)}
    result = 1.0
    for rel in rels:
        result *= weight[rel]
    return result


@settings(max_examples=120, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5))
def test_property_warm_paths_are_valid_and_the_best_is_found(seed, max_hops):
    rng = random.Random(seed)
    keys, rows = random_rows(rng)
    g = graph_of(rows)
    a, b = rng.sample([k for k in keys if k[0] != "sector"], 2)
    truth = all_simple_paths(rows, g, a, b, max_hops, lambda r: r.kind != "sector")
    paths = warm_paths(g, a, b, max_hops=max_hops, limit=3)
    valid = {(nodes, rels) for nodes, rels in truth}
    for path in paths:
        assert (path.nodes, tuple(h.relationship_id for h in path.hops)) in valid
        assert path.strength == pytest.approx(strength(g, [h.relationship_id for h in path.hops]))
    assert len({p.nodes for p in paths}) == len(paths) <= 3
    assert [p.strength for p in paths] == sorted((p.strength for p in paths), reverse=True)
    assert bool(paths) == bool(truth)
    if truth and max_hops <= 4:
        assert paths[0].strength == pytest.approx(max(strength(g, r) for _, r in truth))


# -- conflicts of interest -------------------------------------------------------------------
JUDGE, NOMINEE, FOUNDER = ("person", 1), ("org", 2), ("person", 3)


def test_conflicts_direct_family_and_same_organisation():
    g = graph_of([EdgeRow(JUDGE, NOMINEE, "mentor", date(2023, 1, 1), None, 1),
                  EdgeRow(JUDGE, FOUNDER, "family", relationship_id=2),
                  EdgeRow(FOUNDER, NOMINEE, "founder", relationship_id=3),
                  EdgeRow(JUDGE, ("org", 9), "member", relationship_id=4),
                  EdgeRow(NOMINEE, ("org", 9), "member", relationship_id=5),
                  EdgeRow(JUDGE, ("org", 8), "attended_together", relationship_id=6),
                  EdgeRow(NOMINEE, ("org", 8), "attended_together", relationship_id=7)])
    paths = conflict_paths(g, JUDGE, NOMINEE)
    assert [kinds(p) for p in paths] == [["mentor"], ["family", "founder"], ["member", "member"]] \
        or [kinds(p) for p in paths] == [["mentor"], ["member", "member"], ["family", "founder"]]
    assert paths[0].hops[0].start == date(2023, 1, 1)
    assert conflict_paths(g, JUDGE, NOMINEE, kinds=["attended_together"])[0].nodes == \
        (JUDGE, ("org", 8), NOMINEE)


def test_conflicts_ignore_ties_outside_the_window_and_beyond_two_hops():
    g = graph_of([EdgeRow(JUDGE, ("org", 5), "employee", date(2015, 1, 1), date(2018, 12, 31)),
                  EdgeRow(NOMINEE, ("org", 5), "employee", date(2017, 1, 1), None),
                  EdgeRow(JUDGE, ("person", 7), "family"), EdgeRow(("person", 7), ("person", 8), "family"),
                  EdgeRow(("person", 8), NOMINEE, "founder")])
    assert len(conflict_paths(g, JUDGE, NOMINEE, window=(date(2018, 1, 1), date(2025, 12, 31)))) == 1
    assert conflict_paths(g, JUDGE, NOMINEE, window=(date(2020, 1, 1), None)) == []
    assert conflict_paths(g, JUDGE, NOMINEE, window=(None, date(2016, 12, 31))) == []
    assert len(conflict_paths(g, JUDGE, NOMINEE, max_hops=3, window=(date(2020, 1, 1), None))) == 1


def active(row, window):
    low, high = window
    return ((row.start is None or high is None or row.start <= high)
            and (row.end is None or low is None or row.end >= low))


@settings(max_examples=120, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3),
       st.sampled_from([None, (date(2022, 1, 1), None), (None, date(2020, 1, 1)),
                        (date(2021, 6, 1), date(2023, 6, 1))]))
def test_property_conflicts_are_exactly_the_simple_paths_of_allowed_ties(seed, max_hops, window):
    rng = random.Random(seed)
    keys, rows = random_rows(rng)
    g = graph_of(rows)
    a, b = rng.sample([k for k in keys if k[0] != "sector"], 2)
    truth = all_simple_paths(rows, g, a, b, max_hops,
                             lambda r: r.kind in CONFLICT_KINDS and active(r, window or (None, None)))
    got = conflict_paths(g, a, b, max_hops=max_hops, window=window)
    assert sorted((p.nodes, tuple(h.relationship_id for h in p.hops)) for p in got) == sorted(truth)
    assert [len(p.hops) for p in got] == sorted(len(p.hops) for p in got)
