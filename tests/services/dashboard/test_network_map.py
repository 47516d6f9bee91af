"""Network map and network health on hand-built graphs."""
import math
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import networkx as nx
import pytest

from ecosystem.services.dashboard import network_health as nethealth
from ecosystem.matching.graph_build import DEFAULT_KIND_WEIGHTS, build_graph
from ecosystem.services.dashboard import network_map as netmap
from ecosystem.services.dashboard.network_figures import dashboard_graph

NS = {"s": "http://www.w3.org/2000/svg"}
TODAY = date(2025, 6, 1)
KIND_LABELS = {"startup": "Startup", "mentor": "Cố vấn", "incubator": "Vườn ươm", "fund": "Quỹ đầu tư"}


def small_ecosystem() -> nx.Graph:
    """The shape the pages get: matching's graph (an ended tie, a parallel pair, sector tags) seen
    through the dashboard with the directory's kinds, names, pages and places."""
    nodes = {
        "o1": {"kind": "startup", "label": "Nông Nghiệp Xanh <Demo> & Co", "url": "/org/1", "place": "Phú Lợi"},
        "o2": {"kind": "startup", "label": "Y Sinh Demo", "url": "/org/2", "place": "Dĩ An"},
        "o3": {"kind": "startup", "label": "Cô Đơn Demo", "url": "/org/3", "place": "Phú Lợi"},
        "o4": {"kind": "incubator", "label": "Vườn ươm Demo", "url": "/org/4", "place": "Phú Lợi"},
        "o5": {"kind": "fund", "label": "Quỹ Demo", "url": "javascript:alert(1)", "place": "Thủ Đức"},
        "p1": {"kind": "mentor", "label": "Chị Lan Demo", "url": "/people/1", "place": "Phú Lợi"},
        "p2": {"kind": "mentor", "label": "Anh Minh Demo", "url": None, "place": "Dĩ An"},
    }
    o, p, s = (lambda i: ("org", i)), (lambda i: ("person", i)), (lambda i: ("sector", i))
    rows = [(p(1), o(1), "mentor"), (o(5), o(2), "investor"),
            (p(2), o(3), "mentor", TODAY - timedelta(days=400), TODAY - timedelta(days=1)),  # ended: history
            (o(1), o(4), "resident"), (o(2), o(4), "resident"), (o(3), o(4), "resident"),
            (p(1), o(4), "member"), (p(1), o(4), "partner")]  # a parallel tie
    rows += [(key, s(sector), "sector") for key, sector in
             [(o(1), 1), (o(2), 3), (o(3), 1), (o(4), 1), (o(4), 3), (o(5), 3), (p(1), 1), (p(2), 3)]]
    graph = build_graph(rows, kind_weights=DEFAULT_KIND_WEIGHTS, half_life_days=365, as_of=TODAY)
    return dashboard_graph(graph.to_networkx(), nodes, TODAY)


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def nodes_in(root):
    return [el for el in root.iter() if el.get("class") == "node"]


def test_map_links_every_node_to_its_page_with_a_tooltip():
    result = netmap.build_map(small_ecosystem(), kind_labels=KIND_LABELS)
    root = parse(result.svg)
    # a group, not an image: the nodes inside are links (an image may hold no interactive element)
    assert root.get("role") == "group" and root.find("s:title", NS).text
    drawn = {el.get("data-id"): el for el in nodes_in(root)}
    assert set(drawn) == {"o1", "o2", "o3", "o4", "o5", "p1", "p2"}
    links = {el.get("data-id"): el.get("href") for el in drawn.values() if el.tag.endswith("}a")}
    assert links == {"o1": "/org/1", "o2": "/org/2", "o3": "/org/3", "o4": "/org/4", "p1": "/people/1"}
    assert drawn["o5"].tag.endswith("}g") and drawn["p2"].tag.endswith("}g")  # unsafe or missing url
    tip = drawn["o1"].find("s:circle/s:title", NS).text
    assert tip.startswith("Nông Nghiệp Xanh <Demo> & Co – Startup")
    assert "<Demo>" not in result.svg and "javascript:" not in result.svg
    assert (result.total_nodes, result.shown_nodes, result.sampled) == (7, 7, False)


