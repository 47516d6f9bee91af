"""balanced_assignment: the most pairs possible within demand and capacity, then the most even loads,
the same by OR-Tools and by the HiGHS linear programme, checked against networkx."""
import importlib
import itertools

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from ecosystem.matching.assign_balanced import balanced_assignment

balanced_module = importlib.import_module("ecosystem.matching.assign_balanced")
ROUTES = ["ortools", "highs"]


@pytest.fixture(params=ROUTES)
def route(request, monkeypatch):
    if request.param == "highs":
        monkeypatch.setattr(balanced_module, "min_cost_flow", None)
    return request.param


def pairs_of(result) -> set:
    return set(zip(result.rows.tolist(), result.cols.tolist()))


def test_a_shared_pool_gives_each_row_its_demand_with_loads_within_one(route):
    result = balanced_assignment(np.ones((6, 4)), [3] * 6)
    assert result.method == {"ortools": "ortools-min-cost-flow", "highs": "scipy-highs"}[route]
    assert len(pairs_of(result)) == 18 and np.bincount(result.rows).tolist() == [3] * 6
    assert sorted(result.loads.tolist()) == [4, 4, 5, 5]


def test_only_allowed_pairs_and_capacity_and_carried_load_are_respected(route):
    allowed = np.array([[1, 1, 0], [1, 1, 1], [0, 1, 1]])
    result = balanced_assignment(allowed, [2, 2, 2], capacity=[1, 5, 5], carried=[0, 3, 0])
    # column 0 has one slot, so row 0 must take it; rows 1 and 2 then need both of columns 1 and 2
    assert pairs_of(result) == {(0, 0), (0, 1), (1, 1), (1, 2), (2, 1), (2, 2)}
    assert result.loads.tolist() == [1, 6, 2]


def test_carried_load_steers_new_rows_to_the_idle_column(route):
    result = balanced_assignment(np.ones((3, 2)), [1, 1, 1], carried=[3, 0])
    assert result.loads.tolist() == [3, 3]


def test_zero_demand_zero_capacity_and_empty_inputs(route):
    assert balanced_assignment(np.ones((2, 2)), [0, 0]).rows.size == 0
    assert balanced_assignment(np.ones((2, 2)), [1, 1], capacity=[0, 0]).rows.size == 0
    empty = balanced_assignment(sp.csr_array((0, 3)), [])
    assert empty.method == "empty" and empty.loads.tolist() == [0, 0, 0]


@pytest.mark.parametrize("demand, capacity, carried", [([1, -1], None, None), ([1], None, None),
                                                       ([1, 1], [1], None), ([1, 1], None, [0.5, 0])])
def test_bad_counts_are_refused(demand, capacity, carried):
    with pytest.raises(ValueError):
        balanced_assignment(np.ones((2, 2)), demand, capacity, carried)


def networkx_bounds(allowed, demand, capacity, carried):
    """Independent check: the most pairs possible, then the least possible maximum load."""
    n, m = allowed.shape

    def flow_with(top):
        g = nx.DiGraph()
        g.add_node("s")
        g.add_node("t")
        for i in range(n):
            g.add_edge("s", ("r", i), capacity=int(demand[i]))
            for j in range(m):
                if allowed[i, j]:
                    g.add_edge(("r", i), ("c", j), capacity=1)
        for j in range(m):
            room = max(0, top - int(carried[j]))
            g.add_edge(("c", j), "t", capacity=room if capacity is None else min(room, int(capacity[j])))
        return nx.maximum_flow_value(g, "s", "t")

    ceiling = int(carried.max(initial=0)) + int(demand.sum())
    most = flow_with(ceiling)
    least_max = next(top for top in range(ceiling + 1) if flow_with(top) == most)
    return most, least_max


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 6), st.integers(1, 5), st.data())
def test_both_routes_are_optimal_on_random_cases(n, m, data):
    allowed = np.array(data.draw(st.lists(st.lists(st.booleans(), min_size=m, max_size=m), min_size=n, max_size=n)))
    demand = np.array(data.draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)))
    capacity = data.draw(st.one_of(st.none(), st.lists(st.integers(0, 4), min_size=m, max_size=m)))
    carried = np.array(data.draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)))
    fast = balanced_assignment(allowed.astype(float), demand, capacity, carried)
    saved, balanced_module.min_cost_flow = balanced_module.min_cost_flow, None
    try:
        exact = balanced_assignment(allowed.astype(float), demand, capacity, carried)
    finally:
        balanced_module.min_cost_flow = saved
    most, least_max = networkx_bounds(allowed, demand, capacity, carried)
    for result in (fast, exact):
        chosen = pairs_of(result)
        assert len(chosen) == result.rows.size == most
        assert all(allowed[i, j] for i, j in chosen)
        assert (np.bincount(result.rows, minlength=n) <= demand).all()
        new = np.bincount(result.cols, minlength=m)
        assert capacity is None or (new <= np.array(capacity)).all()
        assert (result.loads == carried + new).all()
        assert all(result.loads[j] <= least_max for j in range(m) if new[j] > 0)
    assert int((fast.loads ** 2).sum()) == int((exact.loads ** 2).sum())


def test_the_least_sum_of_squares_is_found_by_exhaustive_search():
    """On tiny cases, no assignment with as many pairs has a smaller sum of squared loads."""
    rng = np.random.default_rng(5)
    for _ in range(30):
        allowed = rng.random((3, 3)) < 0.7
        demand, carried = rng.integers(0, 3, 3), rng.integers(0, 3, 3)
        result = balanced_assignment(allowed.astype(float), demand, carried=carried)
        cells = [(i, j) for i in range(3) for j in range(3) if allowed[i, j]]
        best = None
        for size in range(len(cells), -1, -1):
            for subset in itertools.combinations(cells, size):
                per_row = np.bincount([i for i, _ in subset], minlength=3)
                if (per_row <= demand).all():
                    loads = carried + np.bincount([j for _, j in subset], minlength=3)
                    cost = int((loads ** 2).sum())
                    best = cost if best is None else min(best, cost)
            if best is not None:
                assert result.rows.size == size
                break
        assert int((result.loads ** 2).sum()) == best
