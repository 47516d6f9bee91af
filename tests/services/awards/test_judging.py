"""Conflicts found in the graph, assignment, the score ledger, results and publication (database)."""
import threading
from datetime import date

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, AwardResult, Notification, Relationship, ScoreEntry
from ecosystem.services.awards import judging
from ecosystem.services.awards.catalogue import AwardError
from ecosystem.services.awards.conflicts import (conflicted_pairs, cycle_conflicts, declare_conflict, describe_path,
                                                find_conflicts, names_for)
from ecosystem.services.awards.results import category_results, nominee_feedback, publish_round
from ecosystem.services.awards.normalisation import normalize_scores
from tests import factories as f
from tests.award_world import SCREENING_GOOD, build, make_judge

TODAY = date(2026, 11, 26)


@pytest.fixture
def world(app):
    return {**build(TODAY), "app": app}


def test_the_planted_investor_is_found_with_its_path(world):
    rows = cycle_conflicts(world["cycle"].id)
    assert [(r.judge_person_id, r.nomination_id, r.source) for r in rows] == [
        (world["tied"].id, world["entries"][0].id, "graph")]
    names = names_for([rows[0].paths])
    with world["app"].test_request_context():
        assert describe_path(rows[0].paths[0], names) == \
            f"Võ Thị Lan đầu tư vào Startup Sen Vàng (từ năm {TODAY.year - 1})"
    assert len(rows[0].paths[1]["hops"]) == 2  # judge → startup → its founder on the team


def test_two_hops_inside_the_window_only(world):
    judge, _ = make_judge("Giám khảo Gia Đình")
    founder = world["owners"][1].person_id  # founder of startup B, on B's team
    old, _ = make_judge("Giám khảo Cố Vấn Cũ")
    far, _ = make_judge("Giám khảo Ba Bước")
    middle = f.make_person("Người Trung Gian")
    db.session.add_all([
        Relationship(kind="family", source_person_id=judge.id, target_person_id=founder),  # 1 hop
        Relationship(kind="mentor", source_person_id=old.id, target_org_id=world["orgs"][1].id,
                     started_on=date(2010, 1, 1), ended_on=date(2012, 1, 1)),  # outside the 5-year window
        Relationship(kind="family", source_person_id=far.id, target_person_id=middle.id),
        Relationship(kind="employee", source_person_id=middle.id, target_org_id=f.make_org("Công ty C").id),
    ])
    db.session.flush()
    entry_b = world["entries"][1]
    found = find_conflicts([(judge.id, entry_b), (old.id, entry_b), (far.id, entry_b)], TODAY)
    assert set(found) == {(judge.id, entry_b.id)}
    assert found[(judge.id, entry_b.id)][0]["hops"][0]["kind"] == "family"


def test_assignment_meets_k_and_never_gives_a_conflicted_judge(world):
    active = judging.round_assignments(world["round"])
    pairs = {(a.judge_person_id, a.nomination_id) for a in active}
    assert not pairs & conflicted_pairs(world["cycle"].id)
    for entry in world["entries"]:
        assert sum(1 for a in active if a.nomination_id == entry.id) == 3


def test_a_declared_conflict_withdraws_and_a_replacement_is_found(world):
    entry_b = world["entries"][1]
    assignment = next(a for a in judging.round_assignments(world["round"]) if a.nomination_id == entry_b.id)
    judge_user = next(u for p, u in world["judges"] if p.id == assignment.judge_person_id)
    declare_conflict(entry_b, judge_user.person_id, judge_user, "Tôi từng làm việc với nhóm này")
    assert assignment.status == "withdrawn"
    added = judging.confirm_assignment(world["round"], world["officer"])
    now = [a for a in judging.round_assignments(world["round"]) if a.nomination_id == entry_b.id]
    assert added == 1 and len(now) == 3 and judge_user.person_id not in {a.judge_person_id for a in now}


def _score_all(world, sheets_by_judge):
    for a in judging.round_assignments(world["round"]):
        user = next(u for p, u in world["judges"] if p.id == a.judge_person_id)
        judging.save_sheet(a, user, sheets_by_judge[a.judge_person_id](a.nomination_id), {"novelty": "Tốt"}, True)


