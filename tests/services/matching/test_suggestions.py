"""Suggestions from the database: reasons in words, verdicts, live capacity, ratings, both sides."""
import dataclasses
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from ecosystem.extensions import db
from ecosystem.models import MatchFeedback, Relationship
from ecosystem.services.matching import suggestions as service
from ecosystem.services.directory.relations import create_relationship, end_relationship
from tests.factories import make_org
from tests.matching.world import build_world, request_ctx  # noqa: F401

pytestmark = pytest.mark.usefixtures("request_ctx")


def ids(suggestions):
    return [s.candidate.id for s in suggestions]


def codes(suggestion):
    return [code for code, _text, _neg in suggestion.reasons]


def test_current_mentors_are_not_suggested_again(app):
    w = build_world()
    assert w.lan.id not in ids(service.suggestions_for_startup(w.other)["mentors"])
    assert w.other.id not in ids(service.suggestions_for_mentor(w.lan))


def test_startup_sees_mentors_and_investors_with_reasons_in_its_language(app):
    w = build_world()
    found = service.suggestions_for_startup(w.startup)
    assert ids(found["mentors"])[0] == w.lan.id
    lan = found["mentors"][0]
    assert {"expertise_match", "stage_fit", "same_sector", "common_language", "shared_org",
            "capacity_left"} <= set(codes(lan))
    texts = [text for _code, text, _neg in lan.reasons]
    assert "Cùng lĩnh vực Nông nghiệp công nghệ cao" in texts
    assert any(t.startswith("Cùng tham gia") and "CLB Khởi nghiệp TDMU Thử" in t for t in texts)
    assert ids(found["investors"])[0] == w.minh.investor.id
    minh = found["investors"][0]
    assert {"thesis_sector", "thesis_stage", "ticket_fit", "in_geography"} <= set(codes(minh))
    assert any("2.000.000.000 ₫" in t for _c, t, _n in minh.reasons)
    with force_locale("en"):
        english = service.suggestions_for_startup(w.startup)["mentors"][0]
        assert "Same sector: High-tech agriculture" in [t for _c, t, _n in english.reasons]


def test_a_verdict_removes_the_pair_for_good_and_only_that_pair(app):
    w = build_world()
    service.record_verdict(w.startup, "not_relevant", w.startup_user, "startup", mentor=w.lan)
    service.record_verdict(w.startup, "declined", w.startup_user, "startup", mentor=w.lan)
    db.session.commit()
    assert db.session.query(MatchFeedback).count() == 1
    found = service.suggestions_for_startup(w.startup)
    assert w.lan.id not in ids(found["mentors"])
    assert w.minh.investor.id in ids(found["investors"])
    assert w.startup.id not in [s.candidate.id for s in service.suggestions_for_mentor(w.lan)]


def test_a_mentor_without_an_open_slot_is_not_suggested_even_from_a_warm_index(app):
    w = build_world()
    assert w.lan.id in ids(service.suggestions_for_startup(w.startup)["mentors"])
    extra = make_org("Startup Khác Thử", stage="idea")
    create_relationship("mentor", w.lan, extra, w.officer)  # Lan now has 2 of 2
    db.session.commit()
    assert w.lan.id not in ids(service.suggestions_for_startup(w.startup)["mentors"])
    assert service.suggestions_for_mentor(w.lan) == []
    end_relationship(db.session.get(Relationship, db.session.query(Relationship.id).filter_by(
        target_org_id=extra.id).scalar()), w.officer, on=date.today() - timedelta(days=1))
    db.session.commit()
    assert w.lan.id in ids(service.suggestions_for_startup(w.startup)["mentors"])


def test_mentor_sees_startups_up_to_open_slots(app):
    w = build_world()
    for i in range(3):
        make_org(f"Startup Nông Nghiệp {i}", stage="seed").sectors = [w.agri]
    db.session.commit()
    service.forget_indexes()
    found = service.suggestions_for_mentor(w.lan)
    assert len(found) == 1  # capacity 2, one active mentee
    assert found[0].candidate.id == w.startup.id  # needs her topic, shares her club
    assert "shared_org" in codes(found[0])


