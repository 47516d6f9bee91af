"""The graph from the database: full build, version, refresh by delta through the change feed."""
from datetime import date, timedelta

from flask_babel import force_locale

from ecosystem.extensions import db
from ecosystem.models import GraphChange, Relationship
from ecosystem.services.matching import graph_store as service
from ecosystem.services.matching.graph_store import edge_ref, fresh_graph, graph_cache, parse_ref
from ecosystem.services.directory.relations import create_relationship, end_relationship, record_graph_change
from tests.factories import make_person
from tests.matching.world import build_world


def kinds_between(graph, a, b):
    return sorted(t.kind for t in graph.ties(a) if b in (t.source, t.target))


def test_full_build_reads_relationships_and_sector_tags(app):
    w = build_world()
    graph = service.build_from_database()
    assert graph.version == db.session.query(db.func.max(GraphChange.id)).scalar()
    assert kinds_between(graph, ("person", w.lan.id), ("org", w.club.id)) == ["club_member"]
    assert kinds_between(graph, ("org", w.startup.id), ("sector", w.agri.id)) == ["sector"]
    assert kinds_between(graph, ("person", w.minh.id), ("sector", w.agri.id)) == ["sector"]
    tie = next(t for t in graph.ties(("person", w.lan.id)) if t.kind == "mentor")
    assert parse_ref(tie.relationship_id)[0] == "relationship"


def test_refs_pack_the_edge_source():
    assert parse_ref(edge_ref("introduction", 42)) == ("introduction", 42)
    assert parse_ref(edge_ref("relationship", 7)) == ("relationship", 7)
    assert parse_ref(None) is None and parse_ref(-1) is None


def test_one_new_relationship_updates_the_cached_graph_by_delta(app):
    w = build_world()
    with fresh_graph() as graph:
        built_at, version = graph_cache().built_at, graph.version
    newcomer = make_person("Võ Văn Mới")
    rel = create_relationship("family", newcomer, w.minh, w.officer)
    db.session.commit()
    with fresh_graph() as again:
        assert again is graph and graph_cache().built_at == built_at  # no rebuild
        assert again.version > version
        assert kinds_between(again, ("person", newcomer.id), ("person", w.minh.id)) == ["family"]
    end_relationship(rel, w.officer, on=date.today() - timedelta(days=730))
    db.session.commit()
    with fresh_graph() as again:
        [tie] = [t for t in again.ties(("person", newcomer.id))]
        assert tie.weight < tie.base_weight  # an ended tie has aged
    rel_id = rel.id
    db.session.delete(rel)
    record_graph_change("relationship", rel_id, "remove")
    db.session.commit()
    with fresh_graph() as again:
        assert again.ties(("person", newcomer.id)) == []


def test_a_reset_database_forces_a_full_rebuild(app):
    build_world()
    with fresh_graph() as graph:
        first = graph
    db.session.query(GraphChange).delete()
    db.session.commit()
    with fresh_graph() as graph:
        assert graph is not first and graph.version == 0


def test_reason_and_hop_words_exist_for_every_code(app):
    from ecosystem.matching.graph import EDGE_KINDS
    from ecosystem.matching.reasons import INVESTOR_COMPONENTS, MENTOR_COMPONENTS, REASON_CODES
    from ecosystem.services.matching.reasons import (COMPONENT_LABELS, HOP_TEXTS, REASON_TEXTS,
                                                  render_hop)
    assert set(REASON_TEXTS) == set(REASON_CODES)
    assert set(HOP_TEXTS) == set(EDGE_KINDS)
    assert set(MENTOR_COMPONENTS + INVESTOR_COMPONENTS) <= set(COMPONENT_LABELS)
    with app.test_request_context():
        with force_locale("en"):
            assert render_hop("mentor", "Lan", "Xanh") == "Lan mentors Xanh"
        assert render_hop("mentor", "Lan", "Xanh") == "Lan cố vấn cho Xanh"


def test_relationship_kinds_are_graph_kinds(app):
    from ecosystem.matching.graph import EDGE_KINDS
    from ecosystem.models.vocab import RELATION_KINDS
    assert set(RELATION_KINDS) <= set(EDGE_KINDS)
    assert Relationship.__tablename__ == "relationships"


def test_event_attendance_ties_attendees_to_the_organiser_by_delta(app):
    import pytest
    from datetime import datetime, timezone
    from ecosystem.models import Base
    if "attendances" not in Base.metadata.tables:
        pytest.skip("the events tables are not in this build")
    from ecosystem.models import Attendance, Event
    from ecosystem.services.platform.settings import setting
    w = build_world()
    with fresh_graph():
        pass
    start = datetime(2025, 3, 1, 2, tzinfo=timezone.utc)
    event = Event(kind="workshop", title="Hội thảo IoT", organiser_id=w.club.id, starts_at=start,
                  ends_at=start.replace(hour=5))
    db.session.add(event)
    db.session.flush()
    seen = Attendance(event_id=event.id, person_id=w.hoa.id, name="Đỗ Thị Hoa",
                      attended_on=date(2025, 3, 1), method="walk_in")
    db.session.add(seen)
    db.session.flush()
    record_graph_change("attendance", seen.id)
    db.session.commit()
    with fresh_graph() as graph:
        [tie] = [t for t in graph.ties(("person", w.hoa.id)) if t.kind == "attended_together"]
    assert tie.target == ("org", w.club.id) and tie.start == date(2025, 3, 1)
    assert tie.base_weight == pytest.approx(setting("events.attendance_tie_base_weight"))
