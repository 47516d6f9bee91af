"""The network map and the ecosystem's health, read from the networkx graph of the ecosystem.

Pure: a graph whose nodes carry kind, label, url, sectors (ids) and place comes in; an SVG map (each
node a link to its page) and plain figures come out. Past max_nodes the map shows the best-connected
nodes and folds the rest into one cluster per kind (or place), and its <desc> says so.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import networkx as nx
import numpy as np

from ecosystem.services.dashboard.charts import PALETTE, esc, format_number

CLUSTER = "cluster"
# The charts' eight colours, then Paul Tol's muted ones: every kind of the directory (17) its own colour.
MAP_PALETTE = PALETTE + ("#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
                         "#AA4499", "#661100", "#000000")
WORDS_VI = {"summary": "Mạng lưới gồm {nodes} nút và {edges} liên kết sau bộ lọc.",
            "sampled": "Hiển thị {shown} nút có nhiều liên kết nhất; {rest} nút còn lại được gộp thành "
                       "{clusters} cụm theo {by} ({folded}).",
            "others": "{n} nút khác: {name}", "ties": "{n} liên kết", "cluster": "Cụm (gộp)",
            "empty": "Chưa có dữ liệu"}
_SAFE_URL = re.compile(r"^(/(?!/)|https?://|#|\?)", re.IGNORECASE)


@dataclass(frozen=True)
class MapFilter:
    """Keep nodes whose kind, sectors, place and country match every given criterion (None = any)."""

    kinds: frozenset | None = None
    sectors: frozenset | None = None
    places: frozenset | None = None
    countries: frozenset | None = None  # ISO 3166 alpha-2; a node without one is in Việt Nam ("VN")

    def keeps(self, data: Mapping[str, Any]) -> bool:
        if self.kinds is not None and data.get("kind") not in self.kinds:
            return False
        if self.sectors is not None and not self.sectors.intersection(data.get("sectors") or ()):
            return False
        if self.countries is not None and (data.get("country") or "VN") not in self.countries:
            return False
        return self.places is None or data.get("place") in self.places


@dataclass
class NetworkMap:
    svg: str
    total_nodes: int  # after the filter, before sampling
    shown_nodes: int  # real nodes drawn (clusters not counted)
    clusters: dict = field(default_factory=dict)  # cluster value -> nodes folded into it

    @property
    def sampled(self) -> bool:
        return self.shown_nodes < self.total_nodes


def filter_graph(graph: nx.Graph, flt: MapFilter | None = None) -> nx.Graph:
    """An undirected simple copy of the kept nodes (ties count once whatever their direction)."""
    simple = nx.Graph()
    simple.add_nodes_from((n, data) for n, data in graph.nodes(data=True) if flt is None or flt.keeps(data))
    kept = simple.nodes  # one pass over the ties; a subgraph view would be slow on 100,000 nodes
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v and u in kept and v in kept)
    return simple


def reduce_graph(graph: nx.Graph, max_nodes: int, cluster_by: str = "kind") -> tuple[nx.Graph, dict]:
    """The max_nodes best-connected nodes, plus one cluster node per cluster_by value for the rest."""
    if graph.number_of_nodes() <= max_nodes:
        return graph, {}
    ranked = sorted(graph.degree, key=lambda item: (-item[1], str(item[0])))
    keep = {node for node, _ in ranked[:max_nodes]}
    group = {node: (CLUSTER, str(graph.nodes[node].get(cluster_by) or "?"))
             for node, _ in ranked[max_nodes:]}
    sizes = Counter(value for _, value in group.values())
    reduced = graph.subgraph(keep).copy()
    for value, size in sizes.items():
        reduced.add_node((CLUSTER, value), kind=CLUSTER, label=value, size=size)
    weights: Counter = Counter()
    for u, v in graph.edges():
        if u in keep and v in keep:
            continue
        a, b = group.get(u, u), group.get(v, v)
        if a != b:
            weights[(a, b) if str(a) <= str(b) else (b, a)] += 1
    reduced.add_edges_from((a, b, {"weight": w}) for (a, b), w in weights.items())
    return reduced, dict(sizes)


def compute_layout(graph: nx.Graph, seed: int = 7, small: int = 60, dense_below: int = 500) -> dict:
    """Positions in [-1, 1]²: Kamada–Kawai when small, networkx spring up to a few hundred nodes,
    then a vectorised Fruchterman–Reingold (networkx's sparse one needs ~15 s at 2,000 nodes)."""
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph)): np.zeros(2)}
    if n <= small:
        return nx.kamada_kawai_layout(graph, weight=None)
    if n < dense_below:
        return nx.spring_layout(graph, seed=seed, weight=None, method="force")
    return _force_layout(graph, seed)


