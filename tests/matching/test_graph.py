"""The compact ecosystem graph: shape, ageing of ties, refresh by delta, networkx export."""
import random
from datetime import date, timedelta

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.matching.graph import EDGE_KINDS, EcosystemGraph
from ecosystem.matching.graph_build import DEFAULT_KIND_WEIGHTS, EdgeRow, build_graph, edge_rows

TODAY = date(2025, 6, 1)
HALF_LIFE = 365


def graph_of(rows, **kw):
    return build_graph(rows, kind_weights=DEFAULT_KIND_WEIGHTS, half_life_days=HALF_LIFE,
                       as_of=TODAY, **kw)


def test_nodes_are_typed_keys_and_ties_keep_kind_dates_and_relationship():
    g = graph_of([EdgeRow(("person", 1), ("org", 10), "mentor", date(2024, 1, 1), None, 77)],
                 nodes=[("sector", 3)], version=5)
    assert g.version == 5 and g.n_nodes == 3 and ("sector", 3) in g
    [tie] = g.ties(("org", 10))
    assert (tie.source, tie.target, tie.kind) == (("person", 1), ("org", 10), "mentor")
    assert (tie.start, tie.end, tie.relationship_id) == (date(2024, 1, 1), None, 77)
    assert tie.weight == pytest.approx(DEFAULT_KIND_WEIGHTS["mentor"])
    assert g.ties(("sector", 3)) == [] and g.ties(("person", 404)) == []


def test_older_ties_weigh_less_by_the_half_life():
    rows = [EdgeRow(("person", 1), ("org", 1), "member", end=TODAY - timedelta(days=HALF_LIFE)),
            EdgeRow(("person", 1), ("org", 2), "member", end=TODAY - timedelta(days=2 * HALF_LIFE)),
            EdgeRow(("person", 1), ("org", 3), "member", end=TODAY + timedelta(days=30)),
            EdgeRow(("person", 1), ("org", 4), "member", start=date(2001, 1, 1))]
    g = graph_of(rows)
    weights = {t.target[1]: t.weight for t in g.ties(("person", 1))}
    base = DEFAULT_KIND_WEIGHTS["member"]
    assert weights == pytest.approx({1: base / 2, 2: base / 4, 3: base, 4: base})
    g.set_as_of(TODAY + timedelta(days=HALF_LIFE))
    weights = {t.target[1]: t.weight for t in g.ties(("person", 1))}
    assert weights[1] == pytest.approx(base / 4) and weights[4] == pytest.approx(base)


def test_the_half_life_is_a_parameter():
    row = [EdgeRow(("person", 1), ("org", 1), "member", end=TODAY - timedelta(days=100))]
    short = build_graph(row, kind_weights=DEFAULT_KIND_WEIGHTS, half_life_days=100, as_of=TODAY)
    long = build_graph(row, kind_weights=DEFAULT_KIND_WEIGHTS, half_life_days=400, as_of=TODAY)
    assert short.ties(("org", 1))[0].weight < long.ties(("org", 1))[0].weight


@pytest.mark.parametrize("bad", [
    dict(half_life_days=0), dict(half_life_days=-5),
    dict(kind_weights={"mentor": 1.0}),
    dict(rows=[EdgeRow(("person", 1), ("person", 1), "family")]),
    dict(rows=[EdgeRow(("person", 1), ("org", 1), "member", weight=0.0)]),
    dict(rows=[EdgeRow(("planet", 1), ("org", 1), "member")]),
])
def test_invalid_graphs_are_rejected(bad):
    args = dict(rows=[], kind_weights=DEFAULT_KIND_WEIGHTS, half_life_days=HALF_LIFE)
    args.update(bad)
    with pytest.raises(ValueError):
        build_graph(args.pop("rows"), as_of=TODAY, **args)


def test_one_relationship_is_added_replaced_and_removed_without_rebuild():
    g = graph_of([EdgeRow(("person", 1), ("org", 1), "member", relationship_id=1)])
    indptr = g.indptr
    g.add_edge(("person", 2), ("org", 1), "employee", 0.8, relationship_id=2)
    assert g.indptr is indptr  # served from the overlay
    assert {t.source for t in g.ties(("org", 1))} == {("person", 1), ("person", 2)}
    g.replace_relationship(2, ("person", 2), ("org", 9), "founder", 1.0)
    assert [t.kind for t in g.ties(("person", 2))] == ["founder"]
    assert g.remove_relationship(2) == 1 and g.ties(("person", 2)) == []
    assert g.remove_relationship(404) == 0
    assert g.live_edge_count() == 1
    g.add_edge(("person", 3), ("org", 1), "mentor", relationship_id=3)  # weight from the kind
    assert g.ties(("person", 3))[0].base_weight == DEFAULT_KIND_WEIGHTS["mentor"]
    with pytest.raises(ValueError):
        g.add_edge(("person", 3), ("org", 1), "friend")


