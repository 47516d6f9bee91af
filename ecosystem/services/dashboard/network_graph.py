"""The ecosystem as a networkx graph for the network map and network health, read from the directory.

Nodes: organisations ("o<id>", kind = organisation kind) and people ("p<id>", kind = mentor,
investor or person); edges: relationships in force today. The graph is cached per process and
rebuilt when the graph's change counter or the number of organisations or people moves.
"""
from __future__ import annotations

import threading
from datetime import date

import networkx as nx
from sqlalchemy import func, or_, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import GraphChange, InvestorProfile, MentorProfile, Organisation, Person, Relationship
from ecosystem.models.directory import org_sectors, person_sectors
from ecosystem.services.dashboard import network_health as nethealth
from ecosystem.services.dashboard import network_map as netmap
from ecosystem.services.platform.settings import setting

_cache: dict = {}
_lock = threading.Lock()


def _version() -> tuple:
    """Changes anything the map shows: a new or edited organisation, person or tie."""
    parts = [db.session.scalar(select(func.max(GraphChange.id)))]
    for model in (Organisation, Person, Relationship):
        parts.extend(db.session.execute(select(func.count(model.id), func.max(model.updated_at))).one())
    return tuple(parts)


def ecosystem_graph(today: date | None = None) -> nx.MultiGraph:
    """The current graph, rebuilt only when the database says something changed."""
    version = (_version(), today or local_today(), db.engine.url.render_as_string())
    with _lock:
        if _cache.get("version") != version:
            _cache["graph"], _cache["version"] = build_graph(today or local_today()), version
        return _cache["graph"]


def build_graph(today: date) -> nx.MultiGraph:
    graph = nx.MultiGraph()
    org_sector_ids: dict = {}
    for org_id, sector_id in db.session.execute(select(org_sectors.c.organisation_id, org_sectors.c.sector_id)):
        org_sector_ids.setdefault(org_id, []).append(sector_id)
    graph.add_nodes_from(
        (f"o{oid}", {"kind": kind, "label": name, "url": f"/orgs/{slug}", "sectors": org_sector_ids.get(oid, []),
                     "place": district})
        for oid, kind, name, slug, district in db.session.execute(
            select(Organisation.id, Organisation.kind, Organisation.name, Organisation.slug,
                   Organisation.former_district).where(Organisation.status != "archived")))
    person_sector_ids: dict = {}
    for pid, sector_id in db.session.execute(select(person_sectors.c.person_id, person_sectors.c.sector_id)):
        person_sector_ids.setdefault(pid, []).append(sector_id)
    mentors = set(db.session.scalars(select(MentorProfile.person_id)))
    investors = set(db.session.scalars(select(InvestorProfile.person_id).where(InvestorProfile.person_id.is_not(None))))
    graph.add_nodes_from(
        (f"p{pid}", {"kind": "mentor" if pid in mentors else "investor" if pid in investors else "person",
                     "label": name, "url": f"/people/{pid}", "sectors": person_sector_ids.get(pid, []),
                     "place": district})
        for pid, name, district in db.session.execute(
            select(Person.id, Person.full_name, Person.former_district).where(Person.archived.is_(False))))
    query = select(Relationship.kind, Relationship.source_person_id, Relationship.source_org_id,
                   Relationship.target_person_id, Relationship.target_org_id).where(
        or_(Relationship.ended_on.is_(None), Relationship.ended_on >= today))
    nodes = graph.nodes
    edges = ((f"p{sp}" if sp else f"o{so}", f"p{tp}" if tp else f"o{to}", {"kind": kind})
             for kind, sp, so, tp, to in db.session.execute(query))
    graph.add_edges_from((a, b, data) for a, b, data in edges if a in nodes and b in nodes)
    return graph


def health(graph: nx.MultiGraph | None = None) -> dict:
    """Startups with no mentor or investor, the organisations that bridge the most, and the sectors
    and places with the fewest supporters per startup; kept with the current graph."""
    if graph is None:
        graph = ecosystem_graph()
        with _lock:
            cached = _cache.get("health")
        if cached is not None and cached[0] is graph:
            return cached[1]
        result = _health(graph)
        with _lock:
            _cache["health"] = (graph, result)
        return result
    return _health(graph)


def _health(graph: nx.MultiGraph) -> dict:
    simple = nx.Graph(graph)
    org_kinds = {d.get("kind") for n, d in graph.nodes(data=True) if str(n).startswith("o")}
    lonely = nethealth.startups_without_support(graph)
    bridges = nethealth.top_bridges(simple, int(setting("dashboard.bridges_shown")), kinds=org_kinds,
                                 samples=int(setting("dashboard.bridge_samples")))
    supporters = setting("dashboard.supporter_kinds")
    return {
        "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
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
    graph = ecosystem_graph()
    max_nodes, cluster_by = int(setting("dashboard.map_max_nodes")), setting("dashboard.map_cluster_by")
    key = (id(graph), flt, tuple(kind_labels.items()), title, tuple((words or {}).items()), max_nodes, cluster_by)
    with _lock:
        maps = _cache.setdefault("maps", {})
        if key in maps:
            return maps[key]
    result = netmap.build_map(graph, flt=flt, kind_labels=kind_labels, title=title, max_nodes=max_nodes,
                              cluster_by=cluster_by, words=words)
    with _lock:
        if _cache.get("graph") is graph:
            maps = {k: v for k, v in maps.items() if k[0] == id(graph)}
            maps[key] = result
            _cache["maps"] = dict(list(maps.items())[-16:])
    return result
