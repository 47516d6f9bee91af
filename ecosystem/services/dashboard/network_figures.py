"""Network health and the network map from the one ecosystem graph matching uses.

The ties come from services/matching's graph (per-process cache, delta refresh through the
graph_changes version), so "without a mentor" here means what matching sees; the directory adds
only what the graph does not store: each node's kind, name, page and place, in one bulk read.
Health and the last few maps are kept until the graph or the directory moves, since betweenness
and a layout of thousands of nodes take seconds.
"""
from __future__ import annotations

import threading
import weakref
from datetime import date

import networkx as nx
from flask import current_app
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import InternationalPartner, InvestorProfile, MentorProfile, Organisation, Person
from ecosystem.services.dashboard import network_health as nethealth
from ecosystem.services.dashboard import network_map as netmap
from ecosystem.services.matching.graph_store import fresh_graph
from ecosystem.services.platform.settings import setting

_PREFIX = {"org": "o", "person": "p"}


class NetworkCache:
    """The dashboard's graph and what was computed from it, for one state of graph and directory."""

    def __init__(self):
        self.lock = threading.Lock()
        self.state: tuple | None = None
        self.source = lambda: None  # weak reference to the matching graph the state was read from
        self.graph: nx.Graph | None = None
        self.health: dict | None = None
        self.maps: dict = {}


def _cache() -> NetworkCache:
    return current_app.extensions.setdefault("network_figures", NetworkCache())


def node_id(key: tuple) -> str:
    """'o12' / 'p5': the map's node ids (kept short, they are written into the SVG)."""
    return f"{_PREFIX[key[0]]}{key[1]}"


def directory_stamp() -> tuple:
    """Moves when a node's name, kind, page or place may have (edits the change feed does not carry)."""
    columns = (Organisation.updated_at, Person.updated_at, MentorProfile.person_id, InvestorProfile.person_id)
    parts = [select(aggregate(column)).scalar_subquery()
             for column in columns for aggregate in (func.count, func.max)]
    return tuple(db.session.execute(select(*parts)).one())


def node_attributes() -> dict[str, dict]:
    """kind, label, url, place and country (partners abroad; else VN) of every live organisation and person."""
    abroad = {oid: country for oid, country in db.session.execute(
        select(InternationalPartner.organisation_id, InternationalPartner.country))}
    nodes = {node_id(("org", oid)): {"kind": kind, "label": name, "url": f"/orgs/{slug}", "place": district,
                                     "country": abroad.get(oid, "VN")}
             for oid, kind, name, slug, district in db.session.execute(
                 select(Organisation.id, Organisation.kind, Organisation.name, Organisation.slug,
                        Organisation.former_district).where(Organisation.status != "archived"))}
    investor = select(InvestorProfile.id).where(InvestorProfile.person_id == Person.id).exists()
    mentor = select(MentorProfile.person_id).where(MentorProfile.person_id == Person.id).exists()
    for pid, name, district, is_mentor, is_investor in db.session.execute(
            select(Person.id, Person.full_name, Person.former_district, mentor, investor)
            .where(Person.archived.is_(False))):
        kind = "mentor" if is_mentor else "investor" if is_investor else "person"
        nodes[node_id(("person", pid))] = {"kind": kind, "label": name, "url": f"/people/{pid}",
                                          "place": district}
    return nodes