def _force_layout(graph: nx.Graph, seed: int, iterations: int = 50, block: int = 1000) -> dict:
    nodes = list(graph)
    n, index = len(nodes), {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges()], dtype=np.int64).reshape(-1, 2)
    rows = np.concatenate([edges[:, 0], edges[:, 1]])
    cols = np.concatenate([edges[:, 1], edges[:, 0]])
    pos = np.random.default_rng(seed).random((2, n)).astype(np.float32)
    k2, step = np.float32(1.0 / n), 0.1
    dx, dy, rep = (np.empty((min(block, n), n), np.float32) for _ in range(3))
    for _ in range(iterations):
        force = np.empty_like(pos)
        for start in range(0, n, block):  # repulsion in blocks keeps memory at block × n
            stop = min(n, start + block)
            a, b, c = dx[: stop - start], dy[: stop - start], rep[: stop - start]
            np.subtract(pos[0, start:stop, None], pos[0, None, :], out=a)
            np.subtract(pos[1, start:stop, None], pos[1, None, :], out=b)
            np.multiply(a, a, out=c)
            c += b * b
            np.maximum(c, 1e-9, out=c)
            np.divide(k2, c, out=c)
            force[0, start:stop] = np.einsum("ij,ij->i", a, c)
            force[1, start:stop] = np.einsum("ij,ij->i", b, c)
        pull = pos[:, rows] - pos[:, cols]
        length = np.sqrt((pull ** 2).sum(axis=0)) / math.sqrt(k2)
        for axis in (0, 1):
            force[axis] -= np.bincount(rows, pull[axis] * length, minlength=n).astype(np.float32)
        size = np.maximum(np.sqrt((force ** 2).sum(axis=0)), 1e-9)
        pos += force * (np.minimum(size, step) / size)
        step -= 0.1 / (iterations + 1)
    pos = pos.astype(np.float64) - pos.mean(axis=1, keepdims=True)
    pos /= max(np.abs(pos).max(), 1e-9)
    return {node: pos[:, i] for i, node in enumerate(nodes)}


def pack_components(graph: nx.Graph, pos: dict, band: float = 0.3) -> dict:
    """The largest connected part fills the frame and the small parts and loners line up in a band
    under it, so a few isolated nodes never squeeze the ecosystem into a corner of the map."""
    parts = sorted(nx.connected_components(graph), key=lambda c: (-len(c), min(map(str, c))))
    if len(parts) < 2:
        return pos
    out = _fit(parts[0], pos, (-1.0, 1.0), (-1.0, 1.0 - 2 * band))
    rest = parts[1:]
    columns = max(1, math.ceil(math.sqrt(len(rest) * 8)))
    rows = math.ceil(len(rest) / columns)
    top, cell_w = 1.0 - 2 * band + 0.1, 2.0 / columns
    cell_h = (1.0 - top) / rows
    for i, part in enumerate(rest):
        row, col = divmod(i, columns)
        x0, y0 = -1.0 + col * cell_w, top + row * cell_h
        out.update(_fit(part, pos, (x0 + 0.15 * cell_w, x0 + 0.85 * cell_w),
                        (y0 + 0.15 * cell_h, y0 + 0.85 * cell_h)))
    return out


def _fit(nodes, pos: dict, xs: tuple, ys: tuple) -> dict:
    """The nodes' positions stretched into the box xs × ys (one node: its centre)."""
    points = np.array([pos[n] for n in nodes], dtype=float).reshape(-1, 2)
    low, span = points.min(axis=0), np.ptp(points, axis=0)
    unit = np.where(span > 0, (points - low) / np.where(span > 0, span, 1), 0.5)
    box_low, box_span = np.array([xs[0], ys[0]]), np.array([xs[1] - xs[0], ys[1] - ys[0]])
    return {n: box_low + unit[i] * box_span for i, n in enumerate(nodes)}


def _colours(kinds: Iterable[str], kind_labels: Mapping[str, str]) -> dict[str, str]:
    order = list(kind_labels) + sorted(set(kinds) - set(kind_labels) - {CLUSTER})
    colours = {kind: MAP_PALETTE[i % len(MAP_PALETTE)] for i, kind in enumerate(order)}
    colours[CLUSTER] = "#9e9e9e"
    return colours


def safe_url(url: Any) -> str | None:
    """Only site-relative or http(s) links: a node's url never becomes javascript: or data:."""
    text = str(url).strip() if url else ""
    return text if text and _SAFE_URL.match(text) else None


