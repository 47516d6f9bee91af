"""Capacity-aware optimal cohort assignment: the max-weight b-matching that the coordinator previews.

Model (a min-cost flow, solved exactly in integers by OR-Tools):

    startup i  --(cap 1, cost -round(S*w_ij))-->  mentor j  --(cap c_j, cost 0)-->  sink
    startup i  --(cap 1, cost 0)------------------------------------------------->  sink

Every startup sends one unit; the direct arc is the "stays unassigned" route, so the optimum is
maximum *weight*, not maximum cardinality (with one mentor slot, A→m (10) beats A→m' (1) + B→m (1)).
Min-cost flow with integer capacities has an integral optimum, so the flow is an assignment.

Why rounding cannot cost more than 1e-6 (relative): let S be the scale, k = min(n_startups,
sum(capacity)) the most pairs any assignment can hold, X the integer optimum and X* the true one.
Each scaled cost is within 1 unit of S*w (0.5 from rounding, < 0.5 from float error because
S*w_max <= 2**52), so for any assignment A with at most k pairs |cost(A) - S*w(A)| <= k and

    w(X) >= (cost(X) - k)/S >= (cost(X*) - k)/S >= w(X*) - 2k/S.

OPT >= w_max (one pair alone is feasible) and S = C/w_max, hence the relative gap is at most
2k/C. C is as large as OR-Tools accepts (its cost check needs max|cost| * (nodes+1) well inside
int64): for 20,000 x 4,000 that is about 9e13, a gap bound of 4e-10. `solve_assignment` returns
this bound; if it is not below GAP_BOUND the exact scipy route (assign_exact) is used instead.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ecosystem.matching import solvers
from ecosystem.matching.assign_exact import assign_by_slots

min_cost_flow = solvers.UNLOADED  # ortools, imported on first use (see solvers)


def _flow_module():
    return solvers.flow_solver(globals())

GAP_BOUND = 1e-7  # the contract asks for 1e-6; keep a safety factor of ten
_INT64_MAX = np.iinfo(np.int64).max
_FLOAT_EXACT = float(2**52)


@dataclass(frozen=True)
class Pairs:
    """The allowed pairs of a score matrix as flat arrays (row, col, weight > 0), plus the shape."""

    rows: np.ndarray
    cols: np.ndarray
    weights: np.ndarray
    shape: tuple[int, int]


@dataclass(frozen=True)
class Solution:
    """An assignment with the method that produced it and its proven relative optimality gap."""

    mentor_of: np.ndarray
    total: float
    method: str
    gap_bound: float


def allowed_pairs(scores) -> Pairs:
    """Flatten a dense or sparse score matrix into its allowed (> 0) entries; reject NaN and inf."""
    if solvers.is_sparse(scores):
        import scipy.sparse as sp
        matrix = sp.csr_array(scores)
        if not matrix.has_canonical_format:
            matrix = matrix.copy()
            matrix.sum_duplicates()
        weights = np.asarray(matrix.data, dtype=np.float64)
        rows = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
        cols = np.asarray(matrix.indices, dtype=np.int64)
    else:
        dense = np.asarray(scores, dtype=np.float64)
        if dense.ndim != 2:
            raise ValueError("scores must be a 2-D array (n_startups x n_mentors)")
        if not np.isfinite(dense).all():
            raise ValueError("scores must be finite")
        rows, cols = np.nonzero(dense > 0)
        return Pairs(rows, cols, dense[rows, cols], dense.shape)
    if not np.isfinite(weights).all():
        raise ValueError("scores must be finite")
    keep = weights > 0
    return Pairs(rows[keep], cols[keep], weights[keep], matrix.shape)


def check_capacity(capacity, n_mentors: int, name: str = "capacity") -> np.ndarray:
    """Validate capacities (or any per-entry counts): one non-negative integer per mentor."""
    cap = np.asarray(capacity)
    if cap.ndim != 1 or cap.shape[0] != n_mentors:
        raise ValueError(f"{name} must be a 1-D array of length {n_mentors}")
    if cap.size and not np.issubdtype(cap.dtype, np.integer):
        if not np.all(np.isfinite(cap)) or not np.all(cap == np.round(cap)):
            raise ValueError(f"{name} must hold integers")
    cap = cap.astype(np.int64)
    if (cap < 0).any():
        raise ValueError(f"{name} must be >= 0")
    return cap


def assign(scores, capacity) -> np.ndarray:
    """Mentor index per startup (-1 = none) maximising the total score within mentor capacities."""
    return solve_assignment(scores, capacity).mentor_of


def solve_assignment(scores, capacity) -> Solution:
    """Like assign(), but also returns the total, the method used and the proven optimality gap."""
    pairs = allowed_pairs(scores)
    n, m = pairs.shape
    cap = np.minimum(check_capacity(capacity, m), n)
    usable = cap[pairs.cols] > 0
    pairs = Pairs(pairs.rows[usable], pairs.cols[usable], pairs.weights[usable], pairs.shape)
    if pairs.weights.size == 0:
        return Solution(np.full(n, -1, dtype=np.int64), 0.0, "empty", 0.0)
    result = _solve_min_cost_flow(pairs, cap) if _flow_module() is not None else None
    if result is None:
        mentor_of = assign_by_slots(pairs, cap)
        return Solution(mentor_of, total_of(pairs, mentor_of), "scipy-slots", 0.0)
    return result


def _solve_min_cost_flow(pairs: Pairs, cap: np.ndarray) -> Solution | None:
    """The OR-Tools route; None when its integer scale cannot guarantee GAP_BOUND."""
    n, m = pairs.shape
    n_nodes = n + m + 1
    max_pairs = int(min(n, cap.sum()))
    limit = min(_FLOAT_EXACT, _INT64_MAX / (4.0 * (n_nodes + 2)))
    for _ in range(8):  # halve the scale if this OR-Tools build checks costs more strictly
        gap = 2.0 * max_pairs / limit
        if gap >= GAP_BOUND:
            return None
        mentor_of, status_ok = _run_flow(pairs, cap, limit)
        if status_ok:
            return Solution(mentor_of, total_of(pairs, mentor_of), "ortools-min-cost-flow", gap)
        limit /= 2.0
    return None


def _run_flow(pairs: Pairs, cap: np.ndarray, limit: float):
    """Build and solve one flow network; returns (mentor_of, solved optimally?)."""
    n, m = pairs.shape
    sink = n + m
    scale = limit / float(pairs.weights.max())
    pair_cost = -np.rint(pairs.weights * scale).astype(np.int64)
    tails = np.concatenate([pairs.rows, np.arange(n), n + np.arange(m)]).astype(np.int32)
    heads = np.concatenate([n + pairs.cols, np.full(n + m, sink)]).astype(np.int32)
    caps = np.concatenate([np.ones(pairs.rows.size + n, dtype=np.int64), cap])
    costs = np.concatenate([pair_cost, np.zeros(n + m, dtype=np.int64)])
    flow = _flow_module().SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(n + m + 1, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    flow.set_nodes_supplies(np.arange(n + m + 1, dtype=np.int32), supplies)
    if flow.solve() != flow.OPTIMAL:
        return None, False
    used = flow.flows(np.arange(pairs.rows.size, dtype=np.int32)) > 0
    mentor_of = np.full(n, -1, dtype=np.int64)
    mentor_of[pairs.rows[used]] = pairs.cols[used]
    return mentor_of, True


def total_of(pairs: Pairs, mentor_of: np.ndarray) -> float:
    """Sum of the scores of the assigned pairs (0 for unassigned startups)."""
    if pairs.weights.size == 0:
        return 0.0
    chosen = mentor_of[pairs.rows] == pairs.cols
    return float(pairs.weights[chosen].sum())


def assignment_total(scores, mentor_of) -> float:
    """Total score of an assignment, raising ValueError if it uses a pair that is not allowed."""
    pairs = allowed_pairs(scores)
    mentor_of = np.asarray(mentor_of, dtype=np.int64)
    assigned = np.flatnonzero(mentor_of >= 0)
    lookup = dict(zip(zip(pairs.rows.tolist(), pairs.cols.tolist()), pairs.weights.tolist()))
    total = 0.0
    for i in assigned.tolist():
        weight = lookup.get((i, int(mentor_of[i])))
        if weight is None:
            raise ValueError(f"startup {i} is assigned to a pair that is not allowed")
        total += weight
    return total
