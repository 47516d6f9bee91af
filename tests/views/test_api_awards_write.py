"""The awards API does what the award pages let each role do, through the same services and checks: cycles as
their page shows them, a nominee's own entries, and the organisers' set-up, panels, assignment and rounds."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import AuditEntry, AwardCycle, Nomination, PanelMember
from ecosystem.services.awards import judging
from tests import factories as f
from tests.award_world import SCREENING_GOOD, build, make_startup
from tests.views.test_api import bearer, token_for

V1 = "/api/v1/awards"
ANSWERS = {"product": "Máy lọc nước", "innovation": "Màng lọc mới", "results": "10 khách hàng",
           "impact": "Nước sạch cho vùng lũ"}
RUBRIC = [{"code": "novelty", "name_vi": "Tính mới", "name_en": "Novelty", "weight": 60, "max": 60},
          {"code": "team", "name_vi": "Đội ngũ", "name_en": "Team", "weight": 40, "max": 40}]


@pytest.fixture
def world(app):
    return build(local_today())


@pytest.fixture
def waiting(app):
    """The same world with the screening round still in preparation (panels set, nothing assigned)."""
    return build(local_today(), open_round=False)


def _new_cycle(code: str = "api-award-2026") -> dict:
    today = local_today()
    return {"code": code, "contest": "api-award", "name_vi": "Giải thưởng API", "name_en": "API Award",
            "year": today.year, "authority": "Sở KH&CN", "legal_basis": "QD-01", "effective_from": str(today),
            "opens": str(today - timedelta(days=5)), "closes": str(today + timedelta(days=30)),
            "round": {"code": "screening", "name_vi": "Sơ khảo", "name_en": "Screening",
                      "starts": str(today + timedelta(days=31)), "ends": str(today + timedelta(days=45))},
            "category": {"code": "startup", "name_vi": "Khởi nghiệp", "name_en": "Startup"},
            "criteria": RUBRIC}


def _entry_body(org_id: int, **extra) -> dict:
    return {"category": "startup", "title": "Máy lọc nước", "entrant_org_id": org_id, "answers": ANSWERS, **extra}


def test_cycles_show_rounds_and_criteria_readiness_only_to_organisers(app, world):
    client, code = app.test_client(), world["cycle"].code
    listed = client.get(f"{V1}/cycles").get_json()
    assert [c["code"] for c in listed] == [code] and listed[0]["submission_open"] is True
    detail = client.get(f"{V1}/cycles/{code}").get_json()
    startup = next(c for c in detail["categories"] if c["code"] == "startup")
    screening = next(s for s in startup["stages"] if s["round"] == "screening")
    assert {c["code"]: c["max"] for c in screening["criteria"]}["novelty"] == 25
    assert startup["eligibility"] and all(isinstance(t, str) for t in startup["eligibility"])
    assert detail["rounds"][0]["status"] == "open" and detail["rounds"][0]["readiness"] is None
    officer = client.get(f"{V1}/cycles/{code}", headers=bearer(token_for(world["officer"], ("read",)))).get_json()
    assert officer["rounds"][0]["readiness"]["assigned"] == 6 and officer["rounds"][1]["open_blocker"] is not None
    assert client.get(f"{V1}/cycles/nope").status_code == 404


def test_an_owner_creates_edits_and_submits_a_nomination(app, world):
    org, user = make_startup("Startup Nước Sạch")
    db.session.commit()
    client, raw, code = app.test_client(), token_for(user), world["cycle"].code
    headers = {**bearer(raw), "Idempotency-Key": "entry-1"}
    made = client.post(f"{V1}/cycles/{code}/nominations", json=_entry_body(org.id), headers=headers)
    assert made.status_code == 201, made.get_json()
    again = client.post(f"{V1}/cycles/{code}/nominations", json=_entry_body(org.id), headers=headers)
    assert again.get_json()["id"] == made.get_json()["id"] and again.headers.get("Idempotent-Replayed") == "true"
    entry = db.session.scalar(select(Nomination).where(Nomination.title == "Máy lọc nước"))
    assert entry.status == "draft" and entry.entrant_org_id == org.id and entry.answers["product"] == "Máy lọc nước"
    assert db.session.scalar(select(db.func.count(Nomination.id)).where(Nomination.title == "Máy lọc nước")) == 1
    edited = client.patch(f"{V1}/nominations/{entry.id}", json={"title": "Máy lọc nước mặn", "team": [user.person_id]},
                          headers=bearer(raw))
    assert edited.status_code == 200 and edited.get_json()["title"] == "Máy lọc nước mặn"
    db.session.refresh(entry)
    assert entry.title == "Máy lọc nước mặn" and entry.answers["impact"] == ANSWERS["impact"]  # untouched fields kept
    assert client.post(f"{V1}/nominations/{entry.id}/submit", json={}, headers=bearer(raw)).status_code == 422
    submitted = client.post(f"{V1}/nominations/{entry.id}/submit", json={"confirm": True}, headers=bearer(raw))
    assert submitted.status_code == 200 and submitted.get_json()["status"] == "submitted"
    db.session.refresh(entry)
    assert entry.status == "submitted" and entry.submitted_at is not None
    # submitted: the page no longer lets its owner edit it, nor does the API
    assert client.patch(f"{V1}/nominations/{entry.id}", json={"title": "X"}, headers=bearer(raw)).status_code in (403, 404)
    mine = client.get(f"{V1}/nominations", headers=bearer(raw)).get_json()
    assert entry.id in {n["id"] for n in mine}


def test_the_form_and_deadline_rules_refuse_what_the_page_refuses(app, world):
    org, user = make_startup("Startup Kiểm Tra")
    db.session.commit()
    client, raw, code = app.test_client(), token_for(user), world["cycle"].code
    url = f"{V1}/cycles/{code}/nominations"
    blank = client.post(url, json=_entry_body(org.id, answers={"product": "Chỉ một câu"}), headers=bearer(raw))
    assert blank.status_code == 422 and blank.get_json()["code"] == "invalid_nomination"
    assert "answer_innovation" in blank.get_json()["errors"]
    foreign = client.post(url, json=_entry_body(world["orgs"][0].id), headers=bearer(raw))  # not an org they may enter
    assert foreign.status_code == 422 and "entrant" in foreign.get_json()["errors"]
    unknown = client.post(url, json={**_entry_body(org.id), "category": "none"}, headers=bearer(raw))
    assert unknown.status_code == 422 and unknown.get_json()["code"] == "unknown_category"
    assert db.session.scalar(select(db.func.count(Nomination.id)).where(Nomination.created_by_id == user.id)) == 0
    world["cycle"].submission_closes = local_today() - timedelta(days=1)
    db.session.commit()
    closed = client.post(url, json=_entry_body(org.id), headers=bearer(raw))
    assert closed.status_code == 422 and closed.get_json()["code"] == "submission_closed"


def test_an_ineligible_entry_keeps_its_failures_and_stays_a_draft(app, world):
    org, user = make_startup("Startup Quá Hạn", registered=date(2012, 5, 1))
    db.session.commit()
    client, raw = app.test_client(), token_for(user)
    made = client.post(f"{V1}/cycles/{world['cycle'].code}/nominations", json=_entry_body(org.id), headers=bearer(raw))
    entry_id = made.get_json()["id"]
    refused = client.post(f"{V1}/nominations/{entry_id}/submit", json={"confirm": True}, headers=bearer(raw))
    assert refused.status_code == 422 and refused.get_json()["code"] == "ineligible"
    entry = db.session.get(Nomination, entry_id)
    db.session.refresh(entry)
    assert entry.status == "draft" and any(f["rule"] == "max_age_years" for f in entry.eligibility)
    shown = client.get(f"{V1}/nominations/{entry_id}", headers=bearer(raw)).get_json()
    assert any("2012-05-01" in text for text in shown["eligibility_failures"])


def test_tokens_and_roles_the_pages_refuse_are_refused(app, world):
    entry = world["entries"][0]
    owner, stranger = world["owners"][0], world["owners"][1]
    client = app.test_client()
    read_only = token_for(owner, ("read",))
    assert client.get(f"{V1}/nominations/{entry.id}", headers=bearer(read_only)).status_code == 200
    refused = client.post(f"{V1}/cycles/{world['cycle'].code}/nominations", json=_entry_body(world["orgs"][0].id),
                          headers=bearer(read_only))
    assert refused.status_code == 403 and refused.get_json()["code"] == "insufficient_scope"
    assert client.get(f"{V1}/nominations/{entry.id}", headers=bearer(token_for(stranger))).status_code in (403, 404)
    other_scope = token_for(world["officer"], ("write:events",))
    assert client.post(f"{V1}/cycles", json=_new_cycle(), headers=bearer(other_scope)).status_code == 403
    assert client.post(f"{V1}/cycles", json=_new_cycle(), headers=bearer(token_for(owner))).status_code == 403
    assert client.post(f"{V1}/cycles", json=_new_cycle()).status_code == 401
    assert db.session.scalar(select(AwardCycle).where(AwardCycle.code == "api-award-2026")) is None


def test_judges_never_see_other_judges_scores(app, world):
    entry = world["entries"][1]
    mine = next(a for a in judging.round_assignments(world["round"]) if a.nomination_id == entry.id)
    judge = next(u for p, u in world["judges"] if p.id == mine.judge_person_id)
    others = [a for a in judging.round_assignments(world["round"]) if a.nomination_id == entry.id and a is not mine]
    for other in others:
        other_judge = next(u for p, u in world["judges"] if p.id == other.judge_person_id)
        judging.save_sheet(other, other_judge, SCREENING_GOOD, {"team": "Nhận xét kín"}, submit=True)
    db.session.commit()
    client, raw = app.test_client(), token_for(judge)
    seen = client.get(f"{V1}/nominations/{entry.id}", headers=bearer(raw))
    assert seen.status_code == 200 and seen.get_json()["feedback"] == []
    assert "Nhận xét kín" not in seen.get_data(as_text=True)
    assert client.get(f"{V1}/cycles/{world['cycle'].code}/rounds/screening/progress",
                      headers=bearer(raw)).status_code == 403
    progress = client.get(f"{V1}/cycles/{world['cycle'].code}/rounds/screening/progress",
                          headers=bearer(token_for(world["officer"]))).get_json()
    assert sum(row["submitted"] for row in progress["judges"]) == len(others)
    assert "score" not in progress.__repr__() and "Nhận xét kín" not in progress.__repr__()


def test_an_officer_builds_a_cycle_with_the_rule_set_checks(app, world):
    client, raw = app.test_client(), token_for(world["officer"])
    headers = {**bearer(raw), "Idempotency-Key": "cycle-1"}
    made = client.post(f"{V1}/cycles", json=_new_cycle(), headers=headers)
    assert made.status_code == 201, made.get_json()
    assert client.post(f"{V1}/cycles", json=_new_cycle(), headers=headers).get_json()["code"] == "api-award-2026"
    cycle = db.session.scalar(select(AwardCycle).where(AwardCycle.code == "api-award-2026"))
    assert [r.code for r in cycle.rounds] == ["screening"] and cycle.rounds[0].stages[0].rubric["criteria"][0]["max"] == 60
    twice = client.post(f"{V1}/cycles", json=_new_cycle(), headers=bearer(raw))
    assert twice.status_code == 422 and twice.get_json()["code"] == "setup_exists"
    bad_code = client.post(f"{V1}/cycles", json=_new_cycle("Giải Sai"), headers=bearer(raw))  # the form's code rule
    assert bad_code.status_code == 422 and "code" in bad_code.get_json()["errors"]["json"]
    url = f"{V1}/cycles/api-award-2026"
    renamed = client.patch(url, json={"name_en": "API Award, renamed"}, headers=bearer(raw))
    assert renamed.status_code == 200 and renamed.get_json()["year"] == local_today().year
    today = local_today()
    round_body = {"code": "final", "name_vi": "Chung kết", "name_en": "Final",
                  "starts": str(today + timedelta(days=50)), "ends": str(today + timedelta(days=60))}
    added = client.post(f"{url}/rounds", json=round_body, headers=bearer(raw))
    assert added.status_code == 201, added.get_json()
    taken = client.post(f"{url}/rounds", json=round_body, headers=bearer(raw))
    assert taken.status_code == 422 and taken.get_json()["code"] == "code_taken"
    assert client.patch(f"{url}/rounds/final", json={"name_en": "Grand final"}, headers=bearer(raw)).status_code == 200
    assert client.post(f"{url}/categories", json={"code": "student", "name_vi": "Sinh viên", "name_en": "Students"},
                       headers=bearer(raw)).status_code == 201
    assert client.patch(f"{url}/categories/student", json={"name_en": "Student teams"}, headers=bearer(raw)).status_code == 200
    rubric = [{**RUBRIC[0], "weight": 70, "max": 70}, {**RUBRIC[1], "weight": 30, "max": 30}]
    put = client.put(f"{url}/categories/student/rubrics/final", json={"criteria": rubric}, headers=bearer(raw))
    assert put.status_code == 200, put.get_json()
    db.session.expire_all()
    cycle = db.session.scalar(select(AwardCycle).where(AwardCycle.code == "api-award-2026"))
    assert cycle.name_en == "API Award, renamed" and [r.code for r in cycle.rounds] == ["screening", "final"]
    assert cycle.rounds[1].name_en == "Grand final" and cycle.categories[1].name_en == "Student teams"
    stage = next(s for s in cycle.rounds[1].stages if s.category.code == "student")
    assert [c["max"] for c in stage.rubric["criteria"]] == [70, 30]
    assert client.patch(f"{url}/categories/none", json={}, headers=bearer(raw)).status_code == 404
    live = client.put(f"{V1}/cycles/{world['cycle'].code}/categories/startup/rubrics/screening",
                      json={"criteria": rubric}, headers=bearer(raw))  # a round that has started keeps its rubric
    assert live.status_code == 422 and live.get_json()["code"] == "round_started"


def test_screening_needs_a_reason_to_return(app, world):
    org, user = make_startup("Startup Được Xét")
    db.session.commit()
    client = app.test_client()
    made = client.post(f"{V1}/cycles/{world['cycle'].code}/nominations", json=_entry_body(org.id),
                       headers=bearer(token_for(user)))
    entry_id = made.get_json()["id"]
    client.post(f"{V1}/nominations/{entry_id}/submit", json={"confirm": True}, headers=bearer(token_for(user)))
    raw = token_for(world["officer"])
    bare = client.post(f"{V1}/nominations/{entry_id}/screening", json={"decision": "return"}, headers=bearer(raw))
    assert bare.status_code == 422 and bare.get_json()["code"] == "reason_required"
    back = client.post(f"{V1}/nominations/{entry_id}/screening", json={"decision": "return", "reason": "Thiếu tài liệu"},
                       headers=bearer(raw))
    assert back.status_code == 200 and db.session.get(Nomination, entry_id).status == "returned"
    listed = client.get(f"{V1}/cycles/{world['cycle'].code}/nominations", headers=bearer(raw)).get_json()
    assert {"id": entry_id, "status": "returned"}.items() <= next(n for n in listed if n["id"] == entry_id).items()


def test_assignment_skips_conflicts_and_a_short_round_does_not_open(app):
    waiting = build(local_today(), judges=3, open_round=False)  # the tied judge leaves entry A two of three
    client, raw = app.test_client(), token_for(waiting["officer"])
    base = f"{V1}/cycles/{waiting['cycle'].code}/rounds/screening"
    plan = client.get(f"{base}/assignment", headers=bearer(raw)).get_json()
    entry_a = waiting["entries"][0]
    assert waiting["tied"].id not in plan["proposal"][str(entry_a.id)]
    assert [s["nomination"] for s in plan["shortfalls"]] == [entry_a.id]
    refused = client.post(f"{base}/open", json={"confirm": True}, headers=bearer(raw))
    assert refused.status_code == 422 and refused.get_json()["code"] == "judge_shortfall"
    assert waiting["round"].status == "setup"
    scanned = client.post(f"{V1}/cycles/{waiting['cycle'].code}/conflicts/scan", json={"confirm": True},
                          headers=bearer(raw))
    assert scanned.status_code == 200 and scanned.get_json()["found"] >= 1


def test_panels_take_only_people_who_may_judge(app, waiting):
    client, raw = app.test_client(), token_for(waiting["officer"])
    url = f"{V1}/cycles/{waiting['cycle'].code}/rounds/screening/panels"
    stranger = f.make_person("Người Ngoài")
    db.session.commit()
    judges = [p.id for p, _u in waiting["judges"]][:3]
    refused = client.put(url, json={"panels": {"startup": judges + [stranger.id]}}, headers=bearer(raw))
    assert refused.status_code == 422 and refused.get_json()["code"] == "not_a_judge"
    assert client.put(url, json={"panels": {"nope": judges}}, headers=bearer(raw)).get_json()["code"] == "unknown_category"
    saved = client.put(url, json={"panels": {"startup": judges}}, headers=bearer(raw))
    assert saved.status_code == 200 and saved.get_json()["panels"]["startup"] == judges
    stored = db.session.scalars(select(PanelMember.person_id).where(PanelMember.round_id == waiting["round"].id))
    assert sorted(stored) == sorted(judges)


def test_a_round_opens_closes_and_publishes_with_the_pages_guards(app, waiting):
    client, raw = app.test_client(), token_for(waiting["officer"])
    base = f"{V1}/cycles/{waiting['cycle'].code}/rounds/screening"
    assert client.post(f"{base}/open", json={}, headers=bearer(raw)).status_code == 422  # confirm is required
    added = client.post(f"{base}/assignment", json={"confirm": True}, headers=bearer(raw))
    assert added.status_code == 200 and added.get_json()["added"] == 6
    opened = client.post(f"{base}/open", json={"confirm": True}, headers=bearer(raw))
    assert opened.status_code == 200 and opened.get_json()["status"] == "open"
    sheets = judging.round_assignments(waiting["round"])
    first = sheets[0]
    judging.save_sheet(first, next(u for p, u in waiting["judges"] if p.id == first.judge_person_id),
                       SCREENING_GOOD, {}, submit=True)
    db.session.commit()
    reopened = client.post(f"{V1}/assignments/{first.id}/reopen", json={"reason": "Sai điểm"}, headers=bearer(raw))
    assert reopened.status_code == 200 and reopened.get_json()["state"] == "reopened"
    short = client.post(f"{base}/close", json={"confirm": True}, headers=bearer(raw))
    assert short.status_code == 422 and short.get_json()["code"] == "round_incomplete"
    assert short.get_json()["params"]["assigned"] == 6
    db.session.refresh(waiting["round"])
    assert waiting["round"].status == "open"
    closed = client.post(f"{base}/close", json={"confirm": True, "override_reason": "Hết hạn chấm"}, headers=bearer(raw))
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    logged = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "award.round.override"))
    assert logged is not None and logged.data["reason"] == "Hết hạn chấm"
    assert client.post(f"{base}/reopen", json={"reason": ""}, headers=bearer(raw)).status_code == 422
    assert client.post(f"{base}/publish", json={"confirm": True}, headers=bearer(raw)).get_json()["code"] == "round_incomplete"
    published = client.post(f"{base}/publish", json={"confirm": True, "override_reason": "Ban tổ chức quyết định"},
                            headers=bearer(raw))
    assert published.status_code == 200 and published.get_json()["status"] == "published"
    again = client.post(f"{base}/close", json={"confirm": True}, headers=bearer(raw))
    assert again.status_code == 422 and again.get_json()["code"] == "round_not_open"


def test_an_owner_attaches_a_document_with_the_pages_file_checks(app, world):
    import io
    from tests.award_matrix import PDF
    org, user = make_startup("Startup Có Tài Liệu")
    db.session.commit()
    client, raw = app.test_client(), token_for(user)
    entry_id = client.post(f"{V1}/cycles/{world['cycle'].code}/nominations", json=_entry_body(org.id),
                           headers=bearer(raw)).get_json()["id"]
    url = f"{V1}/nominations/{entry_id}/documents"
    fake = client.post(url, data={"document": (io.BytesIO(b"MZ not a pdf"), "ho-so.pdf")}, headers=bearer(raw),
                       content_type="multipart/form-data")
    assert fake.status_code == 422 and fake.get_json()["code"].startswith("upload")
    sent = client.post(url, data={"document": (io.BytesIO(PDF), "ho-so.pdf")}, headers=bearer(raw),
                       content_type="multipart/form-data")
    assert sent.status_code == 201 and sent.get_json()["mime"] == "application/pdf"
    entry = db.session.get(Nomination, entry_id)
    db.session.refresh(entry)
    assert [d.original_name for d in entry.documents] == ["ho-so.pdf"]
    fetched = client.get(f"{V1}/documents/{sent.get_json()['id']}", headers=bearer(raw))
    assert fetched.status_code == 200 and fetched.data == PDF
    stranger = token_for(world["owners"][1])
    assert client.get(f"{V1}/documents/{sent.get_json()['id']}", headers=bearer(stranger)).status_code in (403, 404)
    assert client.post(url, data={"document": (io.BytesIO(PDF), "b.pdf")}, headers=bearer(token_for(user, ("read",))),
                       content_type="multipart/form-data").status_code == 403


def test_a_judge_declares_a_conflict_and_the_entry_leaves_their_list(app, world):
    mine = judging.round_assignments(world["round"])[0]
    judge = next(u for p, u in world["judges"] if p.id == mine.judge_person_id)
    client, raw = app.test_client(), token_for(judge)
    assert client.post(f"{V1}/assignments/{mine.id}/conflict", json={}, headers=bearer(raw)).status_code == 422
    declared = client.post(f"{V1}/assignments/{mine.id}/conflict", json={"confirm": True, "note": "Tôi từng cố vấn"},
                           headers=bearer(raw))
    assert declared.status_code == 200 and declared.get_json()["withdrawn"] is True
    listed = client.get(f"{V1}/assignments", headers=bearer(raw)).get_json()
    assert mine.id not in {a["id"] for a in listed}
    from ecosystem.models import AwardConflict
    row = db.session.scalar(select(AwardConflict).where(AwardConflict.nomination_id == mine.nomination_id,
                                                        AwardConflict.judge_person_id == judge.person_id))
    assert row.source == "declared" and row.note == "Tôi từng cố vấn"


def test_an_officer_keeps_the_cycle_staff(app, world):
    client, raw = app.test_client(), token_for(world["officer"])
    url = f"{V1}/cycles/{world['cycle'].code}/staff"
    person = f.make_person("Thư Ký API")
    db.session.commit()
    nobody = client.post(url, json={"role": "secretariat"}, headers=bearer(raw))
    assert nobody.status_code == 422 and nobody.get_json()["code"] == "staff_needs_someone"
    assert client.post(url, json={"role": "judge", "person_id": person.id}, headers=bearer(raw)).status_code == 422
    added = client.post(url, json={"role": "secretariat", "person_id": person.id}, headers=bearer(raw))
    assert added.status_code == 201 and added.get_json()["person"] == "Thư Ký API"
    assert [m["person_id"] for m in client.get(url, headers=bearer(raw)).get_json()] == [person.id]
    assert client.delete(f"{url}/{added.get_json()['id']}", headers=bearer(token_for(world["owners"][0]))).status_code == 403
    assert client.delete(f"{url}/{added.get_json()['id']}", headers=bearer(raw)).status_code == 204
    assert client.get(url, headers=bearer(raw)).get_json() == []


def test_standings_only_once_closed_and_votes_only_for_the_rounds_entries(app, world):
    client, raw = app.test_client(), token_for(world["officer"])
    base = f"{V1}/cycles/{world['cycle'].code}/rounds/screening"
    assert client.get(f"{base}/results", headers=bearer(raw)).status_code == 403  # judges are still scoring
    entry = world["entries"][1]
    stray = client.put(f"{base}/votes", json={"votes": {"999999": 3}}, headers=bearer(raw))
    assert stray.status_code == 422 and stray.get_json()["code"] == "unknown_entry"
    assert client.put(f"{base}/votes", json={"votes": {str(entry.id): -1}}, headers=bearer(raw)).status_code == 422
    saved = client.put(f"{base}/votes", json={"votes": {str(entry.id): 42}}, headers=bearer(raw))
    assert saved.status_code == 200 and saved.get_json()["votes"] == {str(entry.id): 42}
    for a in judging.round_assignments(world["round"]):
        judging.save_sheet(a, next(u for p, u in world["judges"] if p.id == a.judge_person_id), SCREENING_GOOD, {},
                           submit=True)
    judging.close_round(world["round"], world["officer"])
    db.session.commit()
    standings = client.get(f"{base}/results", headers=bearer(raw))
    assert standings.status_code == 200
    ranked = standings.get_json()[0]["standings"]
    assert {s["nomination_id"] for s in ranked} == {e.id for e in world["entries"]} and ranked[0]["rank"] == 1
    judge = world["judges"][0][1]
    assert client.get(f"{base}/results", headers=bearer(token_for(judge))).status_code == 403
