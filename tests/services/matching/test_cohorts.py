"""Cohort assignment: optimal preview within open slots, hand edits, confirm once, concurrently."""
import itertools
import threading

import pytest

from ecosystem.extensions import db
from ecosystem.models import CohortPlan, MatchFeedback, Notification, Relationship
from ecosystem.services.matching import cohorts as service
from ecosystem.services.matching import suggestions as matching
from ecosystem.services.matching.suggestions import MatchError
from ecosystem.services.directory.relations import create_relationship
from tests.factories import make_org, make_person, make_user
from tests.matching.world import build_world, request_ctx  # noqa: F401

pytestmark = pytest.mark.usefixtures("request_ctx")


def cohort(w, n=4):
    """n more seed agritech residents of the incubator, and a third mentor."""
    extra = []
    for i in range(n):
        org = make_org(f"Startup Vườn Ươm {i}", stage=["seed", "idea"][i % 2])
        org.sectors = [w.agri] if i % 2 == 0 else []
        org.startup.needs = [["mentoring"], ["ip"], ["trade"], []][i % 4]
        create_relationship("resident", org, w.incubator, w.officer)
        extra.append(org)
    tuan = make_person("Vũ Anh Tuấn", mentor_capacity=2, languages=["vi"])
    tuan.mentor.topics, tuan.mentor.stages = ["ip", "trade"], ["idea", "seed"]
    db.session.commit()
    return extra, tuan


def best_total(plan):
    """Exhaustive optimum for the plan's rows and pool (one mentor per startup, open slots)."""
    from ecosystem.services.matching import profiles as match_profiles
    from ecosystem.services.matching.graph_store import fresh_graph
    from ecosystem.matching.scoring import score_mentor
    from ecosystem.services.platform.settings import setting
    with fresh_graph() as graph:
        startups = match_profiles.startup_profiles(graph, [r.startup_id for r in plan.rows])
        mentors = match_profiles.mentor_profiles(graph, plan.pool)
    slots = match_profiles.live_slots(plan.pool)
    weights = setting("matching.mentor_weights")
    options = [[None] + [m for m in mentors if score_mentor(s, m, weights).score > 0] for s in startups]
    best = 0.0
    for choice in itertools.product(*options):
        used = {}
        for m in choice:
            if m is not None:
                used[m.id] = used.get(m.id, 0) + 1
        if all(n <= slots.get(i, 0) for i, n in used.items()):
            best = max(best, sum(score_mentor(s, m, weights).score
                                 for s, m in zip(startups, choice) if m is not None))
    return best


def test_preview_is_optimal_and_within_open_slots(app):
    w = build_world()
    cohort(w)
    plan = service.create_plan(w.coordinator, w.incubator, "residents", "all", "Đợt 1/2026")
    db.session.commit()
    assert len(plan.rows) == 5  # Nông Sản Xanh and the four new residents
    assert sum(r.score or 0 for r in plan.rows) == pytest.approx(best_total(plan))
    counts = {}
    for row in plan.rows:
        if row.mentor_person_id:
            counts[row.mentor_person_id] = counts.get(row.mentor_person_id, 0) + 1
    slots = service.profiles.live_slots(plan.pool)
    assert all(n <= slots[m] for m, n in counts.items())
    assert counts.get(w.lan.id, 0) <= 1  # Lan already mentors one startup of two
    reasons = service.row_reasons(plan)
    assert all(reasons[r.id] for r in plan.rows if r.mentor_person_id)


def test_declined_pairs_are_never_assigned(app):
    w = build_world()
    cohort(w, n=0)
    matching.record_verdict(w.startup, "declined", w.startup_user, "startup", mentor=w.lan)
    plan = service.create_plan(w.coordinator, w.incubator, "residents", "all", "Đợt 2")
    assert [r.mentor_person_id for r in plan.rows] != [w.lan.id]