def test_investor_sees_startups_it_has_not_backed(app):
    w = build_world()
    found = service.suggestions_for_investor(w.minh.investor)
    assert w.startup.id in ids(found)
    create_relationship("investor", w.minh, w.startup, w.officer)
    db.session.commit()
    service.forget_indexes()
    assert w.startup.id not in ids(service.suggestions_for_investor(w.minh.investor))
    startup_side = service.suggestions_for_startup(w.startup)["investors"]
    assert w.minh.investor.id not in ids(startup_side)


def test_ratings_need_a_mentoring_tie_and_feed_the_score(app):
    w = build_world()
    with pytest.raises(service.MatchError) as refused:
        service.rate_mentor(w.startup, w.lan, 5, None, w.startup_user)
    assert refused.value.code == "not_mentored"
    rater = w.other
    service.rate_mentor(rater, w.lan, 4, "Rất tận tâm", w.startup_user)
    service.rate_mentor(rater, w.lan, 5, "Tận tâm", w.startup_user)  # replaces the first
    with pytest.raises(service.MatchError):
        service.rate_mentor(rater, w.lan, 6, None, w.startup_user)
    db.session.commit()
    service.forget_indexes()
    lan = service.suggestions_for_startup(w.startup)["mentors"][0]
    assert ("past_feedback", {"rating": 5.0, "count": 1}) in lan.scored.reasons
    assert service.startup_suggestions_and_mentors(rater)[1] == [(w.lan.id, w.lan.full_name)]


def test_warm_paths_are_explained_hop_by_hop(app):
    w = build_world()
    path = service.paths_to(w.startup, ("person", w.minh.id))[0]
    assert path.connector == ("org", w.club.id)
    hops = service.explain_path(path)
    assert hops[0]["text"] == "Nông Sản Xanh là thành viên CLB Khởi nghiệp TDMU Thử"
    assert hops[-1]["text"] == "Phạm Văn Minh là thành viên CLB Khởi nghiệp TDMU Thử"
    assert all(h["kind"] == "club_member" for h in hops)


def test_one_startups_profile_is_the_bulk_reading_of_it(app):
    """The suggestions page reads its own startup in a few statements: the same profile as the
    bulk reading the indexes use, founders' languages, backers, sectors and affiliations included."""
    from ecosystem.models import Organisation, Person
    from ecosystem.services.matching import profiles
    from ecosystem.services.matching.graph_store import fresh_graph
    w = build_world()
    founder = Person(full_name="Đỗ Thị Sáng Lập", languages=["vi", "ja"])
    db.session.add(founder)
    db.session.flush()
    db.session.add_all([
        Relationship(kind="investor", source_person_id=w.minh.id, target_org_id=w.other.id,
                     started_on=date(2025, 1, 1)),
        Relationship(kind="investor", source_org_id=w.fund.id, target_org_id=w.other.id,
                     started_on=date(2025, 6, 1)),
        Relationship(kind="founder", source_person_id=founder.id, target_org_id=w.other.id,
                     started_on=date(2024, 1, 1))])
    db.session.commit()
    startups = db.session.query(Organisation).filter_by(kind="startup").all()
    with fresh_graph() as graph:
        bulk = {found.id: found for found in profiles.startup_profiles(graph)}
        single = {org.id: profiles.one_startup(graph, org) for org in startups}
    assert bulk and set(bulk) <= set(single)
    for org_id, found in bulk.items():
        assert dataclasses.asdict(single[org_id][0]) == dataclasses.asdict(found), org_id
    assert single[w.other.id][0].investors == {w.minh.investor.id: w.minh.full_name,
                                               w.fund.investor.id: w.fund.name}
    assert single[w.other.id][0].languages
    assert single[w.other.id][1] == {w.lan.id: w.lan.full_name}
