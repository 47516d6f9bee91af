"""The ecosystem graph in compact arrays, so each worker can hold the national graph in a few MB.

Nodes are keys ("org", id), ("person", id), ("sector", id) mapped to integer indices. Edges are
columns of numpy arrays (endpoints, kind, base weight, start/end day numbers, relationship id,
alive flag); adjacency is a CSR index built once plus a small overlay of edges added since, so
one relationship is added or removed without a rebuild (refresh by delta). Ties weigh less as
they age: weight = base * 0.5 ** (days since the tie was last active / half_life_days); a tie
with no end date is active today. The half-life is a setting passed in, never a literal here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Mapping

import numpy as np

from ecosystem.matching.graph_keys import KeyIndex, KeyList, NodeKeys

NODE_TYPES = ("org", "person", "sector")
EDGE_KINDS = (
    "founder", "employee", "member", "mentor", "investor", "resident", "club_member",
    "partner", "alumnus", "family", "attended_together", "introduced", "technology_transfer", "sector",
    "cooperation_agreement",
)
KIND_CODE = {kind: code for code, kind in enumerate(EDGE_KINDS)}
TYPE_CODE = {node_type: code for code, node_type in enumerate(NODE_TYPES)}
SECTOR = TYPE_CODE["sector"]
NO_START = int(np.iinfo(np.int32).min)  # day-number sentinels for open-ended ties
NO_END = int(np.iinfo(np.int32).max)
_OVERLAY_SHARE = 0.05  # rebuild the CSR once the overlay holds this share of the edges

Key = tuple  # ("org" | "person" | "sector", id)


def day_number(value: date | None, missing: int) -> int:
    """A date as a proleptic ordinal, or the sentinel for an open end."""
    return missing if value is None else value.toordinal()


def from_day_number(value: int) -> date | None:
    """Inverse of day_number (sentinels become None)."""
    return None if value in (NO_START, NO_END) else date.fromordinal(int(value))


@dataclass(frozen=True)
class Tie:
    """One edge as plain data; source → target reads as the relationship ("A mentors B")."""

    source: Key
    target: Key
    kind: str
    weight: float
    base_weight: float
    start: date | None
    end: date | None
    relationship_id: int | None


class EcosystemGraph:
    """Compact undirected multigraph with kinds, dates, time decay and delta refresh."""

    FORMAT = 2  # the stored snapshot's layout: a snapshot of another layout is rebuilt, not loaded

    def __init__(self, *, half_life_days: float, as_of: date, version: int = 0,
                 kind_weights: Mapping[str, float] | None = None):
        if not half_life_days or half_life_days <= 0:
            raise ValueError("half_life_days must be > 0")
        self.half_life_days = float(half_life_days)
        self.kind_weights = dict(kind_weights or {})  # base weight of a tie added without one
        self.as_of = as_of
        self.version = version  # the service compares it with the database's graph counter
        self.format = self.FORMAT
        self.node_keys = NodeKeys(NODE_TYPES)  # keys as arrays; read through .keys and .index
        self.node_type = np.zeros(0, dtype=np.uint8)
        self.n_edges = 0  # edge slots used (alive or not)
        cols = {"src": np.int32, "dst": np.int32, "kind": np.uint8, "base": np.float64,
                "weight": np.float64, "start": np.int32, "end": np.int32, "rel": np.int64,
                "alive": np.bool_}
        for name, dtype in cols.items():
            setattr(self, name, np.zeros(0, dtype=dtype))
        # relationship id -> edge ids: a sorted array for the indexed edges, a dict for the rest
        self.rel_order = np.zeros(0, dtype=np.int64)
        self.rel_sorted = np.zeros(0, dtype=np.int64)
        self.recent_rel: dict[int, list[int]] = {}
        self.indptr = np.zeros(1, dtype=np.int64)
        self.adj_node = np.zeros(0, dtype=np.int32)
        self.adj_edge = np.zeros(0, dtype=np.int32)
        self.overlay: dict[int, list[int]] = {}
        self.overlay_size = 0

    # -- nodes -------------------------------------------------------------------------
    @property
    def keys(self) -> KeyList:
        """Node index → key (a view over the arrays)."""
        return KeyList(self.node_keys, self.node_type)

    @property
    def index(self) -> KeyIndex:
        """Key → node index (a view over the arrays)."""
        return KeyIndex(self.node_keys, self.node_type)

    def add_node(self, key: Key) -> int:
        """Index of a node, adding it if new."""
        idx = self.node_keys.get(key)
        if idx is not None:
            return idx
        if key[0] not in TYPE_CODE:
            raise ValueError(f"unknown node type {key[0]!r}")
        if isinstance(key[1], (str, bytes, float)) or key[1] is None:
            raise ValueError(f"a node id is an integer, not {key[1]!r}")
        idx = self.node_keys.add(key, TYPE_CODE[key[0]])
        if idx >= self.node_type.size:
            grown = np.zeros(max(16, 2 * idx), dtype=np.uint8)
            grown[: self.node_type.size] = self.node_type
            self.node_type = grown
        self.node_type[idx] = TYPE_CODE[key[0]]
        return idx

    def add_nodes(self, keys) -> np.ndarray:
        """Indices of many nodes at once (the bulk path of a full build)."""
        return np.fromiter((self.add_node(key) for key in keys), dtype=np.int64)

    @property
    def n_nodes(self) -> int:
        return self.node_keys.count

    def __contains__(self, key: Key) -> bool:
        return key in self.node_keys

    # -- edges -------------------------------------------------------------------------
    def add_edge(self, a: Key, b: Key, kind: str, weight: float | None = None,
                 start: date | None = None, end: date | None = None,
                 relationship_id: int | None = None) -> int:
        """Add one tie (source a, target b) and index it without rebuilding; returns its edge id.

        weight None takes the graph's kind_weights[kind]."""
        if kind not in KIND_CODE:
            raise ValueError(f"unknown tie kind {kind!r}")
        if weight is None:
            weight = self.kind_weights[kind]
        return int(self.add_edges(
            self.add_nodes([a]), self.add_nodes([b]), np.array([KIND_CODE[kind]]),
            np.array([weight]), np.array([day_number(start, NO_START)]),
            np.array([day_number(end, NO_END)]),
            np.array([-1 if relationship_id is None else relationship_id]),
        )[0])

    def add_edges(self, src, dst, kind, base, start, end, rel) -> np.ndarray:
        """Append edge columns (node indices, kind codes, day numbers, rel id or -1)."""
        count = len(src)
        base = np.asarray(base, dtype=np.float64)
        if count and (not np.isfinite(base).all() or (base <= 0).any()):
            raise ValueError("edge weights must be finite and > 0")
        if count and (np.asarray(src) == np.asarray(dst)).any():
            raise ValueError("a tie needs two different nodes")
        self._reserve(self.n_edges + count)
        ids = np.arange(self.n_edges, self.n_edges + count)
        for name, values in (("src", src), ("dst", dst), ("kind", kind), ("base", base),
                             ("start", start), ("end", end), ("rel", rel)):
            getattr(self, name)[ids] = values
        self.alive[ids] = True
        self.n_edges += count
        self.weight[ids] = self._decayed(ids)
        if count > max(64, _OVERLAY_SHARE * self.n_edges):
            self.rebuild_index()
        else:
            for eid, rel_id in zip(ids.tolist(), np.asarray(rel).tolist()):
                if rel_id >= 0:
                    self.recent_rel.setdefault(rel_id, []).append(eid)
            for eid, a, b in zip(ids.tolist(), self.src[ids].tolist(), self.dst[ids].tolist()):
                self.overlay.setdefault(a, []).append(eid)
                self.overlay.setdefault(b, []).append(eid)
            self.overlay_size += count
            if self.overlay_size > max(1024, _OVERLAY_SHARE * self.n_edges):
                self.rebuild_index()
        return ids

    def remove_relationship(self, relationship_id: int) -> int:
        """Drop every edge of one relationship (deleted or edited in the database)."""
        low, high = np.searchsorted(self.rel_sorted, [relationship_id, relationship_id + 1])
        ids = [eid for eid in self.rel_order[low:high].tolist() if self.alive[eid]]
        ids += self.recent_rel.pop(relationship_id, [])
        self.alive[ids] = False
        return len(ids)

    def replace_relationship(self, relationship_id: int, a: Key, b: Key, kind: str,
                             weight: float | None = None, start: date | None = None,
                             end: date | None = None) -> int:
        """Re-read one edited relationship: remove its edges and add the new one."""
        self.remove_relationship(relationship_id)
        return self.add_edge(a, b, kind, weight, start, end, relationship_id)

    def remove_node(self, key: Key) -> int:
        """Drop every tie of a deleted organisation or person (the key stays, isolated)."""
        idx = self.node_keys.get(key)
        if idx is None:
            return 0
        _, _, eids = self.gather(np.array([idx]), self.kind_mask(), None, skip_sectors=False)
        self.alive[eids] = False
        return int(eids.size)

    def tie(self, eid: int) -> Tie:
        """One edge as plain data."""
        rel = int(self.rel[eid])
        keys = self.keys
        return Tie(keys[self.src[eid]], keys[self.dst[eid]], EDGE_KINDS[self.kind[eid]],
                   float(self.weight[eid]), float(self.base[eid]),
                   from_day_number(self.start[eid]), from_day_number(self.end[eid]),
                   None if rel < 0 else rel)

    def ties(self, key: Key, kinds=None, window=None) -> list[Tie]:
        """Live ties of one node (optionally of some kinds, active in a (start, end) window)."""
        idx = self.node_keys.get(key)
        if idx is None:
            return []
        _, _, eids = self.gather(np.array([idx]), self.kind_mask(kinds), window, skip_sectors=False)
        return [self.tie(eid) for eid in eids.tolist()]

    def affiliations(self, key: Key, kinds, node_type: str = "org") -> set:
        """Ids of the neighbours of one type reached by the given kinds (a startup's clubs, ...)."""
        idx = self.node_keys.get(key)
        if idx is None:
            return set()
        _, nbrs, _ = self.gather(np.array([idx]), self.kind_mask(kinds), None, skip_sectors=False)
        wanted = nbrs[self.node_type[nbrs] == TYPE_CODE[node_type]]
        return set(self.node_keys.ids[wanted].tolist())

    # -- decay -------------------------------------------------------------------------
    def set_as_of(self, as_of: date) -> None:
        """Re-age every tie to a new day (the service calls it once a day)."""
        self.as_of = as_of
        ids = np.arange(self.n_edges)
        self.weight[ids] = self._decayed(ids)

    def _decayed(self, ids: np.ndarray) -> np.ndarray:
        today = self.as_of.toordinal()
        last_active = np.minimum(self.end[ids].astype(np.int64), today)
        age = np.maximum(0, today - last_active)
        return self.base[ids] * np.exp2(-age / self.half_life_days)

    # -- adjacency ---------------------------------------------------------------------
    def kind_mask(self, kinds=None) -> np.ndarray:
        """Boolean mask over kind codes (all kinds when None)."""
        if kinds is None:
            return np.ones(len(EDGE_KINDS), dtype=bool)
        mask = np.zeros(len(EDGE_KINDS), dtype=bool)
        mask[[KIND_CODE[kind] for kind in kinds]] = True
        return mask

    def gather(self, nodes: np.ndarray, kind_mask: np.ndarray, window=None,
               skip_sectors: bool = True):
        """All live ties leaving `nodes`: (position in nodes, neighbour index, edge id) arrays."""
        nodes = np.asarray(nodes, dtype=np.int64)
        n_csr = self.indptr.size - 1  # nodes added after the last rebuild live in the overlay
        if n_csr:
            safe = np.minimum(nodes, n_csr - 1)
            starts = self.indptr[safe]
            lens = np.where(nodes < n_csr, self.indptr[safe + 1] - starts, 0)
        else:
            starts = lens = np.zeros_like(nodes)
        origin = np.repeat(np.arange(nodes.size), lens)
        offset = np.arange(origin.size) - np.repeat(np.cumsum(lens) - lens, lens)
        pos = np.repeat(starts, lens) + offset
        nbr, eid = self.adj_node[pos].astype(np.int64), self.adj_edge[pos].astype(np.int64)
        if self.overlay:
            extra = [(i, e) for i, node in enumerate(nodes.tolist()) for e in self.overlay.get(node, ())]
            if extra:
                o, e = np.array(extra, dtype=np.int64).T
                other = np.where(self.src[e] == nodes[o], self.dst[e], self.src[e])
                origin, nbr, eid = (np.concatenate([origin, o]), np.concatenate([nbr, other]),
                                    np.concatenate([eid, e]))
        keep = self.alive[eid] & kind_mask[self.kind[eid]]
        if skip_sectors:
            keep &= self.node_type[nbr] != SECTOR
        if window is not None:
            low = day_number(window[0], NO_START)
            high = day_number(window[1], NO_END)
            keep &= (self.start[eid] <= high) & (self.end[eid] >= low)
        return origin[keep], nbr[keep], eid[keep]

    def rebuild_index(self) -> None:
        """Rebuild the CSR adjacency from the live edges and empty the overlay."""
        self.node_keys.compact()
        live = np.flatnonzero(self.alive[: self.n_edges]).astype(np.int32)
        ends = np.concatenate([self.src[live], self.dst[live]])
        others = np.concatenate([self.dst[live], self.src[live]])
        order = np.argsort(ends, kind="stable")
        self.adj_node = others[order].astype(np.int32)
        self.adj_edge = np.concatenate([live, live])[order]
        counts = np.bincount(ends, minlength=self.n_nodes)
        self.indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        self.overlay = {}
        self.overlay_size = 0
        with_rel = live[self.rel[live] >= 0]
        order = np.argsort(self.rel[with_rel], kind="stable")
        self.rel_order = with_rel[order].astype(np.int64)
        self.rel_sorted = self.rel[self.rel_order]
        self.recent_rel = {}

    def _reserve(self, size: int) -> None:
        if size <= self.src.size:
            return
        new_size = max(size, 2 * self.src.size, 1024)
        for name in ("src", "dst", "kind", "base", "weight", "start", "end", "rel", "alive"):
            column = getattr(self, name)
            grown = np.zeros(new_size, dtype=column.dtype)
            grown[: column.size] = column
            setattr(self, name, grown)

    def to_networkx(self, nodes=None):
        """A networkx view for the dashboard's network map and betweenness on small subgraphs."""
        from ecosystem.matching.graph_build import to_networkx

        return to_networkx(self, nodes)

    def live_edge_count(self) -> int:
        return int(self.alive[: self.n_edges].sum())

    def nbytes(self) -> int:
        """Bytes held by the numpy arrays (the key dict and list come on top)."""
        arrays = ("node_type", "src", "dst", "kind", "base", "weight", "start", "end", "rel",
                  "alive", "indptr", "adj_node", "adj_edge", "rel_order", "rel_sorted")
        return sum(getattr(self, name).nbytes for name in arrays)
