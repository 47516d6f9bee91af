"""Award cycles, rounds, categories and rubrics made and edited through forms, checked like the JSON import."""
from datetime import date

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, AwardCycle
from ecosystem.services.awards import judging
from tests import award_world
from tests import factories as f

RUBRIC = "novelty; Tính mới; Novelty; 50; 50\nteam; Đội ngũ; Team; 50; 50"


def _new(client, **changes):
    data = {"code": "giai-thu-2027", "contest": "giai-thu", "name_vi": "Giải Thử 2027", "name_en": "Trial Award 2027",
            "year": "2027", "authority": "Sở KH&CN", "legal_basis": "QD_1_2027", "effective_from": "2027-01-01",
            "opens": "2027-02-01", "closes": "2027-03-01", "round_code": "screening", "round_name_vi": "Vòng sơ khảo",
            "round_name_en": "Screening", "round_starts": "2027-03-10", "round_ends": "2027-03-31",
            "category_code": "startup", "category_name_vi": "Khởi nghiệp", "category_name_en": "Startups",
            "lines": RUBRIC, **changes}
    return client.post("/manage/awards/new", data=data)


def test_an_officer_creates_a_cycle_and_adds_a_round_a_category_and_a_rubric(client, login_as):
    login_as(f.make_user("officer"))
    assert _new(client).status_code == 302
    cycle = db.session.scalar(select(AwardCycle))
    assert (cycle.name_en, [r.code for r in cycle.rounds], [c.code for c in cycle.categories]) == (
        "Trial Award 2027", ["screening"], ["startup"])
    base = f"/manage/awards/{cycle.code}"
    client.post(f"{base}/rounds/new", data={"code": "final", "name_vi": "Chung kết", "name_en": "Final",
                                            "starts": "2027-04-10", "ends": "2027-04-30"})
    client.post(f"{base}/categories/new", data={"code": "student", "name_vi": "Sinh viên", "name_en": "Students"})
    client.post(f"{base}/categories/student/rubric/final",
                data={"lines": "pitch; Thuyết trình; Pitch; 60; 60\nqa; Hỏi đáp; Q&A; 40; 40"})
    db.session.expire_all()
    cycle = db.session.scalar(select(AwardCycle))
    assert [r.code for r in cycle.rounds] == ["screening", "final"]
    final = cycle.rounds[1]
    student = next(c for c in cycle.categories if c.code == "student")
    stage = next(s for s in final.stages if s.category_id == student.id)
    assert [c["code"] for c in stage.rubric["criteria"]] == ["pitch", "qa"]
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "award.setup.edit"))
    exported = client.get(f"{base}/setup.json").get_json()
    assert [r["code"] for r in exported["rounds"]] == ["screening", "final"]


def test_bad_input_is_refused_with_the_imports_checks_and_changes_nothing(client, login_as):
    login_as(f.make_user("officer"))
    late = _new(client, round_ends="2027-03-01").get_data(as_text=True)  # the round ends before it starts
    assert db.session.scalar(select(AwardCycle)) is None and "Bộ quy tắc không hợp lệ." in late
    broken = _new(client, lines="novelty; Tính mới; 50").get_data(as_text=True)
    assert "Dòng 1 chưa đúng mẫu" in broken and db.session.scalar(select(AwardCycle)) is None


def test_a_started_round_keeps_its_rubric(client, login_as):
    world = award_world.build(date.today())
    login_as(world["officer"])
    base = f"/manage/awards/{world['cycle'].code}"
    page = client.post(f"{base}/categories/startup/rubric/screening", data={"lines": RUBRIC}).get_data(as_text=True)
    assert "Vòng thi đã bắt đầu" in page
    db.session.expire_all()
    stage = world["round"].stages[0]
    assert [c["code"] for c in stage.rubric["criteria"]] != ["novelty", "team"]
    renamed = client.post(f"{base}/rounds/screening/edit", data={
        "code": "screening", "name_vi": "Vòng loại", "name_en": "Qualifying",
        "starts": world["round"].starts_on.isoformat(), "ends": world["round"].ends_on.isoformat()})
    assert renamed.status_code == 302
    db.session.expire_all()
    assert world["round"].name == "Vòng loại" and judging.round_assignments(world["round"])