def test_draft_submit_lock_and_reopen_are_all_in_the_ledger(world):
    a = judging.round_assignments(world["round"])[0]
    judge = next(u for p, u in world["judges"] if p.id == a.judge_person_id)
    judging.save_sheet(a, judge, {"novelty": "12"}, {}, submit=False)
    with pytest.raises(AwardError) as raised:
        judging.save_sheet(a, judge, {"novelty": "26"}, {}, submit=True)
    assert raised.value.code == "bad_sheet" and {p["code"] for p in raised.value.params["problems"]} == {
        "out_of_range", "missing"}
    judging.save_sheet(a, judge, SCREENING_GOOD, {"team": "Nhóm mạnh"}, submit=True)
    assert a.state == "submitted" and a.submitted_entry.total == 73
    with pytest.raises(AwardError, match="locked"):
        judging.save_sheet(a, judge, SCREENING_GOOD, {}, submit=False)
    with pytest.raises(AwardError, match="reason_required"):
        judging.reopen_sheet(a, world["officer"], "")
    judging.reopen_sheet(a, world["officer"], "Nhập nhầm điểm thị trường")
    assert a.state == "reopened" and a.working_entry.total == 73
    judging.save_sheet(a, judge, {**SCREENING_GOOD, "market": 10}, {}, submit=True)
    versions = [(e.version, e.action) for e in db.session.scalars(select(ScoreEntry).where(
        ScoreEntry.assignment_id == a.id).order_by(ScoreEntry.version))]
    assert versions == [(1, "draft"), (2, "submit"), (3, "reopen"), (4, "submit")]
    actions = list(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_type == "award_assignment")))
    assert actions == ["award.score.save", "award.score.submit", "award.score.reopen", "award.score.submit"]
    assert db.session.scalar(select(Notification.title).where(Notification.user_id == judge.id,
                                                               Notification.kind == "award.reopened"))


def test_two_tabs_saving_at_once_never_write_the_same_version(world):
    """Real concurrent writers: on PostgreSQL both may read "no sheet yet", then one insert is refused."""
    app = world["app"]
    a = judging.round_assignments(world["round"])[0]
    assignment_id, judge_id = a.id, next(u for p, u in world["judges"] if p.id == a.judge_person_id).id
    db.session.commit()
    barrier, outcomes = threading.Barrier(2), []

    def save(market):
        with app.app_context():
            from ecosystem.models import Assignment, User
            barrier.wait(timeout=30)  # both tabs start together (SQLite then serialises the writers)
            try:
                assignment = db.session.get(Assignment, assignment_id)
                user = db.session.get(User, judge_id)
                judging.save_sheet(assignment, user, {**SCREENING_GOOD, "market": market}, {}, submit=False)
                db.session.commit()
                outcomes.append("saved")
            except AwardError as error:
                db.session.rollback()
                outcomes.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(m,)) for m in (10, 12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    versions = list(db.session.scalars(select(ScoreEntry.version).where(ScoreEntry.assignment_id == assignment_id)))
    assert sorted(outcomes) in (["saved", "saved"], ["concurrent_edit", "saved"])
    assert sorted(versions) == list(range(1, outcomes.count("saved") + 1))


def test_only_the_assigned_judge_and_only_while_open(world):
    a = judging.round_assignments(world["round"])[0]
    other = next(u for p, u in world["judges"] if p.id != a.judge_person_id)
    with pytest.raises(AwardError, match="not_your_assignment"):
        judging.save_sheet(a, other, SCREENING_GOOD, {}, True)
    judging.close_round(world["round"], world["officer"], override="Hết hạn chấm")
    owner = next(u for p, u in world["judges"] if p.id == a.judge_person_id)
    with pytest.raises(AwardError, match="round_not_open"):
        judging.save_sheet(a, owner, SCREENING_GOOD, {}, True)


def test_results_normalise_rank_publish_and_give_anonymous_feedback(world):
    lenient = world["judges"][1][0].id
    _score_all(world, {p.id: (lambda n, p=p: {**SCREENING_GOOD, "market": 20 if p.id == lenient else 5 + n % 3})
                       for p, _ in world["judges"]})
    judging.close_round(world["round"], world["officer"])
    result = category_results(world["round"])[0]
    totals = {k: e.total for k, e in result.sheets.items()}
    assert {p.standing.nomination_id: p.standing.normalised for p in result.ranked} == pytest.approx(
        normalize_scores(totals, (0, 100)))
    assert result.leniency[lenient] > 0
    assert all(d.advanced for d in result.decisions.values())  # every average is above 50
    count = publish_round(world["round"], world["officer"])
    assert count == 2 and world["round"].status == "published"
    rows = list(db.session.scalars(select(AwardResult).order_by(AwardResult.rank)))
    assert [r.advanced for r in rows] == [True, True] and rows[0].judges == 3
    feedback = nominee_feedback(world["entries"][0])
    assert [s["number"] for s in feedback[0]["sheets"]] == [1, 2, 3]
    assert world["tied"].full_name not in str(feedback) and "judge" not in str(feedback[0]["sheets"])
    owner = world["owners"][0]
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == owner.id,
                                                              Notification.kind == "award.published"))


def test_rounds_follow_each_other(world):
    semi = world["cycle"].rounds[1]
    with pytest.raises(AwardError, match="cannot_open"):
        judging.open_round(semi, world["officer"])
    with pytest.raises(AwardError, match="round_not_closed"):
        publish_round(world["round"], world["officer"])
