"""The exact assignment by scipy's sparse bipartite matching over capacity slots.

A second, independent route: the fallback when the integer scale of the min-cost flow cannot
guarantee the gap bound, and the reference the benchmark checks the fast route against.
Each mentor j becomes c_j slots; each startup i also gets a private "unassigned" column.
Every full matching of the startups then has exactly n edges, so shifting all costs by the
same constant M keeps the optimum while making every cost positive (explicit zeros would be
read as missing edges): real pair cost M - w, unassigned cost M.
"""
from __future__ import annotations

import numpy as np


def assign_by_slots(pairs, cap: np.ndarray) -> np.ndarray:
    """Mentor index per startup (-1 = none) from a min-weight full matching over slots."""
    import scipy.sparse as sp  # imported on first use (see ecosystem.matching.solvers)
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching
    n, _ = pairs.shape
    mentor_of = np.full(n, -1, dtype=np.int64)
    if n == 0 or pairs.weights.size == 0:
        return mentor_of
    cap = np.asarray(cap, dtype=np.int64)
    first_slot = np.concatenate([[0], np.cumsum(cap)])
    n_slots = int(first_slot[-1])
    copies = cap[pairs.cols]
    rows = np.repeat(pairs.rows, copies)
    weights = np.repeat(pairs.weights, copies)
    start_of_run = np.repeat(np.cumsum(copies) - copies, copies)
    slots = np.repeat(first_slot[pairs.cols], copies) + (np.arange(rows.size) - start_of_run)
    shift = float(pairs.weights.max()) + 1.0
    matrix = sp.csr_array(
        (
            np.concatenate([shift - weights, np.full(n, shift)]),
            (np.concatenate([rows, np.arange(n)]), np.concatenate([slots, n_slots + np.arange(n)])),
        ),
        shape=(n, n_slots + n),
    )
    _, col_of_row = min_weight_full_bipartite_matching(matrix)
    slot_owner = np.repeat(np.arange(cap.size), cap)
    real = col_of_row < n_slots
    mentor_of[real] = slot_owner[col_of_row[real]]
    return mentor_of
