"""Judge assignment as a min-cost flow: k judges per nomination, no conflicted pair, loads as even as possible.

source -> nomination (capacity k) -> judge (capacity 1, only unconflicted panel members) -> sink. A judge's
t-th nomination costs 2(e + t) - 1 (e = load they already carry), so a flow's cost is the sum of squared
loads: among the maximum flows (most nominations covered) the cheapest is the most even, which also has
the smallest possible maximum load.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Iterable, Mapping

import numpy as np
from ortools.graph.python import min_cost_flow

SHORTFALL_REASONS = {
    "empty_panel": {"vi": "Hạng mục chưa có hội đồng giám khảo.", "en": "The category has no jury panel."},
    "too_few_judges": {
        "vi": "Chỉ có {available}/{k} giám khảo không xung đột lợi ích ({conflicted} giám khảo xung đột).",
        "en": "Only {available} of {k} judges are free of conflicts ({conflicted} conflicted)."},
    "judge_capacity": {
        "vi": "Các giám khảo phù hợp đã đủ số hồ sơ tối đa; mới phân công được {assigned}/{k}.",
        "en": "The eligible judges are at their maximum load; only {assigned} of {k} assigned."},
}


@dataclass
class Assignment:
    """Who scores what, each judge's load (carried + new), and the nominations left short of k."""

    judges: dict  # nomination -> [judge, ...]
    loads: dict  # judge -> total load including existing_load
    shortfalls: list = field(default_factory=list)  # {"nomination", "code", "params"}

    @property
    def complete(self) -> bool:
        """True when every nomination has its k judges."""
        return not self.shortfalls


def _capacity(judge, max_load, existing: int) -> int | None:
    """How many more nominations a judge may take; None = no limit."""
    limit = max_load.get(judge) if isinstance(max_load, Mapping) else max_load
    return None if limit is None else max(0, int(limit) - existing)


def assign_judges(panels: Mapping[Hashable, Iterable[Hashable]], k: int,
                  conflicts: Iterable[tuple[Hashable, Hashable]] = (), max_load=None,
                  existing_load: Mapping[Hashable, int] | None = None,
                  keep: Mapping[Hashable, Iterable[Hashable]] | None = None) -> Assignment:
    """panels: {nomination: its panel's judges}; conflicts: {(judge, nomination)}; max_load: int, per-judge
    mapping or None; existing_load: nominations a judge already carries elsewhere (other rounds or
    categories); keep: {nomination: judges already assigned}, who stay, count towards k and the loads,
    and are topped up to k (a judge who declared a conflict is replaced without moving anyone else)."""
    if int(k) < 1:
        raise ValueError("k (judges per nomination) must be at least 1")
    k = int(k)
    blocked = set(conflicts)
    nominations = list(panels)
    kept = {n: [j for j in dict.fromkeys((keep or {}).get(n, ())) if (j, n) not in blocked] for n in nominations}
    carried = dict(existing_load or {})
    for n in nominations:
        for j in kept[n]:
            carried[j] = carried.get(j, 0) + 1
    existing_load = carried
    panel_of = {n: list(dict.fromkeys(panels[n])) for n in nominations}
    judges = list(dict.fromkeys(j for n in nominations for j in panel_of[n]))
    allowed = {n: [j for j in panel_of[n] if (j, n) not in blocked and j not in kept[n]] for n in nominations}
    need = {n: max(0, k - len(kept[n])) for n in nominations}
    nom_node = {n: 2 + i for i, n in enumerate(nominations)}
    judge_node = {j: 2 + len(nominations) + i for i, j in enumerate(judges)}
    reach = {j: 0 for j in judges}
    for n in nominations:
        for j in allowed[n]:
            reach[j] += 1

    tails, heads, caps, costs = [], [], [], []

    def arc(tail: int, head: int, capacity: int, cost: int) -> None:
        tails.append(tail)
        heads.append(head)
        caps.append(capacity)
        costs.append(cost)

    for n in nominations:
        arc(0, nom_node[n], need[n], 0)
    pair_arcs = []
    for n in nominations:
        for j in allowed[n]:
            pair_arcs.append((len(tails), n, j))
            arc(nom_node[n], judge_node[j], 1, 0)
    for j in judges:
        carried = int(existing_load.get(j, 0))
        room = _capacity(j, max_load, carried)
        for t in range(1, (reach[j] if room is None else min(room, reach[j])) + 1):
            arc(judge_node[j], 1, 1, 2 * (carried + t) - 1)

    flow = min_cost_flow.SimpleMinCostFlow()
    if tails:
        flow.add_arcs_with_capacity_and_unit_cost(
            np.array(tails, dtype=np.int32), np.array(heads, dtype=np.int32),
            np.array(caps, dtype=np.int64), np.array(costs, dtype=np.int64))
        flow.set_node_supply(0, sum(need.values()))
        flow.set_node_supply(1, -sum(need.values()))
        status = flow.solve_max_flow_with_min_cost()
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")

    chosen = {n: list(kept[n]) for n in nominations}
    loads = {j: int(existing_load.get(j, 0)) for j in judges}
    for index, n, j in pair_arcs:
        if flow.flow(index) > 0:
            chosen[n].append(j)
            loads[j] += 1
    free = {n: kept[n] + allowed[n] for n in nominations}
    return Assignment(chosen, loads, _shortfalls(nominations, panel_of, free, chosen, k, blocked))


def _shortfalls(nominations, panel_of, allowed, chosen, k, blocked) -> list[dict]:
    """Why each short nomination is short: no panel, too few unconflicted judges, or judges at capacity."""
    short = []
    for n in nominations:
        assigned = len(chosen[n])
        if assigned >= k:
            continue
        params = {"k": k, "assigned": assigned, "panel": len(panel_of[n]), "available": len(allowed[n]),
                  "conflicted": sum(1 for j in panel_of[n] if (j, n) in blocked)}
        if not panel_of[n] and not allowed[n]:
            code = "empty_panel"
        elif len(allowed[n]) < k:
            code = "too_few_judges"
        else:
            code = "judge_capacity"
        short.append({"nomination": n, "code": code, "params": params})
    return short