def test_removing_a_node_drops_its_ties():
    g = graph_of([EdgeRow(("person", 1), ("org", 1), "member"), EdgeRow(("person", 2), ("org", 1), "member"),
                  EdgeRow(("person", 1), ("person", 2), "family")])
    assert g.remove_node(("person", 1)) == 2 and g.remove_node(("person", 404)) == 0
    assert [t.source for t in g.ties(("org", 1))] == [("person", 2)]
    assert g.ties(("person", 1)) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 14), st.integers(0, 14),
                          st.sampled_from(EDGE_KINDS), st.integers(0, 30)), max_size=120))
def test_property_deltas_match_a_full_rebuild(ops):
    g = graph_of([])
    model = {}
    for is_add, a, b, kind, rel in ops:
        if is_add and a != b:
            g.remove_relationship(rel)
            g.add_edge(("person", a), ("org", b), kind, 0.5, relationship_id=rel)
            model[rel] = (("person", a), ("org", b), kind)
        elif not is_add:
            g.remove_relationship(rel)
            model.pop(rel, None)
    rebuilt = graph_of([EdgeRow(a, b, kind, relationship_id=rel) for rel, (a, b, kind) in model.items()])
    for graph in (g, rebuilt):
        seen = sorted((r.relationship_id, r.a, r.b, r.kind) for r in edge_rows(graph))
        assert seen == sorted((rel, a, b, kind) for rel, (a, b, kind) in model.items())
        for node in list(graph.index):
            got = sorted((t.relationship_id, t.source, t.target) for t in graph.ties(node))
            want = sorted((rel, a, b) for rel, (a, b, _) in model.items() if node in (a, b))
            assert got == want


def test_bulk_additions_fold_the_overlay_into_the_index():
    g = graph_of([EdgeRow(("person", 0), ("org", 0), "member")])
    for i in range(1, 3000):
        g.add_edge(("person", i), ("org", i % 7), "member", 0.5, relationship_id=i)
    assert g.overlay_size < 3000  # rebuilt at least once along the way
    assert len(g.ties(("org", 3))) == len([i for i in range(1, 3000) if i % 7 == 3])


def test_affiliations_and_filters():
    g = graph_of([EdgeRow(("org", 1), ("org", 50), "resident"),
                  EdgeRow(("org", 1), ("org", 60), "club_member"),
                  EdgeRow(("org", 1), ("org", 70), "partner"),
                  EdgeRow(("org", 1), ("sector", 2), "sector")])
    assert g.affiliations(("org", 1), ["resident", "club_member"]) == {50, 60}
    assert g.affiliations(("org", 1), ["sector"], node_type="sector") == {2}
    assert g.affiliations(("org", 404), ["resident"]) == set()


def test_to_networkx_merges_parallel_ties_and_takes_a_subgraph():
    g = graph_of([EdgeRow(("person", 1), ("org", 1), "mentor"),
                  EdgeRow(("person", 1), ("org", 1), "investor"),
                  EdgeRow(("org", 1), ("person", 2), "founder"),
                  EdgeRow(("person", 2), ("person", 3), "family")])
    whole = g.to_networkx()
    assert whole.number_of_nodes() == 4 and whole.number_of_edges() == 3
    data = whole.edges[("person", 1), ("org", 1)]
    assert sorted(data["kinds"]) == ["investor", "mentor"]
    assert data["weight"] == pytest.approx(DEFAULT_KIND_WEIGHTS["mentor"])
    part = g.to_networkx([("person", 1), ("org", 1), ("person", 2), ("person", 404)])
    assert set(part.nodes) == {("person", 1), ("org", 1), ("person", 2)}
    assert part.number_of_edges() == 2 and part.nodes[("org", 1)]["type"] == "org"
    assert nx.betweenness_centrality(part)[("org", 1)] == pytest.approx(1.0)


def test_arrays_stay_compact():
    rng = random.Random(0)
    rows = [EdgeRow(("person", rng.randrange(5000)), ("org", rng.randrange(5000)),
                    rng.choice(EDGE_KINDS[:-1])) for _ in range(20000)]
    g = graph_of(rows)
    assert g.nbytes() < 120 * len(rows)  # bytes per edge, all arrays included
    assert isinstance(g, EcosystemGraph)
