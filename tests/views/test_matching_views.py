"""Matching pages: suggestions with reasons, verdicts, paths and introductions, cohorts, the API."""
import re

import pytest

from ecosystem.extensions import db
from ecosystem.models import CohortPlan, Introduction, MatchFeedback, Relationship
from tests.matching.world import build_world


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def test_startup_sees_suggestions_with_reasons_and_can_dismiss_one(client, login_as):
    w = build_world()
    login_as(w.startup_user)
    page = html(client.get(f"/matching/startups/{w.startup.slug}"))
    assert "Trần Thị Lan" in page and "Phạm Văn Minh" in page
    assert "Cùng lĩnh vực Nông nghiệp công nghệ cao" in page
    assert "Chuyên môn đáp ứng nhu cầu: Cố vấn, tư vấn" in page
    response = client.post(f"/matching/startups/{w.startup.slug}/verdict",
                           data={"candidate": f"m:{w.lan.id}", "verdict": "not_relevant"})
    assert response.status_code == 302
    assert db.session.query(MatchFeedback).filter_by(mentor_person_id=w.lan.id).count() == 1
    assert "Trần Thị Lan" not in html(client.get(f"/matching/startups/{w.startup.slug}"))
    client.post("/lang/en")
    assert "Invests in High-tech agriculture" in html(
        client.get(f"/matching/startups/{w.startup.slug}"))


def test_other_startups_cannot_see_the_suggestions(client, login_as):
    w = build_world()
    from tests.factories import make_user
    outsider = make_user("startup", manages=[w.other])
    db.session.commit()
    login_as(outsider)
    assert client.get(f"/matching/startups/{w.startup.slug}").status_code == 403
    assert client.get(f"/api/v1/matching/startups/{w.startup.slug}/suggestions").status_code == 403


def test_introduction_journey_keeps_contacts_private_until_both_accept(app, client, login_as):
    w = build_world()
    login_as(w.startup_user)
    page = html(client.get(f"/matching/startups/{w.startup.slug}/paths?target=p:{w.minh.id}"))
    assert "Nông Sản Xanh là thành viên CLB Khởi nghiệp TDMU Thử" in page
    response = client.post(f"/matching/startups/{w.startup.slug}/intros", data={
        "target": f"p:{w.minh.id}", "via": f"o:{w.club.id}", "message": "Chào anh",
        "idempotency_key": "abc"})
    intro = db.session.query(Introduction).one()
    assert response.headers["Location"].endswith(f"/intros/{intro.id}")
    page = html(client.get(f"/intros/{intro.id}"))
    assert "0912 345 678" not in page and "minh@example.vn" not in page
    client.post("/logout")
    login_as(w.minh_user)
    assert client.get(f"/intros/{intro.id}").status_code == 403  # not passed on yet
    client.post("/logout")
    login_as(w.coordinator)
    client.post(f"/intros/{intro.id}/decide", data={"decision": "accept", "note": "OK"})
    client.post("/logout")
    login_as(w.minh_user)
    page = html(client.get(f"/intros/{intro.id}"))
    assert "0912 345 678" not in page  # still hidden from everyone until Minh accepts
    client.post(f"/intros/{intro.id}/decide", data={"decision": "accept"})
    client.post("/logout")
    login_as(w.startup_user)
    page = html(client.get(f"/intros/{intro.id}"))
    assert "0912 345 678" in page and "minh@example.vn" in page
    assert "Đã kết nối" in html(client.get("/intros/"))


def test_decisions_need_the_csrf_token(app, client, login_as):
    w = build_world()
    intro = Introduction(startup_id=w.startup.id, target_person_id=w.minh.id,
                         connector_org_id=w.club.id, path=[], status="requested")
    db.session.add(intro)
    db.session.commit()
    login_as(w.coordinator)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/intros/{intro.id}/decide", data={"decision": "accept"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    db.session.refresh(intro)
    assert intro.status == "requested"


def test_mentor_sees_startups_suggested_to_her(client, login_as):
    w = build_world()
    login_as(w.lan_user)
    page = html(client.get("/matching/mine"))
    assert "Nông Sản Xanh" in page and "Với vai trò cố vấn" in page
    client.post("/matching/mine/verdict", data={"candidate": f"s:{w.startup.id}:m",
                                                "verdict": "not_relevant"})
    assert "Nông Sản Xanh" not in html(client.get("/matching/mine"))


def test_coordinator_plans_adjusts_and_confirms_a_cohort(client, login_as):
    w = build_world()
    login_as(w.coordinator)
    assert "Tạo đợt ghép cặp" in html(client.get("/cohorts/new"))
    response = client.post("/cohorts/new", data={"title": "Đợt xuân", "org": w.incubator.id,
                                                 "kind": "residents", "pool": "all"})
    plan = db.session.query(CohortPlan).one()
    assert response.headers["Location"].endswith(f"/cohorts/{plan.id}")
    page = html(client.get(f"/cohorts/{plan.id}"))
    assert "Nông Sản Xanh" in page and "Tổng điểm phù hợp" in page
    row = plan.rows[0]
    client.post(f"/cohorts/{plan.id}/rows/{row.id}", data={"mentor": str(w.hoa.id)})
    db.session.refresh(row)
    assert row.manual and row.mentor_person_id == w.hoa.id
    client.post(f"/cohorts/{plan.id}/confirm")
    db.session.refresh(plan)
    assert plan.status == "confirmed"
    assert db.session.query(Relationship).filter_by(kind="mentor", source_person_id=w.hoa.id,
                                                    target_org_id=w.startup.id).count() == 1


def test_api_gives_codes_params_and_words(client, login_as):
    w = build_world()
    login_as(w.startup_user)
    data = client.get(f"/api/v1/matching/startups/{w.startup.slug}/suggestions").get_json()
    lan = data["mentors"][0]
    assert lan["name"] == "Trần Thị Lan" and lan["score"] > 0
    codes = [r["code"] for r in lan["reasons"]]
    assert "same_sector" in codes
    assert lan["reason_params"][codes.index("same_sector")] == {"sectors": [w.agri.id]}
    assert set(lan["components"]) >= {"expertise", "sector", "proximity"}
    assert data["investors"][0]["kind"] == "investor"


@pytest.mark.app_config(PROCESS_CACHE_SECONDS=30)  # settings, menus and sector names kept per worker
@pytest.mark.usefixtures("empty_process_cache")
def test_suggestions_page_lists_mentors_to_rate_and_reads_in_few_statements(app, client, login_as):
    """The startup's page: cards link to warm paths and carry verdict forms; the mentors it already
    has are offered for rating, not suggested; the whole page (session and top bar included) reads
    in ten statements at most, however many cards it shows."""
    from sqlalchemy import event
    from tests.factories import make_user
    w = build_world()
    founder = make_user("startup", manages=[w.other], email="vi.viet@example.vn")
    db.session.commit()
    login_as(founder)
    url = f"/matching/startups/{w.other.slug}"
    page = html(client.get(url))
    assert f'href="{url}/mentors/{w.lan.id}/rate">Trần Thị Lan</a>' in page
    assert f'data-candidate="m:{w.lan.id}"' not in page and f'value="m:{w.lan.id}"' not in page
    assert re.search(rf'href="{url}/paths\?target=p:\d+"', page)  # a mentor card's warm-path link
    assert f'action="{url}/verdict"' in page and 'name="csrf_token" value=""' not in page
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert html(client.get(url)) == page
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert len(statements) <= 10, "\n".join(s[:120].replace("\n", " ") for s in statements)
