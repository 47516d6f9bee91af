"""Warm-introduction paths and judges' conflict-of-interest paths, asked of the ecosystem graph.

Warm paths: a bounded bidirectional search. Each side keeps, per hop level, the strongest walk to
every node it reaches (strength = product of aged tie weights, all <= base weights), expanding
whole frontiers at once with numpy; the two sides meet on common nodes and the strongest simple
joins are returned. Sector nodes are never crossed: sharing a sector is not knowing someone.
With max_hops <= 4 each side walks at most 2 hops, where every best walk is already simple, so
the best path through each meeting node is exact.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from ecosystem.matching.graph import EDGE_KINDS, EcosystemGraph, Key

# The ties by which a judge is linked to a nomination (founding/employment, mentoring,
# investment, membership of the same organisation, family). The service may pass more kinds
# (e.g. "resident", "club_member" for "same cohort") from the award's rules.
CONFLICT_KINDS = ("founder", "employee", "mentor", "investor", "member", "family")
WARM_KINDS = tuple(kind for kind in EDGE_KINDS if kind != "sector")


@dataclass(frozen=True)
class Hop:
    """One step frm → to along a tie; source/target give the tie's own reading ("A mentors B")."""

    frm: Key
    to: Key
    kind: str
    source: Key
    target: Key
    start: date | None
    end: date | None
    relationship_id: int | None
    weight: float


@dataclass(frozen=True)
class Path:
    """A path as plain data: node keys, the hops between them, and its strength."""

    nodes: tuple
    hops: tuple
    strength: float

    @property
    def connector(self) -> Key | None:
        """The first person or organisation to ask for the introduction (None if direct)."""
        return self.nodes[1] if len(self.nodes) > 2 else None


@dataclass
class _Level:
    nodes: np.ndarray  # node indices reached at this hop count
    score: np.ndarray  # strength of the walk kept for each
    parent: np.ndarray  # position in the previous level
    edge: np.ndarray  # edge id of the last hop


def _root_level(idx: int) -> _Level:
    return _Level(np.array([idx]), np.array([1.0]), np.array([-1]), np.array([-1]))


def _expand(graph, prev: _Level, root: int, stop: int, kind_mask, blocked, window, best: bool):
    """The next level: every live tie leaving prev (never from `stop`, never back to root)."""
    origin, nbr, eid = graph.gather(prev.nodes, kind_mask, window)
    keep = (prev.nodes[origin] != stop) & (nbr != root)
    if blocked is not None:
        keep &= ~blocked[nbr]
    origin, nbr, eid = origin[keep], nbr[keep], eid[keep]
    score = prev.score[origin] * graph.weight[eid]
    if best:  # the strongest walk per node, nodes sorted
        order = np.lexsort((-score, nbr))
        first = np.ones(order.size, dtype=bool)
        first[1:] = nbr[order][1:] != nbr[order][:-1]
        origin, nbr, eid, score = (a[order[first]] for a in (origin, nbr, eid, score))
    return _Level(nbr, score, origin, eid)


