"""Judge assignment: k judges per nomination, no conflicted pair, loads as even as possible.

An adapter over the matching core's balanced assignment (ecosystem.matching.assign_balanced):
nominations are rows wanting k judges, the unconflicted members of each panel are the allowed
pairs, a judge's maximum load is its capacity and the nominations it already carries count
towards the balance. Kept judges stay and are topped up. Shortfalls are explained here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Iterable, Mapping

import numpy as np

from ecosystem.matching.assign_balanced import balanced_assignment

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


def _room(judge, max_load, carried: int) -> int | None:
    """How many more nominations a judge may take; None = no limit."""
    limit = max_load.get(judge) if isinstance(max_load, Mapping) else max_load
    return None if limit is None else max(0, int(limit) - carried)


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
    panel_of = {n: list(dict.fromkeys(panels[n])) for n in nominations}
    kept = {n: [j for j in dict.fromkeys((keep or {}).get(n, ())) if (j, n) not in blocked] for n in nominations}
    carried = dict(existing_load or {})
    for n in nominations:
        for j in kept[n]:
            carried[j] = carried.get(j, 0) + 1
    judges = list(dict.fromkeys(j for n in nominations for j in panel_of[n]))
    column = {j: c for c, j in enumerate(judges)}
    allowed = {n: [j for j in panel_of[n] if (j, n) not in blocked and j not in kept[n]] for n in nominations}
    rows = [i for i, n in enumerate(nominations) for _ in allowed[n]]
    cols = [column[j] for n in nominations for j in allowed[n]]
    import scipy.sparse as sp  # on first use: web workers that never assign a jury do not load scipy
    matrix = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(len(nominations), len(judges)))
    rooms = [_room(j, max_load, int(carried.get(j, 0))) for j in judges]
    plan = balanced_assignment(
        matrix, [max(0, k - len(kept[n])) for n in nominations],
        None if all(r is None for r in rooms) else [len(nominations) if r is None else r for r in rooms],
        [int(carried.get(j, 0)) for j in judges])
    new = {n: set() for n in nominations}
    for i, c in zip(plan.rows.tolist(), plan.cols.tolist()):
        new[nominations[i]].add(judges[c])
    chosen = {n: kept[n] + [j for j in allowed[n] if j in new[n]] for n in nominations}
    loads = {j: int(load) for j, load in zip(judges, plan.loads.tolist())}
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