def dashboard_graph(matching: nx.Graph, nodes: dict[str, dict], as_of: date) -> nx.Graph:
    """The matching graph's networkx view (EcosystemGraph.to_networkx) as the dashboard draws it.

    Nodes: the given directory nodes, with 'sectors' read from the graph's sector ties. Edges: one
    per pair, 'kinds' the ties in force on as_of (no end, or ending that day or later) and
    'active' False when every tie of the pair has ended (history: drawn, but no support)."""
    graph = nx.Graph()
    graph.add_nodes_from((node, {**data, "sectors": []}) for node, data in nodes.items())
    kept = graph.nodes
    for a, b, data in matching.edges(data=True):
        if b[0] == "sector" or a[0] == "sector":
            owner, sector = (a, b) if b[0] == "sector" else (b, a)
            if owner[0] in _PREFIX and node_id(owner) in kept:
                kept[node_id(owner)]["sectors"].append(sector[1])
            continue
        u, v = node_id(a), node_id(b)
        if u in kept and v in kept:
            kinds = [t.kind for t in data["ties"] if t.end is None or t.end >= as_of]
            graph.add_edge(u, v, kinds=kinds or list(data["kinds"]), active=bool(kinds),
                           weight=data["weight"])
    for _, data in graph.nodes(data=True):
        data["sectors"].sort()
    return graph


def ecosystem_graph() -> nx.Graph:
    """The dashboard's graph of the current matching graph, converted again only when it moved."""
    cache, stamp = _cache(), directory_stamp()
    with fresh_graph() as source:
        state = (source.version, source.as_of, stamp)
        with cache.lock:
            if cache.source() is source and cache.state == state:
                return cache.graph
        matching, as_of = source.to_networkx(), source.as_of
    graph = dashboard_graph(matching, node_attributes(), as_of)
    with cache.lock:
        cache.source, cache.state = weakref.ref(source), state
        cache.graph, cache.health, cache.maps = graph, None, {}
    return graph


def health(graph: nx.Graph | None = None) -> dict:
    """Startups with no mentor or investor in force, the organisations that bridge the most, and the
    sectors and places with the fewest supporters per startup; kept with the current graph."""
    if graph is not None:
        return health_of(graph)
    graph, cache = ecosystem_graph(), _cache()
    with cache.lock:
        if cache.graph is graph and cache.health is not None:
            return cache.health
    result = health_of(graph)
    with cache.lock:
        if cache.graph is graph:
            cache.health = result
    return result


def health_of(graph: nx.Graph) -> dict:
    """The health figures of one dashboard graph (no database: a job could compute them)."""
    org_kinds = {d.get("kind") for n, d in graph.nodes(data=True) if str(n).startswith("o")}
    lonely = nethealth.startups_without_support(graph)
    bridges = nethealth.top_bridges(graph, int(setting("dashboard.bridges_shown")), kinds=org_kinds,
                                    samples=int(setting("dashboard.bridge_samples")))
    supporters = setting("dashboard.supporter_kinds")
    return {
        "nodes": graph.number_of_nodes(),
        "edges": sum(len(nethealth.kinds_in_force(d)) for *_, d in graph.edges(data=True)),
        "startups": sum(1 for _, d in graph.nodes(data=True) if d.get("kind") == "startup"),
        "lonely": [(n, graph.nodes[n]) for n in lonely],
        "bridges": [(n, graph.nodes[n], score) for n, score in bridges],
        "thin_sectors": nethealth.supporters_per_startup(graph, "sector", supporter_kinds=supporters),
        "thin_places": nethealth.supporters_per_startup(graph, "place", supporter_kinds=supporters),
    }


def network_map(flt: netmap.MapFilter | None, kind_labels: dict, title: str,
                words: dict | None = None) -> netmap.NetworkMap:
    """The map for a filter, sampled past dashboard.map_max_nodes; the last few maps of the
    current graph are kept, since a layout of thousands of nodes takes seconds."""
    graph, cache = ecosystem_graph(), _cache()
    max_nodes, cluster_by = int(setting("dashboard.map_max_nodes")), setting("dashboard.map_cluster_by")
    key = (flt, tuple(kind_labels.items()), title, tuple((words or {}).items()), max_nodes, cluster_by)
    with cache.lock:
        if cache.graph is graph and key in cache.maps:
            return cache.maps[key]
    result = netmap.build_map(graph, flt=flt, kind_labels=kind_labels, title=title, max_nodes=max_nodes,
                              cluster_by=cluster_by, words=words)
    with cache.lock:
        if cache.graph is graph:
            cache.maps = dict(list({**cache.maps, key: result}.items())[-16:])
    return result