def build_map(graph: nx.Graph, *, flt: MapFilter | None = None, max_nodes: int = 2000,
              cluster_by: str = "kind", kind_labels: Mapping[str, str] | None = None,
              title: str = "Bản đồ mạng lưới đổi mới sáng tạo", width: int = 1000, height: int = 720,
              label_top: int = 30, seed: int = 7, words: Mapping[str, str] | None = None) -> NetworkMap:
    """Filter, sample beyond max_nodes, lay out and draw; kind_labels orders colours and legend;
    words (keys of WORDS_VI, str.format templates) gives the map's own sentences in the reader's language."""
    kind_labels, words = dict(kind_labels or {}), {**WORDS_VI, **(words or {})}
    kept = filter_graph(graph, flt)
    shown, clusters = reduce_graph(kept, max_nodes, cluster_by)
    pos = pack_components(shown, compute_layout(shown, seed=seed))
    total, real = kept.number_of_nodes(), shown.number_of_nodes() - len(clusters)
    desc = words["summary"].format(nodes=format_number(total), edges=format_number(kept.number_of_edges()))
    if clusters:
        folded = "; ".join(f"{kind_labels.get(v, v)}: {format_number(c)}" for v, c in sorted(clusters.items()))
        desc += " " + words["sampled"].format(shown=format_number(real), rest=format_number(total - real),
                                              clusters=len(clusters), by=cluster_by, folded=folded)
    colours = _colours((d.get("kind") for _, d in shown.nodes(data=True)), kind_labels)
    svg = _render(shown, pos, colours, kind_labels, title=title, desc=desc, width=width,
                  height=height, label_top=label_top, words=words)
    return NetworkMap(svg, total, real, clusters)


def _render(graph: nx.Graph, pos: dict, colours: dict, kind_labels: Mapping[str, str], *, title: str,
            desc: str, width: int, height: int, label_top: int, words: Mapping[str, str]) -> str:
    legend_w, pad = 190, 24

    def xy(node):
        x, y = pos[node]
        return (round(legend_w + pad + (x + 1) / 2 * (width - legend_w - 2 * pad), 1),
                round(pad + (y + 1) / 2 * (height - 2 * pad), 1))

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="netmap" role="img" '
             f'aria-labelledby="netmap-title netmap-desc" viewBox="0 0 {width} {height}" '
             f'width="{width}" height="{height}" font-family="system-ui, sans-serif" font-size="10">',
             f'<title id="netmap-title">{esc(title)}</title>', f'<desc id="netmap-desc">{esc(desc)}</desc>',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    if graph.number_of_nodes() == 0:
        parts.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="16">'
                     f"{esc(words['empty'])}</text></svg>")
        return "\n".join(parts)
    path = " ".join(f"M{xy(u)[0]} {xy(u)[1]}L{xy(v)[0]} {xy(v)[1]}" for u, v in graph.edges())
    parts.append(f'<path class="edges" d="{path}" stroke="#9a9a9a" stroke-opacity="0.45" '
                 f'stroke-width="0.7" fill="none"/>')
    degree = dict(graph.degree)
    ordered = sorted(graph.nodes(data=True), key=lambda item: (degree[item[0]], str(item[0])))
    labelled = {node for node, _ in ordered[-label_top:]} if label_top else set()
    for node, data in ordered:
        kind = data.get("kind") or "?"
        x, y = xy(node)
        label = str(data.get("label") or node)
        if kind == CLUSTER:
            radius = 6 + 3 * math.log10(1 + data.get("size", 1))
            tip = words["others"].format(n=format_number(data.get("size", 0)), name=kind_labels.get(label, label))
        else:
            radius = min(14.0, 3 + 1.6 * math.log2(1 + degree[node]))
            tip = f"{label} – {kind_labels.get(kind, kind)} ({words['ties'].format(n=format_number(degree[node]))})"
        shape = (f'<circle cx="{x}" cy="{y}" r="{round(radius, 1)}" fill="{colours.get(kind, "#666666")}" '
                 f'stroke="#ffffff" stroke-width="0.8"><title>{esc(tip)}</title></circle>')
        url = safe_url(data.get("url")) if kind != CLUSTER else None
        attrs = f'class="node" data-kind="{esc(kind)}" data-id="{esc(node)}"'
        parts.append(f'<a href="{esc(url)}" {attrs}>{shape}</a>' if url else f"<g {attrs}>{shape}</g>")
        if node in labelled:
            parts.append(f'<text class="label" x="{x + radius + 2}" y="{y + 3}" fill="#222222" '
                         f'stroke="#ffffff" stroke-width="2.5" paint-order="stroke">{esc(label[:40])}</text>')
    counts = Counter(d.get("kind") or "?" for _, d in graph.nodes(data=True))
    parts.append('<g class="legend" font-size="11">')
    for i, kind in enumerate(k for k in colours if counts.get(k)):
        name = words["cluster"] if kind == CLUSTER else kind_labels.get(kind, kind)
        parts.append(f'<circle cx="16" cy="{20 + 18 * i}" r="6" fill="{colours[kind]}"/>'
                     f'<text x="28" y="{24 + 18 * i}">{esc(name)} ({format_number(counts[kind])})</text>')
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)