def test_map_colours_per_kind_and_legend():
    root = parse(netmap.build_map(small_ecosystem(), kind_labels=KIND_LABELS).svg)
    fills = {}
    for el in nodes_in(root):
        fills.setdefault(el.get("data-kind"), set()).add(el.find("s:circle", NS).get("fill"))
    assert all(len(f) == 1 for f in fills.values())
    assert len({next(iter(f)) for f in fills.values()}) == len(fills)
    legend = "".join(next(el for el in root.iter() if el.get("class") == "legend").itertext())
    assert "Startup (3)" in legend and "Cố vấn (2)" in legend and "Quỹ đầu tư (1)" in legend


def test_map_edges_are_drawn_once_per_tie():
    root = parse(netmap.build_map(small_ecosystem()).svg)
    path = next(el for el in root.iter() if el.get("class") == "edges").get("d")
    assert path.count("M") == 7  # 8 stored ties, the parallel p1–o4 pair drawn once


@pytest.mark.parametrize("flt, expected", [
    (netmap.MapFilter(kinds=frozenset({"startup"})), {"o1", "o2", "o3"}),
    (netmap.MapFilter(sectors=frozenset({3})), {"o2", "o4", "o5", "p2"}),
    (netmap.MapFilter(places=frozenset({"Phú Lợi"}), kinds=frozenset({"startup", "mentor"})), {"o1", "o3", "p1"}),
    (None, {"o1", "o2", "o3", "o4", "o5", "p1", "p2"}),
])
def test_filter(flt, expected):
    kept = netmap.filter_graph(small_ecosystem(), flt)
    assert set(kept) == expected and not kept.is_directed()
    root = parse(netmap.build_map(small_ecosystem(), flt=flt).svg)
    assert {el.get("data-id") for el in nodes_in(root)} == expected


def star_of_stars(hubs: int = 5, leaves: int = 12) -> nx.Graph:
    g = nx.Graph()
    for h in range(hubs):
        g.add_node(f"h{h}", kind="incubator", label=f"Hub {h}", url=f"/org/h{h}", place="Dĩ An")
        for leaf in range(leaves):
            node = f"s{h}-{leaf}"
            g.add_node(node, kind="startup" if leaf % 3 else "mentor", label=node, url=f"/org/{node}",
                       place="Phú Lợi" if leaf % 2 else "Dĩ An")
            g.add_edge(f"h{h}", node)
        if h:
            g.add_edge(f"h{h}", f"h{h - 1}")
    return g


def test_sampling_keeps_the_best_connected_and_clusters_the_rest():
    g = star_of_stars()  # 65 nodes
    result = netmap.build_map(g, max_nodes=10, kind_labels=KIND_LABELS)
    assert result.sampled and result.total_nodes == 65 and result.shown_nodes == 10
    assert sum(result.clusters.values()) == 55 and set(result.clusters) == {"startup", "mentor"}
    root = parse(result.svg)
    ids = {el.get("data-id") for el in nodes_in(root)}
    assert {f"h{h}" for h in range(5)} <= ids  # the hubs are the best connected
    clusters = [el for el in nodes_in(root) if el.get("data-kind") == netmap.CLUSTER]
    assert len(clusters) == 2 and all(el.tag.endswith("}g") for el in clusters)
    desc = root.find("s:desc", NS).text
    assert "Hiển thị 10 nút" in desc and "55 nút còn lại" in desc and "2 cụm" in desc


def test_reduce_graph_clusters_by_place_and_weights_ties():
    g = star_of_stars(hubs=2, leaves=6)
    reduced, clusters = netmap.reduce_graph(g, 2, cluster_by="place")
    assert set(clusters) == {"Phú Lợi", "Dĩ An"} and sum(clusters.values()) == 12
    assert sum(d["weight"] for *_, d in reduced.edges(data=True) if "weight" in d) == 12
    same, none = netmap.reduce_graph(g, 100)
    assert same is g and none == {}


