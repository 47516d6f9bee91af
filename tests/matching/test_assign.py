"""assign() must be optimal, respect capacity and use only allowed pairs, on any instance."""
import importlib
import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from ecosystem.matching import assign, solve_assignment
from ecosystem.matching.assign import assignment_total

assign_module = importlib.import_module("ecosystem.matching.assign")  # the name is shadowed


def exhaustive_best(scores, capacity):
    """Best total over every way to give each startup one allowed mentor or none."""
    n, m = scores.shape
    best = 0.0
    options = [[-1] + [j for j in range(m) if scores[i, j] > 0] for i in range(n)]
    for choice in itertools.product(*options):
        used = np.bincount([j for j in choice if j >= 0], minlength=m)
        if (used <= capacity).all():
            best = max(best, sum(scores[i, j] for i, j in enumerate(choice) if j >= 0))
    return best


def lsa_best(scores, capacity):
    """Optimum by scipy's dense Hungarian solver over capacity slots plus 'unassigned' columns."""
    n, m = scores.shape
    owner = np.repeat(np.arange(m), capacity)
    big = 1e9
    slot_cost = np.where(scores[:, owner] > 0, -scores[:, owner], big)
    none_cost = np.full((n, n), big)
    np.fill_diagonal(none_cost, 0.0)
    cost = np.hstack([slot_cost, none_cost])
    rows, cols = linear_sum_assignment(cost)
    return float(-cost[rows, cols].sum())


def check_valid(scores, capacity, result):
    """The result has the contract's shape and dtype, uses allowed pairs, respects capacities."""
    n, m = scores.shape
    assert isinstance(result, np.ndarray) and result.shape == (n,)
    assert np.issubdtype(result.dtype, np.integer)
    assert ((result >= -1) & (result < m)).all()
    counts = np.bincount(result[result >= 0], minlength=m)
    assert (counts <= np.asarray(capacity)).all()
    return assignment_total(scores, result)


def random_instance(rng, n, m, density, max_cap):
    mask = rng.random((n, m)) < density
    scores = np.where(mask, rng.random((n, m)) * 10, 0.0)
    capacity = rng.integers(0, max_cap + 1, m)
    return scores, capacity


