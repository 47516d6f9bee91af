"""Building the graph from plain rows (what the service reads from the database) and exporting it."""
from __future__ import annotations

from array import array
from datetime import date
from typing import Iterable, Mapping, NamedTuple

import numpy as np

from ecosystem.matching.graph import EDGE_KINDS, KIND_CODE, NO_END, NO_START, EcosystemGraph, Key

# Seed values for the "graph.kind_weights" setting: how much a tie of each kind counts in a warm
# path before ageing. The service passes the configured mapping; these are only a starting point.
DEFAULT_KIND_WEIGHTS: Mapping[str, float] = {
    "founder": 1.0, "family": 0.95, "mentor": 0.9, "investor": 0.85, "employee": 0.8,
    "introduced": 0.75, "partner": 0.6, "resident": 0.6, "member": 0.55, "club_member": 0.5,
    "alumnus": 0.4, "attended_together": 0.3, "technology_transfer": 0.6, "cooperation_agreement": 0.5,
    "sector": 0.2,
}


class EdgeRow(NamedTuple):
    """One tie as the service reads it: a is the subject ("a mentors b"); weight None = by kind."""

    a: Key
    b: Key
    kind: str
    start: date | None = None
    end: date | None = None
    relationship_id: int | None = None
    weight: float | None = None


def build_graph(edge_rows: Iterable, *, kind_weights: Mapping[str, float], half_life_days: float,
                as_of: date, nodes: Iterable[Key] = (), version: int = 0) -> EcosystemGraph:
    """Full build from rows (EdgeRow or tuples in its field order); nodes may add isolated keys."""
    missing = [kind for kind in EDGE_KINDS if kind not in kind_weights]
    if missing:
        raise ValueError(f"kind_weights lacks {missing}")
    graph = EcosystemGraph(half_life_days=half_life_days, as_of=as_of, version=version,
                           kind_weights=kind_weights)
    graph.add_nodes(nodes)
    add_node, codes = graph.add_node, KIND_CODE
    # typed buffers, not lists: 500,000 rows would otherwise leave ~100 MB of int objects behind
    columns = tuple(array(code) for code in ("l", "l", "b", "d", "l", "l", "q"))
    src, dst, kind, base, start, end, rel = columns
    for row in edge_rows:
        row = EdgeRow(*row)
        src.append(add_node(row.a))
        dst.append(add_node(row.b))
        kind.append(codes[row.kind])
        base.append(kind_weights[row.kind] if row.weight is None else row.weight)
        start.append(NO_START if row.start is None else row.start.toordinal())
        end.append(NO_END if row.end is None else row.end.toordinal())
        rel.append(-1 if row.relationship_id is None else row.relationship_id)
    graph.add_edges(*(np.frombuffer(column, dtype=column.typecode) if len(column) else
                      np.zeros(0, dtype=column.typecode) for column in columns))
    graph.rebuild_index()
    return graph


def edge_rows(graph: EcosystemGraph) -> list[EdgeRow]:
    """The live ties back as rows (for tests and for handing a subgraph to another process)."""
    rows = []
    for eid in np.flatnonzero(graph.alive[: graph.n_edges]).tolist():
        tie = graph.tie(eid)
        rows.append(EdgeRow(tie.source, tie.target, tie.kind, tie.start, tie.end,
                            tie.relationship_id, tie.base_weight))
    return rows


def to_networkx(graph: EcosystemGraph, nodes=None):
    """nx.Graph over the given keys (all when None): parallel ties merge, keeping the strongest
    weight and the list of kinds and ties, so betweenness and drawing see one edge per pair."""
    import networkx as nx

    result = nx.Graph()
    if nodes is None:
        idx = np.arange(graph.n_nodes)
    else:
        idx = np.array(sorted({graph.index[key] for key in nodes if key in graph.index}),
                       dtype=np.int64)
    for i in idx.tolist():
        key = graph.keys[i]
        result.add_node(key, type=key[0], id=key[1])
    inside = np.zeros(graph.n_nodes, dtype=bool)
    inside[idx] = True
    origin, nbr, eids = graph.gather(idx, graph.kind_mask(), None, skip_sectors=False)
    for i, j, eid in zip(idx[origin].tolist(), nbr.tolist(), eids.tolist()):
        if not inside[j] or i > j:
            continue
        tie = graph.tie(eid)
        a, b = graph.keys[i], graph.keys[j]
        if result.has_edge(a, b):
            data = result.edges[a, b]
            data["weight"] = max(data["weight"], tie.weight)
            data["kinds"].append(tie.kind)
            data["ties"].append(tie)
        else:
            result.add_edge(a, b, weight=tie.weight, kinds=[tie.kind], ties=[tie])
    return result


__all__ = ["DEFAULT_KIND_WEIGHTS", "EdgeRow", "build_graph", "edge_rows", "to_networkx"]