def _search(graph, a: int, b: int, max_hops: int, kinds, blocked, window, best: bool):
    """Levels walked from both ends: ceil(max_hops/2) hops from a, floor(max_hops/2) from b."""
    kind_mask = graph.kind_mask([kind for kind in kinds if kind != "sector"])
    fw, bw = [_root_level(a)], [_root_level(b)]
    for side, root, stop, depth in ((fw, a, b, (max_hops + 1) // 2), (bw, b, a, max_hops // 2)):
        for _ in range(depth):
            side.append(_expand(graph, side[-1], root, stop, kind_mask, blocked, window, best))
    return fw, bw


def _walk(levels: list[_Level], depth: int, pos: int) -> tuple[list[int], list[int]]:
    """Node and edge indices from the root to levels[depth].nodes[pos]."""
    nodes, edges = [], []
    for level in range(depth, 0, -1):
        nodes.append(int(levels[level].nodes[pos]))
        edges.append(int(levels[level].edge[pos]))
        pos = int(levels[level].parent[pos])
    nodes.append(int(levels[0].nodes[0]))
    return nodes[::-1], edges[::-1]


def _path(graph: EcosystemGraph, nodes: list[int], edges: list[int]) -> Path:
    hops = []
    strength = 1.0
    for a, b, eid in zip(nodes, nodes[1:], edges):
        tie = graph.tie(eid)
        strength *= tie.weight
        hops.append(Hop(graph.keys[a], graph.keys[b], tie.kind, tie.source, tie.target,
                        tie.start, tie.end, tie.relationship_id, tie.weight))
    return Path(tuple(graph.keys[i] for i in nodes), tuple(hops), strength)


def _join(fw_nodes, fw_edges, bw_nodes, bw_edges):
    """Forward half + reversed backward half, or None when the join repeats a node."""
    nodes = fw_nodes + bw_nodes[::-1][1:]
    if len(set(nodes)) != len(nodes):
        return None
    return nodes, fw_edges + bw_edges[::-1]


def warm_paths(graph: EcosystemGraph, source: Key, target: Key, *, max_hops: int = 4,
               limit: int = 3, kinds=WARM_KINDS, avoid=(), hop_discount: float = 1.0,
               ) -> list[Path]:
    """Up to `limit` strongest simple paths source → target of at most max_hops hops.

    kinds: tie kinds that may be walked ("sector" is always excluded); avoid: keys that must not
    be intermediates (people who opted out of introductions); hop_discount: a setting in (0, 1]
    multiplied in once per hop when ranking, so shorter paths win over long chains of strong
    ties (1 ranks by tie strength alone). Best first; Path.strength is the undiscounted product.
    """
    if source not in graph or target not in graph or source == target or max_hops < 1:
        return []
    s, t = graph.index[source], graph.index[target]
    blocked = None
    if avoid:
        blocked = np.zeros(graph.n_nodes, dtype=bool)
        blocked[[graph.index[key] for key in avoid if key in graph.index]] = True
        blocked[[s, t]] = False
    fw, bw = _search(graph, s, t, max_hops, kinds, blocked, None, best=True)
    meets = []
    for hf, f_level in enumerate(fw):
        for hb, b_level in enumerate(bw):
            if hf + hb == 0 or hf + hb > max_hops:
                continue
            _, i_f, i_b = np.intersect1d(f_level.nodes, b_level.nodes, assume_unique=True,
                                         return_indices=True)
            score = f_level.score[i_f] * b_level.score[i_b] * hop_discount ** (hf + hb)
            meets.extend(zip(score.tolist(), [hf] * i_f.size, i_f.tolist(), [hb] * i_b.size,
                             i_b.tolist()))
    meets.sort(key=lambda meet: -meet[0])
    found, seen = [], set()
    for _, hf, i_f, hb, i_b in meets:
        joined = _join(*_walk(fw, hf, i_f), *_walk(bw, hb, i_b))
        if joined is None or tuple(joined[0]) in seen:  # the same people make the same ask
            continue
        seen.add(tuple(joined[0]))
        found.append(_path(graph, *joined))
        if len(found) == limit:
            break
    return found


def conflict_paths(graph: EcosystemGraph, judge_key: Key, nominee_key: Key, max_hops: int = 2,
                   kinds=CONFLICT_KINDS, window: tuple[date | None, date | None] | None = None,
                   ) -> list[Path]:
    """Every simple path of at most max_hops hops linking a judge to a nomination.

    Only ties of `kinds` count, and only those active at some time in window = (start, end)
    (None for an open side); sector nodes are never crossed. Shortest first, then strongest.
    """
    if judge_key not in graph or nominee_key not in graph or judge_key == nominee_key:
        return []
    j, n = graph.index[judge_key], graph.index[nominee_key]
    fw, bw = _search(graph, j, n, max_hops, kinds, None, window, best=False)
    found: dict[tuple, Path] = {}
    for hb, b_level in enumerate(bw):
        at_node: dict[int, list[int]] = {}
        for pos, node in enumerate(b_level.nodes.tolist()):
            at_node.setdefault(node, []).append(pos)
        for hf, f_level in enumerate(fw):
            if hf + hb == 0 or hf + hb > max_hops:
                continue
            for i_f, node in enumerate(f_level.nodes.tolist()):
                for i_b in at_node.get(node, ()):
                    joined = _join(*_walk(fw, hf, i_f), *_walk(bw, hb, i_b))
                    if joined is not None and tuple(joined[1]) not in found:
                        found[tuple(joined[1])] = _path(graph, *joined)
    return sorted(found.values(), key=lambda path: (len(path.hops), -path.strength))
