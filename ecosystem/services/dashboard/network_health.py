"""Network health from the ecosystem graph: startups without a mentor or investor, the nodes that
bridge the most (betweenness, sampled on big graphs), and supporters per startup by sector or place.

Pure: a networkx graph whose nodes carry kind, sectors and place comes in; an edge is one tie
(kind) or the ties of a pair (kinds), and active=False marks it as history.
"""
from __future__ import annotations

from collections import Counter
from typing import Hashable, Iterable

import networkx as nx
import numpy as np


def _incident(graph: nx.Graph, node: Hashable):
    """Every tie of a node with its data, in and out, parallel ties included."""
    if graph.is_directed():
        yield from graph.in_edges(node, data=True)
        yield from graph.out_edges(node, data=True)
    else:
        yield from graph.edges(node, data=True)


def kinds_in_force(data: dict) -> list:
    """The kinds of tie an edge stands for today: none when it is history."""
    if not data.get("active", True):
        return []
    return list(data["kinds"]) if "kinds" in data else [data.get("kind")]


def startups_without_support(graph: nx.Graph, *, startup_kinds: Iterable[str] = ("startup",),
                             tie_kinds: Iterable[str] = ("mentor", "investor")) -> list:
    """Startups with no mentor or investor tie in force (an edge with active=False is history)."""
    startup_kinds, tie_kinds = set(startup_kinds), set(tie_kinds)
    lonely = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") not in startup_kinds:
            continue
        if not any(tie_kinds.intersection(kinds_in_force(d)) for *_, d in _incident(graph, node)):
            lonely.append(node)
    return sorted(lonely, key=str)


def betweenness(graph: nx.Graph, samples: int | None = None, seed: int = 0,
                cells: int = 4_000_000) -> dict:
    """Normalised betweenness like networkx's (ties undirected, unweighted), by sparse BFS from
    many sources at once; with samples < n, from that many random sources (Brandes–Pich)."""
    from scipy import sparse

    nodes = list(graph)
    n = len(nodes)
    if n < 3:
        return {node: 0.0 for node in nodes}
    adj = nx.to_scipy_sparse_array(graph, nodelist=nodes, weight=None, format="csr")
    adj = ((adj + adj.T) > 0).astype(np.float64).tolil()
    adj.setdiag(0)
    adj = sparse.csr_array(adj)
    adj.eliminate_zeros()
    sampled = samples is not None and samples < n
    sources = (np.random.default_rng(seed).choice(n, size=samples, replace=False) if sampled
               else np.arange(n))
    total = np.zeros(n)
    batch = max(1, min(256, cells // n))
    for start in range(0, len(sources), batch):
        total += _dependencies(adj, sources[start:start + batch])
    if sampled:
        scale = np.full(n, 1.0 / (samples * (n - 2)))
        scale[sources] = 1.0 / ((samples - 1) * (n - 2)) if samples > 1 else 0.0
    else:
        scale = np.full(n, 1.0 / ((n - 1) * (n - 2)))
    return {node: float(v) for node, v in zip(nodes, total * scale)}


def _dependencies(adj, chunk: np.ndarray) -> np.ndarray:
    """Brandes' dependency sums for a batch of sources: a BFS level per sparse product."""
    n, b = adj.shape[0], len(chunk)
    cols = np.arange(b)
    sigma = np.zeros((n, b))
    dist = np.full((n, b), -1, dtype=np.int32)
    sigma[chunk, cols], dist[chunk, cols] = 1.0, 0
    frontier, depth = sigma.copy(), 0
    while True:
        reached = adj @ frontier
        new = (reached > 0) & (dist < 0)
        if not new.any():
            break
        depth += 1
        dist[new], sigma[new] = depth, reached[new]
        frontier = np.where(new, reached, 0.0)
    delta = np.zeros((n, b))
    safe_sigma = np.where(sigma > 0, sigma, 1.0)
    for level in range(depth, 0, -1):
        share = np.where(dist == level, (1.0 + delta) / safe_sigma, 0.0)
        delta += np.where(dist == level - 1, sigma * (adj @ share), 0.0)
    delta[chunk, cols] = 0.0
    return delta.sum(axis=1)


def top_bridges(graph: nx.Graph, k: int = 10, *, kinds: Iterable[str] | None = None,
                samples: int = 128, seed: int = 0) -> list[tuple[Hashable, float]]:
    """The k nodes (of the given kinds) that most shortest paths run through; exact when the
    graph has no more than `samples` nodes, sampled from that many sources beyond."""
    scores = betweenness(graph, samples=samples if graph.number_of_nodes() > samples else None, seed=seed)
    wanted = None if kinds is None else set(kinds)
    pairs = [(node, score) for node, score in scores.items()
             if wanted is None or graph.nodes[node].get("kind") in wanted]
    return sorted(pairs, key=lambda item: (-item[1], str(item[0])))[:k]


def supporters_per_startup(graph: nx.Graph, by: str = "sector", *,
                           startup_kinds: Iterable[str] = ("startup",),
                           supporter_kinds: Iterable[str]) -> list[dict]:
    """Per sector (node attribute 'sectors') or place ('place'): startups, supporters and the ratio;
    thinnest first. A group with startups and no supporter has ratio 0."""
    if by not in ("sector", "place"):
        raise ValueError("by must be 'sector' or 'place'")
    startup_kinds, supporter_kinds = set(startup_kinds), set(supporter_kinds)
    startups: Counter = Counter()
    supporters: Counter = Counter()
    for _, data in graph.nodes(data=True):
        groups = set(data.get("sectors") or ()) if by == "sector" else {data.get("place")} - {None, ""}
        kind = data.get("kind")
        target = startups if kind in startup_kinds else supporters if kind in supporter_kinds else None
        if target is not None:
            target.update(groups)
    rows = [{"group": group, "startups": startups[group], "supporters": supporters[group],
             "ratio": round(supporters[group] / startups[group], 3) if startups[group] else None}
            for group in set(startups) | set(supporters)]
    return sorted(rows, key=lambda r: (r["ratio"] is None, r["ratio"] or 0, -r["startups"], str(r["group"])))