@pytest.mark.parametrize("seed", range(40))
def test_small_random_cases_match_exhaustive_search(seed):
    rng = np.random.default_rng(seed)
    scores, capacity = random_instance(rng, rng.integers(1, 7), rng.integers(1, 4), 0.6, 2)
    total = check_valid(scores, capacity, assign(scores, capacity))
    assert total == pytest.approx(exhaustive_best(scores, capacity), rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("seed", range(12))
def test_medium_random_cases_match_linear_sum_assignment(seed):
    rng = np.random.default_rng(100 + seed)
    n, m = int(rng.integers(50, 160)), int(rng.integers(10, 40))
    scores, capacity = random_instance(rng, n, m, float(rng.uniform(0.05, 0.5)), 5)
    for matrix in (scores, sp.csr_array(scores), sp.coo_matrix(scores)):
        total = check_valid(scores, capacity, assign(matrix, capacity))
        assert total == pytest.approx(lsa_best(scores, capacity), rel=1e-9)


def test_exact_scipy_route_agrees_with_min_cost_flow(monkeypatch):
    rng = np.random.default_rng(7)
    scores, capacity = random_instance(rng, 120, 30, 0.2, 4)
    fast = solve_assignment(scores, capacity)
    monkeypatch.setattr(assign_module, "min_cost_flow", None)
    exact = solve_assignment(scores, capacity)
    assert (fast.method, exact.method) == ("ortools-min-cost-flow", "scipy-slots")
    check_valid(scores, capacity, exact.mentor_of)
    assert fast.total == pytest.approx(exact.total, rel=1e-9)
    assert fast.gap_bound < 1e-7


def test_maximises_weight_not_cardinality():
    # One slot: A->m0 (10) alone beats A->m1 (1) + B->m0 (1).
    scores = np.array([[10.0, 1.0], [1.0, 0.0]])
    result = assign(scores, np.array([1, 0]))
    assert result.tolist() == [0, -1]


def test_startup_left_unassigned_only_when_capacity_binds():
    scores = np.array([[5.0, 0.0], [4.0, 0.0], [3.0, 1.0]])
    result = assign(scores, [1, 1])
    assert result.tolist() == [0, -1, 1]


def test_scores_over_a_wide_range_stay_optimal():
    rng = np.random.default_rng(3)
    scores = np.where(rng.random((80, 12)) < 0.4, 10.0 ** rng.uniform(-9, 6, (80, 12)), 0.0)
    capacity = rng.integers(1, 4, 12)
    total = check_valid(scores, capacity, assign(scores, capacity))
    assert total == pytest.approx(lsa_best(scores, capacity), rel=1e-9)


def test_negative_and_explicit_zero_entries_are_not_allowed():
    matrix = sp.csr_array((np.array([0.0, -3.0, 2.0]), (np.array([0, 1, 2]), np.array([0, 0, 0]))),
                          shape=(3, 1))
    assert assign(matrix, [3]).tolist() == [-1, -1, 0]


def test_duplicate_coo_entries_are_summed_like_scipy():
    matrix = sp.coo_array((np.array([1.0, 2.0, 2.5]), (np.array([0, 0, 1]), np.array([0, 0, 0]))),
                          shape=(2, 1))
    assert assign(matrix, [1]).tolist() == [0, -1]


@pytest.mark.parametrize("shape", [(0, 0), (0, 3), (4, 0)])
def test_empty_matrices(shape):
    result = assign(np.zeros(shape), np.ones(shape[1], dtype=int))
    assert result.shape == (shape[0],) and (result == -1).all()


def test_all_zero_scores_assign_nobody():
    assert assign(np.zeros((5, 3)), [2, 2, 2]).tolist() == [-1] * 5


def test_zero_capacity_mentors_get_nobody():
    scores = np.array([[9.0, 1.0], [8.0, 2.0]])
    assert assign(scores, [0, 1]).tolist() == [-1, 1]
    assert assign(scores, [0, 0]).tolist() == [-1, -1]


def test_capacity_above_the_number_of_startups():
    scores = np.array([[1.0], [2.0], [3.0]])
    assert assign(scores, [1000]).tolist() == [0, 0, 0]


@pytest.mark.parametrize(
    "scores, capacity",
    [
        (np.array([[1.0, np.nan]]), [1, 1]),
        (np.array([[1.0, np.inf]]), [1, 1]),
        (np.ones(3), [1, 1, 1]),
        (np.ones((2, 2)), [1]),
        (np.ones((2, 2)), [1, -1]),
        (np.ones((2, 2)), [1.5, 1]),
    ],
)
def test_invalid_input_is_rejected(scores, capacity):
    with pytest.raises(ValueError):
        assign(scores, capacity)


def test_assignment_total_rejects_a_disallowed_pair():
    with pytest.raises(ValueError):
        assignment_total(np.array([[0.0, 1.0]]), np.array([0]))


@st.composite
def instances(draw, max_n=6, max_m=3):
    n = draw(st.integers(0, max_n))
    m = draw(st.integers(0, max_m))
    values = st.sampled_from([0.0, 0.0, 0.5, 1.0, 1.0, 2.0, 3.25, 7.0, 1e-6, 1e4])
    scores = np.array(draw(st.lists(values, min_size=n * m, max_size=n * m)), dtype=float)
    capacity = np.array(draw(st.lists(st.integers(0, 3), min_size=m, max_size=m)), dtype=int)
    return scores.reshape(n, m), capacity


@settings(max_examples=150, deadline=None)
@given(instances())
def test_property_optimal_and_within_capacity(instance):
    scores, capacity = instance
    total = check_valid(scores, capacity, assign(scores, capacity))
    assert total == pytest.approx(exhaustive_best(scores, capacity), rel=1e-9, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(5, 60), st.integers(2, 15))
def test_property_medium_sparse_instances(seed, n, m):
    rng = np.random.default_rng(seed)
    scores, capacity = random_instance(rng, n, m, 0.3, 4)
    total = check_valid(scores, capacity, assign(sp.csr_matrix(scores), capacity))
    assert total == pytest.approx(lsa_best(scores, capacity), rel=1e-9, abs=1e-12)
