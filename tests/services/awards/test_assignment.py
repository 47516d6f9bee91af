"""Judge assignment: never a conflicted judge, k judges when feasible, balanced loads, shortfalls explained."""
import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.services.awards.assignment import SHORTFALL_REASONS, assign_judges
from ecosystem.services.awards.rubric import describe


def spread(loads):
    return max(loads.values()) - min(loads.values())


def test_one_panel_without_conflicts_is_even():
    panels = {n: ["A", "B", "C", "D"] for n in range(6)}
    result = assign_judges(panels, k=3)
    assert result.complete
    assert all(len(js) == 3 and len(set(js)) == 3 for js in result.judges.values())
    assert sum(result.loads.values()) == 18 and spread(result.loads) <= 1


def test_conflicted_pairs_are_never_assigned():
    panels = {n: ["A", "B", "C", "D", "E"] for n in range(10)}
    conflicts = {("A", 0), ("B", 1), ("C", 2), ("D", 3), ("E", 4), ("A", 5)}
    result = assign_judges(panels, k=3, conflicts=conflicts)
    assert result.complete
    assert not {(j, n) for n, js in result.judges.items() for j in js} & conflicts
    assert result.loads == {"A": 6, "B": 6, "C": 6, "D": 6, "E": 6}  # 30 assignments, conflicts do not bind


def test_loads_are_balanced_across_overlapping_panels():
    panels = {**{n: ["A", "B", "C"] for n in range(4)}, **{n: ["C", "D", "E"] for n in range(4, 8)}}
    result = assign_judges(panels, k=2)
    assert result.complete and spread(result.loads) <= 1


def test_too_few_unconflicted_judges_is_reported():
    panels = {1: ["A", "B", "C"], 2: ["A", "B", "C"], 3: []}
    result = assign_judges(panels, k=3, conflicts={("A", 1)})
    assert result.judges[1] == ["B", "C"] and result.judges[2] == ["A", "B", "C"] and result.judges[3] == []
    assert result.shortfalls == [
        {"nomination": 1, "code": "too_few_judges",
         "params": {"k": 3, "assigned": 2, "panel": 3, "available": 2, "conflicted": 1}},
        {"nomination": 3, "code": "empty_panel",
         "params": {"k": 3, "assigned": 0, "panel": 0, "available": 0, "conflicted": 0}},
    ]
    assert describe(result.shortfalls[0], SHORTFALL_REASONS, "vi") == \
        "Chỉ có 2/3 giám khảo không xung đột lợi ích (1 giám khảo xung đột)."


def test_judge_capacity_is_reported():
    panels = {n: ["A", "B", "C"] for n in range(4)}
    result = assign_judges(panels, k=3, max_load=3)
    assert sum(len(js) for js in result.judges.values()) == 9
    assert result.shortfalls and {s["code"] for s in result.shortfalls} == {"judge_capacity"}
    assert max(result.loads.values()) == 3
    per_judge = assign_judges(panels, k=2, max_load={"A": 0})
    assert "A" not in {j for js in per_judge.judges.values() for j in js} and per_judge.complete


def test_existing_load_is_counted():
    panels = {n: ["A", "B", "C"] for n in range(3)}
    result = assign_judges(panels, k=2, existing_load={"A": 3})
    assert result.complete
    assert result.loads == {"A": 3, "B": 3, "C": 3}  # A already carries 3 from another category


def test_bad_k():
    with pytest.raises(ValueError):
        assign_judges({1: ["A"]}, k=0)
    assert assign_judges({}, k=3).judges == {}


def best_coverage_and_max_load(panels, k, conflicts, max_load):
    """An independent check with networkx: the most pairs possible, then the least possible maximum load."""
    def flow_with(limit):
        g = nx.DiGraph()
        for n, judges in panels.items():
            g.add_edge("s", ("n", n), capacity=k)
            for j in set(judges):
                if (j, n) not in conflicts:
                    g.add_edge(("n", n), ("j", j), capacity=1)
                    cap = limit if max_load is None else min(limit, max_load)
                    g.add_edge(("j", j), "t", capacity=cap)
        if "s" not in g or "t" not in g:
            return 0
        return nx.maximum_flow_value(g, "s", "t")

    top = k * len(panels)
    coverage = flow_with(top)
    least = next(limit for limit in range(top + 1) if flow_with(limit) == coverage)
    return coverage, least


panel_sets = st.dictionaries(
    st.integers(0, 9), st.lists(st.sampled_from("ABCDEF"), min_size=0, max_size=6, unique=True), max_size=10)


@settings(max_examples=300, deadline=None)
@given(panel_sets, st.integers(1, 4), st.sets(st.tuples(st.sampled_from("ABCDEF"), st.integers(0, 9)), max_size=15),
       st.one_of(st.none(), st.integers(1, 6)))
def test_properties_against_an_independent_flow(panels, k, conflicts, max_load):
    result = assign_judges(panels, k=k, conflicts=conflicts, max_load=max_load)
    pairs = {(j, n) for n, js in result.judges.items() for j in js}
    assert not pairs & conflicts
    for n, js in result.judges.items():
        assert len(js) == len(set(js)) <= k and set(js) <= set(panels[n])
    coverage, least_max = best_coverage_and_max_load(panels, k, conflicts, max_load)
    assert len(pairs) == coverage
    if pairs:
        assert max(result.loads.values()) == least_max
    assert {s["nomination"] for s in result.shortfalls} == {n for n, js in result.judges.items() if len(js) < k}
    for short in result.shortfalls:
        free = len([j for j in panels[short["nomination"]] if (j, short["nomination"]) not in conflicts])
        assert short["params"]["available"] == free
        assert (short["code"] == "too_few_judges") == (0 < len(panels[short["nomination"]]) and free < k)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 30), st.integers(3, 8), st.integers(1, 3))
def test_a_shared_panel_meets_k_with_loads_within_one(nominations, judges, k):
    panel = [f"J{i}" for i in range(judges)]
    result = assign_judges({n: panel for n in range(nominations)}, k=k)
    assert result.complete and spread(result.loads) <= 1


def test_kept_judges_stay_and_a_replacement_tops_up():
    panels = {n: ["A", "B", "C", "D"] for n in range(4)}
    first = assign_judges(panels, k=3)
    withdrawn = first.judges[0][0]  # that judge declares a conflict with nomination 0
    keep = {n: [j for j in js if (j, n) != (withdrawn, 0)] for n, js in first.judges.items()}
    again = assign_judges(panels, k=3, conflicts={(withdrawn, 0)}, keep=keep)
    assert again.complete
    for n in range(1, 4):
        assert again.judges[n] == first.judges[n]
    assert set(keep[0]) < set(again.judges[0]) and withdrawn not in again.judges[0]
    assert sum(again.loads.values()) == 12


def test_kept_pairs_count_for_loads_and_shortfalls():
    result = assign_judges({1: ["A", "B"], 2: ["A", "B"]}, k=2, keep={1: ["A"], 2: ["C"]})
    assert result.judges == {1: ["A", "B"], 2: ["C", "A"]} or result.judges == {1: ["A", "B"], 2: ["C", "B"]}
    assert result.complete and result.loads["A"] + result.loads["B"] == 3
