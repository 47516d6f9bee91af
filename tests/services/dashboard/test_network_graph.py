"""The ecosystem graph read from the directory, its cache, and network health on it."""
from datetime import date, timedelta

from ecosystem.extensions import db
from ecosystem.models import InvestorProfile, Relationship
from ecosystem.services.dashboard import network_graph as network
from ecosystem.services.directory.relations import create_relationship
from tests import factories as f


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
    assert graph.nodes[f"o{startup.id}"]["sectors"] == [agri.id]
    assert graph.nodes[f"o{startup.id}"]["url"] == f"/orgs/{startup.slug}"
    assert graph.number_of_edges() == 1
    assert network.ecosystem_graph() is graph  # nothing changed: the cached graph
    assert [n for n, _ in network.health()["lonely"]] == [f"o{lonely.id}"]
    create_relationship("investor", angel, lonely)
    db.session.commit()
    fresh = network.ecosystem_graph()
    assert fresh is not graph and fresh.number_of_edges() == 2
    assert network.health(fresh)["lonely"] == []


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
