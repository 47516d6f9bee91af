"""Network health and map built from the one graph matching uses (no second loader)."""
from datetime import date, datetime, timedelta, timezone

import networkx as nx

from ecosystem.extensions import db
from ecosystem.models import InvestorProfile, Relationship
from ecosystem.services.dashboard import network_figures as network
from ecosystem.services.directory.relations import create_relationship, end_relationship, record_graph_change
from ecosystem.services.matching import cohorts
from ecosystem.services.matching.graph_store import forget_graph, fresh_graph, graph_cache
from tests import factories as f
from tests.matching.world import build_world, request_ctx  # noqa: F401

SUPPORT = ("mentor", "investor")


def supported_in_matching(org_id: int) -> bool:
    """What matching's graph says: a mentor or investor tie of the startup still in force."""
    with fresh_graph() as graph:
        return bool(graph.ties(("org", org_id), kinds=SUPPORT, window=(graph.as_of, None)))


def test_graph_nodes_edges_and_freshness(app):
    today = date.today()
    agri = f.make_sector("agritech")
    startup = f.make_org("Startup Có Thầy", former_district="Dĩ An")
    startup.sectors = [agri]
    lonely = f.make_org("Startup Một Mình")
    f.make_org("Đã Lưu Trữ", status="archived")
    mentor = f.make_person("Cô Giáo Demo", mentor_capacity=2)
    angel = f.make_person("Thiên Thần Demo")
    db.session.add(InvestorProfile(person_id=angel.id))
    db.session.add_all([
        Relationship(kind="mentor", source_person_id=mentor.id, target_org_id=startup.id),
        Relationship(kind="investor", source_person_id=angel.id, target_org_id=lonely.id,
                     ended_on=today - timedelta(days=1))])  # ended: history only
    db.session.commit()
    graph = network.ecosystem_graph()
    assert set(graph) == {f"o{startup.id}", f"o{lonely.id}", f"p{mentor.id}", f"p{angel.id}"}
    assert graph.nodes[f"p{mentor.id}"]["kind"] == "mentor" and graph.nodes[f"p{angel.id}"]["kind"] == "investor"
    assert graph.nodes[f"o{startup.id}"]["sectors"] == [agri.id]  # from the graph's sector tie
    assert graph.nodes[f"o{startup.id}"]["url"] == f"/orgs/{startup.slug}"
    assert graph.nodes[f"o{startup.id}"]["place"] == "Dĩ An"
    history = graph.edges[f"p{angel.id}", f"o{lonely.id}"]
    assert history["active"] is False and history["kinds"] == ["investor"]
    tie = graph.edges[f"p{mentor.id}", f"o{startup.id}"]
    assert tie["kinds"] == ["mentor"] and tie["active"] is True
    assert network.ecosystem_graph() is graph  # nothing changed: the cached graph
    result = network.health()
    assert [n for n, _ in result["lonely"]] == [f"o{lonely.id}"]
    assert (result["nodes"], result["edges"], result["startups"]) == (4, 1, 2)  # ties in force only
    assert network.health() is result
    with fresh_graph() as matching:
        built = matching
    create_relationship("investor", angel, lonely)
    db.session.commit()
    fresh = network.ecosystem_graph()
    with fresh_graph() as matching:
        assert matching is built  # the one graph moved by delta, not rebuilt
    assert fresh is not graph and fresh.edges[f"p{angel.id}", f"o{lonely.id}"]["active"] is True
    assert network.health()["lonely"] == []


def test_renamed_or_archived_nodes_reach_the_map_without_a_graph_change(app):
    startup = f.make_org("Tên Cũ")
    gone = f.make_org("Sắp Lưu Trữ")
    db.session.commit()
    assert network.ecosystem_graph().nodes[f"o{startup.id}"]["label"] == "Tên Cũ"
    startup.name, gone.status = "Tên Mới", "archived"
    db.session.commit()
    graph = network.ecosystem_graph()
    assert graph.nodes[f"o{startup.id}"]["label"] == "Tên Mới" and f"o{gone.id}" not in graph
    assert network.ecosystem_graph() is graph
    forget_graph()  # matching rebuilds its graph: the dashboard's follows
    assert network.ecosystem_graph() is not graph