def test_layout_is_deterministic_and_bounded():
    for n in (1, 30, 200, 600):
        g = nx.barabasi_albert_graph(n, 1, seed=1) if n > 1 else nx.empty_graph(1)
        pos = netmap.compute_layout(g, seed=3)
        assert set(pos) == set(g)
        assert all(math.isfinite(c) and -1.0001 <= c <= 1.0001 for p in pos.values() for c in p)
        again = netmap.compute_layout(g, seed=3)
        assert all((pos[v] == again[v]).all() for v in g)
    g = small_ecosystem()
    assert netmap.build_map(g).svg == netmap.build_map(g).svg


def test_force_layout_spreads_nodes_out():
    g = nx.barabasi_albert_graph(600, 1, seed=2)
    pos = netmap.compute_layout(g)
    xs = sorted(round(float(p[0]), 2) for p in pos.values())
    assert xs[0] < -0.5 and xs[-1] > 0.5 and len(set(xs)) > 100


def test_empty_graph_says_so():
    root = parse(netmap.build_map(nx.Graph()).svg)
    assert "Chưa có dữ liệu" in "".join(root.itertext()) and not nodes_in(root)


@pytest.mark.parametrize("url, safe", [
    ("/org/1", True), ("https://biic.example.vn", True), ("?sector=2", True), ("#n1", True),
    ("//evil.example", False), ("javascript:alert(1)", False), (" data:text/html,x", False), (None, False),
])
def test_safe_url(url, safe):
    assert (netmap.safe_url(url) is not None) == safe


def test_startups_without_mentor_or_investor():
    g = small_ecosystem()
    assert nethealth.startups_without_support(g) == ["o3"]  # its only mentor tie has ended
    assert nethealth.startups_without_support(g, tie_kinds=("mentor",)) == ["o2", "o3"]
    assert nethealth.startups_without_support(nx.MultiDiGraph(g)) == ["o3"]


@pytest.mark.parametrize("tie, counted", [
    ({"kind": "mentor"}, True), ({"kind": "mentor", "active": False}, False), ({"kind": "member"}, False),
    ({"kinds": ["member", "investor"], "active": True}, True), ({"kinds": ["mentor"], "active": False}, False),
    ({"kinds": ["member"], "active": True}, False),
])
def test_a_tie_or_the_ties_of_a_pair_support_only_in_force(tie, counted):
    g = nx.MultiDiGraph()
    g.add_node("o1", kind="startup")
    g.add_edge("p1", "o1", **tie)
    assert (nethealth.startups_without_support(g) == []) is counted


@pytest.mark.parametrize("graph", [
    nx.karate_club_graph(), nx.gnp_random_graph(60, 0.06, seed=4), nx.path_graph(6),
    nx.barbell_graph(5, 2), nx.empty_graph(4), nx.star_graph(7),
])
def test_betweenness_equals_networkx(graph):
    ours = nethealth.betweenness(graph)
    exact = nx.betweenness_centrality(graph)
    assert ours.keys() == exact.keys()
    assert all(ours[v] == pytest.approx(exact[v], abs=1e-12) for v in graph)


def test_betweenness_treats_directed_and_parallel_ties_as_one_undirected_tie():
    g = nx.MultiDiGraph(nx.gnp_random_graph(40, 0.08, seed=9, directed=True))
    g.add_edge(0, 0)
    g.add_edges_from(list(g.edges())[:10])
    simple = nx.Graph(g.to_undirected())
    simple.remove_edges_from(nx.selfloop_edges(simple))
    exact = nx.betweenness_centrality(simple)
    ours = nethealth.betweenness(g, cells=40 * 7)  # small batches exercise the batching
    assert all(ours[v] == pytest.approx(exact[v], abs=1e-12) for v in g)


