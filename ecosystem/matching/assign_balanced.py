"""Capacity-aware assignment with demand: each row wants up to d_i distinct columns, loads kept even.

The judge assignment of the awards (row = nomination wanting k judges, column = judge) and any
other "k reviewers each, no reviewer overloaded" question. A min-cost flow, exact in integers:

    source --(cap d_i)--> row i --(cap 1, allowed pairs only)--> column j --> sink

where column j's arcs to the sink are unit arcs costing 2(c_j + t) - 1 for its t-th new row
(c_j = load it already carries, t up to its capacity). Those costs add up to (c_j + x_j)^2 - c_j^2,
so among the maximum flows (the most pairs possible) the cheapest has the least sum of squared
loads; it also has the smallest possible maximum load (an exchange lowering the top load would
lower the sum of squares). OR-Tools solves it; without OR-Tools the same network is solved as a
linear programme by HiGHS (scipy), whose optimal vertex is integral because the constraint matrix
of a network is totally unimodular.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ecosystem.matching import solvers
from ecosystem.matching.assign import Pairs, allowed_pairs, check_capacity

min_cost_flow = solvers.UNLOADED  # ortools, imported on first use (see solvers)


def _flow_module():
    return solvers.flow_solver(globals())


@dataclass(frozen=True)
class Balanced:
    """The chosen pairs (row, col), each column's load (carried + new) and the method used."""

    rows: np.ndarray
    cols: np.ndarray
    loads: np.ndarray
    method: str


@dataclass(frozen=True)
class _Network:
    pairs: Pairs
    demand: np.ndarray
    slot_col: np.ndarray  # one entry per unit arc column -> sink
    slot_cost: np.ndarray


def balanced_assignment(allowed, demand, capacity=None, carried=None) -> Balanced:
    """Pairs giving each row up to demand[i] distinct allowed columns: the most pairs possible, then
    the least sum of squared loads. allowed: n x m matrix (dense or sparse), > 0 = allowed pair;
    capacity: new rows each column may take (None = no limit); carried: load each column already
    has (counts towards balance, not towards capacity)."""
    pairs = allowed_pairs(allowed)
    n, m = pairs.shape
    demand = check_capacity(demand, n, "demand")
    carried = np.zeros(m, dtype=np.int64) if carried is None else check_capacity(carried, m, "carried")
    degree = np.bincount(pairs.cols, minlength=m).astype(np.int64)
    room = degree if capacity is None else np.minimum(check_capacity(capacity, m), degree)
    keep = (demand[pairs.rows] > 0) & (room[pairs.cols] > 0)
    pairs = Pairs(pairs.rows[keep], pairs.cols[keep], pairs.weights[keep], pairs.shape)
    slot_col = np.repeat(np.arange(m, dtype=np.int64), room)
    t = np.arange(slot_col.size) - np.repeat(np.cumsum(room) - room, room) + 1
    network = _Network(pairs, demand, slot_col, 2 * (carried[slot_col] + t) - 1)
    if pairs.rows.size == 0:
        chosen, method = np.zeros(0, dtype=bool), "empty"
    elif _flow_module() is not None:
        chosen, method = _solve_flow(network), "ortools-min-cost-flow"
    else:
        chosen, method = _solve_lp(network), "scipy-highs"
    rows, cols = pairs.rows[chosen], pairs.cols[chosen]
    return Balanced(rows, cols, carried + np.bincount(cols, minlength=m), method)


def _solve_flow(net: _Network) -> np.ndarray:
    """OR-Tools: maximum flow at minimum cost; returns which pairs carry flow."""
    pairs = net.pairs
    n, m = pairs.shape
    source, sink, row0, col0 = 0, 1, 2, 2 + n
    p = pairs.rows.size
    tails = np.concatenate([np.full(n, source), row0 + pairs.rows, col0 + net.slot_col]).astype(np.int32)
    heads = np.concatenate([row0 + np.arange(n), col0 + pairs.cols, np.full(net.slot_col.size, sink)]).astype(np.int32)
    caps = np.concatenate([net.demand, np.ones(p + net.slot_col.size, dtype=np.int64)])
    costs = np.concatenate([np.zeros(n + p, dtype=np.int64), net.slot_cost.astype(np.int64)])
    flow = _flow_module().SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    total = int(min(net.demand.sum(), net.slot_col.size))
    flow.set_node_supply(source, total)
    flow.set_node_supply(sink, -total)
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    return flow.flows(np.arange(n, n + p, dtype=np.int32)) > 0


def _solve_lp(net: _Network) -> np.ndarray:
    """HiGHS on the same network: variables are the pair arcs then the slot arcs; every pair saves
    more than all slot costs together, so the optimum is a maximum flow first, balanced second."""
    import scipy.sparse as sp
    from scipy.optimize import linprog
    pairs = net.pairs
    n, m = pairs.shape
    p, s = pairs.rows.size, net.slot_col.size
    reward = float(net.slot_cost.sum()) + 1.0
    cost = np.concatenate([np.full(p, -reward), net.slot_cost.astype(float)])
    # column balance: pairs into column j == slot arcs out of it
    balance = sp.hstack([sp.csr_array((np.ones(p), (pairs.cols, np.arange(p))), shape=(m, p)),
                         sp.csr_array((-np.ones(s), (net.slot_col, np.arange(s))), shape=(m, s))])
    rows = sp.hstack([sp.csr_array((np.ones(p), (pairs.rows, np.arange(p))), shape=(n, p)),
                      sp.csr_array((n, s))])
    result = linprog(cost, A_ub=rows, b_ub=net.demand.astype(float), A_eq=balance, b_eq=np.zeros(m),
                     bounds=(0, 1), method="highs-ds")
    if result.status != 0:
        raise RuntimeError(f"linear programme failed: {result.message}")
    x = result.x[:p]
    if not np.allclose(x, np.round(x), atol=1e-6):  # pragma: no cover - a network LP has integral vertices
        raise RuntimeError("the linear programme returned a fractional assignment")
    return np.round(x) > 0