def test_without_a_mentor_means_what_matching_sees(app, request_ctx):  # noqa: F811
    w = build_world()  # Chị Lan already mentors Ví Việt; Nông Sản Xanh is a resident of the incubator
    ended = f.make_org("Startup Hết Cố Vấn")
    old = create_relationship("mentor", w.hoa, ended, w.officer)
    end_relationship(old, w.officer, on=date.today() - timedelta(days=30))
    db.session.commit()
    before = {n for n, _ in network.health()["lonely"]}
    assert before == {f"o{w.startup.id}", f"o{ended.id}"}
    built = graph_cache().graph
    plan = cohorts.create_plan(w.coordinator, w.incubator, "residents", "all", "Đợt Thử")
    assert [(r.startup_id, r.mentor_person_id) for r in plan.rows] == [(w.startup.id, w.lan.id)]
    cohorts.confirm(plan, w.coordinator)  # the cohort's mentor tie reaches the graph by the change feed
    db.session.commit()
    result = network.health()
    assert graph_cache().graph is built
    assert [n for n, _ in result["lonely"]] == [f"o{ended.id}"]
    for startup in (w.startup, w.other, ended):
        lonely = f"o{startup.id}" in {n for n, _ in result["lonely"]}
        assert lonely is not supported_in_matching(startup.id)


def test_introductions_and_attendance_are_ties_of_the_map(app):
    from ecosystem.models import Attendance, Event, Introduction
    startup = f.make_org("Startup Được Giới Thiệu")
    club = f.make_org("CLB Thử", kind="club")
    expert = f.make_person("Chuyên Gia Thử")
    db.session.commit()
    network.ecosystem_graph()
    intro = Introduction(startup_id=startup.id, target_person_id=expert.id, connector_org_id=club.id,
                         status="accepted")
    start = datetime(2025, 3, 1, 2, tzinfo=timezone.utc)
    event = Event(kind="workshop", title="Hội thảo Thử", organiser_id=club.id, starts_at=start,
                  ends_at=start + timedelta(hours=2))
    db.session.add_all([intro, event])
    db.session.flush()
    seen = Attendance(event_id=event.id, person_id=expert.id, name=expert.full_name,
                      attended_on=start.date(), method="walk_in")
    db.session.add(seen)
    db.session.flush()
    record_graph_change("introduction", intro.id)  # ties only matching's graph carries: no relationship row
    record_graph_change("attendance", seen.id)
    db.session.commit()
    result = network.ecosystem_graph()
    assert result.edges[f"o{startup.id}", f"p{expert.id}"]["kinds"] == ["introduced"]
    assert result.edges[f"p{expert.id}", f"o{club.id}"]["active"] is False  # a past event: history
    assert network.health()["lonely"] == [(f"o{startup.id}", result.nodes[f"o{startup.id}"])]
    svg = network.network_map(None, {}, "Bản đồ").svg
    assert svg.count("<a ") == 3 and "Mạng lưới gồm 3 nút và 2 liên kết" in svg


def test_dashboard_graph_is_pure_over_the_matching_view():
    from ecosystem.matching.graph_build import DEFAULT_KIND_WEIGHTS, build_graph
    today = date(2025, 6, 1)
    rows = [(("person", 1), ("org", 2), "mentor", None, date(2025, 5, 1)),  # ended
            (("person", 1), ("org", 2), "member"),
            (("org", 2), ("sector", 7), "sector"), (("org", 9), ("org", 2), "partner")]
    matching = build_graph(rows, kind_weights=DEFAULT_KIND_WEIGHTS, half_life_days=365, as_of=today)
    nodes = {"p1": {"kind": "mentor"}, "o2": {"kind": "startup"}}  # o9 archived: not given
    graph = network.dashboard_graph(matching.to_networkx(), nodes, today)
    assert set(graph) == {"p1", "o2"} and graph.nodes["o2"]["sectors"] == [7]
    assert graph.edges["p1", "o2"]["kinds"] == ["member"] and graph.edges["p1", "o2"]["active"]
    assert isinstance(graph, nx.Graph) and not graph.is_multigraph()


def test_health_bridges_and_thin_sectors(app):
    agri, bio = f.make_sector("agritech"), f.make_sector("biotech", "Công nghệ sinh học", "Biotech")
    hub = f.make_org("Vườn ươm Cầu Nối", kind="incubator")
    hub.sectors = [agri]
    startups = []
    for i in range(4):
        s = f.make_org(f"Startup Cầu {i}")
        s.sectors = [agri if i < 3 else bio]
        startups.append(s)
        db.session.add(Relationship(kind="resident", source_org_id=s.id, target_org_id=hub.id))
    db.session.commit()
    result = network.health()
    assert result["bridges"][0][0] == f"o{hub.id}"
    thin = {row["group"]: row for row in result["thin_sectors"]}
    assert thin[bio.id]["ratio"] == 0 and thin[agri.id]["ratio"] == round(1 / 3, 3)
    assert result["thin_sectors"][0]["group"] == bio.id  # the thinnest first