def test_sampled_betweenness_uses_networkx_scaling():
    g = nx.barbell_graph(6, 3)
    sampled = nethealth.betweenness(g, samples=g.number_of_nodes() - 1, seed=1)
    exact = nx.betweenness_centrality(g)
    middle = max(exact, key=exact.get)
    assert max(sampled, key=sampled.get) == middle
    assert sampled[middle] == pytest.approx(exact[middle], rel=0.2)


def test_top_bridges_finds_the_organisation_between_two_communities():
    g = nx.Graph()
    for side in ("a", "b"):  # two close communities, each tied to the bridge by two members
        g.add_edges_from(nx.complete_graph([f"{side}{i}" for i in range(6)]).edges())
        g.add_edges_from([(f"{side}0", "bridge"), (f"{side}1", "bridge")])
    for node in g:
        g.nodes[node]["kind"] = "incubator" if node == "bridge" else "startup"
    assert nethealth.top_bridges(g, 1)[0][0] == "bridge"
    assert nethealth.top_bridges(g, 3, kinds=["incubator"]) == [("bridge", pytest.approx(
        nx.betweenness_centrality(g)["bridge"]))]
    assert nethealth.top_bridges(g, 1, samples=8, seed=5)[0][0] == "bridge"


def test_supporters_per_startup_by_sector_and_place():
    g = small_ecosystem()
    kinds = ("mentor", "incubator", "fund")
    by_sector = nethealth.supporters_per_startup(g, "sector", supporter_kinds=kinds)
    assert by_sector == [
        {"group": 1, "startups": 2, "supporters": 2, "ratio": 1.0},  # o1, o3 / o4, p1
        {"group": 3, "startups": 1, "supporters": 3, "ratio": 3.0},  # o2 / o4, o5, p2
    ]
    by_place = {r["group"]: r for r in nethealth.supporters_per_startup(g, "place", supporter_kinds=kinds)}
    assert by_place["Phú Lợi"]["ratio"] == 1.0 and by_place["Dĩ An"]["ratio"] == 1.0
    assert by_place["Thủ Đức"] == {"group": "Thủ Đức", "startups": 0, "supporters": 1, "ratio": None}
    with pytest.raises(ValueError):
        nethealth.supporters_per_startup(g, "ward", supporter_kinds=kinds)


def test_loners_do_not_squeeze_the_connected_ecosystem_into_a_corner():
    g = nx.path_graph(40)
    g.add_nodes_from(["far-1", "far-2", "far-3"])
    pos = {n: (i / 40 - 0.5, 0.0) for i, n in enumerate(range(40))}
    pos.update({"far-1": (-1.0, -1.0), "far-2": (1.0, 1.0), "far-3": (1.0, -1.0)})  # a layout's stray loners
    packed = netmap.pack_components(g, pos)
    main = [packed[n] for n in range(40)]
    assert min(p[0] for p in main) == pytest.approx(-1.0) and max(p[0] for p in main) == pytest.approx(1.0)
    band_top = max(p[1] for p in main)
    assert all(packed[n][1] > band_top for n in ("far-1", "far-2", "far-3"))  # lined up underneath
    assert all(-1.0 <= c <= 1.0 for p in packed.values() for c in p)


def test_every_kind_of_the_directory_gets_its_own_colour():
    kinds = [f"kind{i}" for i in range(17)]
    colours = netmap._colours(kinds, {k: k for k in kinds})
    assert len({colours[k] for k in kinds}) == 17


def test_map_sentences_come_in_the_readers_language():
    words = {"summary": "The network has {nodes} nodes and {edges} ties after the filter.",
             "ties": "{n} ties", "empty": "No data yet"}
    svg = netmap.build_map(small_ecosystem(), kind_labels=KIND_LABELS, words=words).svg
    assert "The network has 7 nodes" in svg and "liên kết" not in svg
    assert "No data yet" in netmap.build_map(nx.Graph(), words=words).svg