def test_hand_edits_respect_slots_and_survive_reoptimising(app):
    w = build_world()
    extra, tuan = cohort(w)
    plan = service.create_plan(w.coordinator, w.incubator, "residents", "all", "Đợt 3")
    row = next(r for r in plan.rows if r.startup_id == extra[3].id)
    service.set_row(plan, row, w.hoa.id, w.coordinator)
    other = next(r for r in plan.rows if r.startup_id == extra[1].id)
    with pytest.raises(MatchError) as refused:
        service.set_row(plan, other, w.hoa.id, w.coordinator)  # Hoa has one slot
    assert refused.value.code == "over_capacity"
    outsider = make_person("Người Ngoài Nhóm", mentor_capacity=3)
    with pytest.raises(MatchError):
        service.set_row(plan, other, outsider.id, w.coordinator)
    service.optimise(plan)
    assert row.manual and row.mentor_person_id == w.hoa.id
    assert sum(1 for r in plan.rows if r.mentor_person_id == w.hoa.id) == 1


def test_confirm_creates_ties_and_notifies_once(app):
    w = build_world()
    cohort(w)
    plan = service.create_plan(w.coordinator, w.incubator, "residents", "all", "Đợt 4")
    db.session.commit()
    assigned = [(r.startup_id, r.mentor_person_id) for r in plan.rows if r.mentor_person_id]
    before = db.session.query(Relationship).filter_by(kind="mentor").count()
    assert service.confirm(plan, w.coordinator) == len(assigned)
    db.session.commit()
    assert db.session.query(Relationship).filter_by(kind="mentor").count() == before + len(assigned)
    from ecosystem.services.matching.introductions import approvers
    expected = sum(len(approvers(("org", s))) + len(approvers(("person", m))) for s, m in assigned)
    assert db.session.query(Notification).filter_by(kind="cohort.assigned").count() == expected
    assert expected > 0
    with pytest.raises(MatchError):
        service.confirm(plan, w.coordinator)
    with pytest.raises(MatchError):
        service.discard(plan, w.coordinator)


def test_empty_and_mismatched_cohorts_are_refused(app):
    w = build_world()
    with pytest.raises(MatchError) as refused:
        service.create_plan(w.coordinator, w.club, "residents", "all", "Sai")
    assert refused.value.code == "bad_cohort"
    lonely = make_org("CLB Trống", kind="club")
    with pytest.raises(MatchError) as refused:
        service.create_plan(w.coordinator, lonely, "members", "all", "Trống")
    assert refused.value.code == "empty_cohort"
    assert {o.id for o in service.cohort_orgs(w.coordinator)} == {w.club.id, w.incubator.id}
    assert service.pool_ids(w.incubator, "org") == [w.lan.id]


def test_two_coordinators_confirming_at_once_create_the_ties_once(app):
    w = build_world()
    cohort(w)
    second = make_user("coordinator", manages=[w.incubator])
    plan = service.create_plan(w.coordinator, w.incubator, "residents", "all", "Đợt song song")
    db.session.commit()
    plan_id, users = plan.id, [w.coordinator.id, second.id]
    before = db.session.query(Relationship).filter_by(kind="mentor").count()
    db.session.commit()  # SQLite: do not hold the write lock while the writers race
    results, barrier = [], threading.Barrier(2)

    def worker(user_id):
        with app.app_context(), app.test_request_context(method="POST"):  # the confirm route is a POST (SQLite: BEGIN IMMEDIATE)
            from ecosystem.models import User
            barrier.wait()
            try:
                service.confirm(db.session.get(CohortPlan, plan_id), db.session.get(User, user_id))
                db.session.commit()
                results.append("ok")
            except MatchError as error:
                db.session.rollback()
                results.append(error.code)
            except Exception as error:  # noqa: BLE001 - reported by the assertion below
                db.session.rollback()
                results.append(repr(error))
            finally:
                db.session.remove()
    threads = [threading.Thread(target=worker, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    db.session.expire_all()
    assert sorted(results) == ["ok", "plan_closed"]
    created = db.session.query(Relationship).filter_by(kind="mentor").count() - before
    assert created == sum(1 for r in db.session.get(CohortPlan, plan_id).rows if r.mentor_person_id)
    assert db.session.query(MatchFeedback).count() == 0
