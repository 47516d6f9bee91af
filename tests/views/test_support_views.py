"""Support pages: double-click safety, refused moves, privacy of requests and internal notes,
the officers' list with its CSV/XLSX twins, English pages, CSRF."""
import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models.support import SupportComment, SupportRequest, SupportRequestEvent
from ecosystem.services.support import requests as support
from tests import factories as f
from tests.conftest import login


@pytest.fixture
def world(app):
    agri = f.make_sector()
    own = f.make_org("Công ty Cảm Biến Phú Giáo", sectors=[agri], former_district="Phú Giáo")
    other = f.make_org("Công ty Dữ Liệu Khác")
    mentor = f.make_person("Trần Thị Cố Vấn", mentor_capacity=2, sectors=[agri])
    users = {"member": f.make_user("startup", manages=[own]),
             "other_member": f.make_user("startup", manages=[other]),
             "officer": f.make_user("officer"),
             "mentor": f.make_user("mentor", person=mentor),
             "english": f.make_user("officer", locale="en")}
    db.session.commit()
    return {"own": own, "other": other, "mentor_person": mentor, **users}


def _as(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _submitted(world, title="Cần cố vấn gọi vốn") -> SupportRequest:
    req, _ = support.create_request(world["own"], world["member"], "mentoring", title,
                                    "Vòng seed", submit=True)
    db.session.commit()
    return req


def test_a_double_clicked_send_creates_one_request(app, world):
    client = _as(app, world["member"])
    page = client.get("/support/new?type=ip").get_data(as_text=True)
    key = re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', page).group(1)
    assert '<option selected value="ip">' in page
    form = {"organisation_id": world["own"].id, "type_code": "mentoring", "title": "Cần cố vấn",
            "description": "Gọi vốn", "idempotency_key": key, "submit": "1"}
    first, second = client.post("/support/new", data=form), client.post("/support/new", data=form)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert db.session.scalar(select(func.count(SupportRequest.id))) == 1
    assert db.session.scalars(select(SupportRequest.state)).one() == "submitted"


def test_a_member_cannot_file_for_another_startup(app, world):
    client = _as(app, world["member"])
    response = client.post("/support/new", data={"organisation_id": world["other"].id,
                                                  "type_code": "mentoring", "title": "Giả mạo",
                                                  "idempotency_key": "x1", "submit": "1"})
    assert response.status_code == 200  # the form refuses a startup that is not among its choices
    assert db.session.scalar(select(func.count(SupportRequest.id))) == 0


def test_resolving_a_draft_is_refused_with_a_message_and_changes_nothing(app, world):
    req, _ = support.create_request(world["own"], world["member"], "mentoring", "Nháp")
    db.session.commit()
    client = _as(app, world["member"])
    response = client.post(f"/support/{req.id}/do/resolve", follow_redirects=True)
    assert response.status_code == 403   # a startup may never resolve
    officer = _as(app, world["officer"])
    assert officer.post(f"/support/{req.id}/do/resolve").status_code == 403  # drafts are private
    req.state = "submitted"
    db.session.commit()
    page = officer.post(f"/support/{req.id}/do/resolve", follow_redirects=True)
    assert "Không thể thực hiện thao tác này ở trạng thái hiện tại" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(SupportRequest, req.id).state == "submitted"
    assert db.session.scalar(select(func.count(SupportRequestEvent.id)).where(
        SupportRequestEvent.action == "resolve")) == 0


def test_another_startup_cannot_read_the_request_nor_its_notes(app, world):
    req = _submitted(world)
    support.add_comment(req, world["officer"], "Ghi chú mật: ưu tiên thấp.", internal=True)
    db.session.commit()
    other = _as(app, world["other_member"])
    assert other.get(f"/support/{req.id}").status_code == 403
    assert other.post(f"/support/{req.id}/comment", data={"body": "x"}).status_code == 403
    assert "Cần cố vấn gọi vốn" not in other.get("/support/").get_data(as_text=True)
    member_page = _as(app, world["member"]).get(f"/support/{req.id}").get_data(as_text=True)
    assert "Cần cố vấn gọi vốn" in member_page and "Ghi chú mật" not in member_page
    assert "Ghi chú nội bộ (startup không xem được)" not in member_page
    officer_page = _as(app, world["officer"]).get(f"/support/{req.id}").get_data(as_text=True)
    assert "Ghi chú mật" in officer_page
    assert _as(app, world["mentor"]).get(f"/support/{req.id}").status_code == 403


def test_a_startup_posting_an_internal_note_is_refused(app, world):
    req = _submitted(world)
    client = _as(app, world["member"])
    page = client.post(f"/support/{req.id}/comment", data={"body": "Bí mật", "internal": "y"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Bạn không thể viết ghi chú nội bộ." in page
    assert db.session.scalar(select(func.count(SupportComment.id))) == 0


def test_officer_assigns_then_mentor_resolves_through_the_pages(app, world):
    req = _submitted(world)
    officer = _as(app, world["officer"])
    officer.post(f"/support/{req.id}/do/triage", data={"note": "Đúng loại"})
    page = officer.get(f"/support/{req.id}").get_data(as_text=True)
    assert f'value="p:{world["mentor_person"].id}"' in page   # mentors offered, sector match first
    officer.post(f"/support/{req.id}/do/assign",
                 data={"assignee": f"p:{world['mentor_person'].id}"})
    mentor = _as(app, world["mentor"])
    assert "Cần cố vấn gọi vốn" in mentor.get("/support/assigned").get_data(as_text=True)
    mentor.post(f"/support/{req.id}/do/resolve", data={"note": "Đã gặp"})
    db.session.expire_all()
    assert db.session.get(SupportRequest, req.id).state == "resolved"
    mine = _as(app, world["member"]).get("/support/").get_data(as_text=True)
    assert "Đã giải quyết" in mine


def test_decline_without_reason_is_refused_with_a_message(app, world):
    req = _submitted(world)
    page = _as(app, world["officer"]).post(f"/support/{req.id}/do/decline", data={"reason": " "},
                                           follow_redirects=True).get_data(as_text=True)
    assert "Vui lòng nêu lý do từ chối." in page
    db.session.expire_all()
    assert db.session.get(SupportRequest, req.id).state == "submitted"


def _list_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<td>#(\d+)</td>', html)]


def test_export_has_the_same_rows_as_the_filtered_list(app, world):
    for n in range(4):
        req = _submitted(world, f"Yêu cầu {n}")
    support.create_request(world["other"], world["other_member"], "ip", "Không cùng lĩnh vực",
                           submit=True)
    db.session.commit()
    officer = _as(app, world["officer"])
    args = "?sector=agritech&type=mentoring"
    listed = _list_ids(officer.get("/support/list" + args).get_data(as_text=True))
    assert len(listed) == 4
    text = officer.get("/support/export.csv" + args).get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "Số yêu cầu" and [int(r[0]) for r in rows[1:]] == listed
    book = load_workbook(io.BytesIO(officer.get("/support/export.xlsx" + args).get_data()))
    sheet = book.worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == listed
    assert req.id in listed


def test_board_and_list_show_counts_and_overdue(app, world):
    req = _submitted(world)
    from datetime import timedelta
    req.submitted_at = req.submitted_at - timedelta(days=40)
    db.session.commit()
    officer = _as(app, world["officer"])
    board = officer.get("/support/board").get_data(as_text=True)
    assert "Quá hạn: 1" in board and "card late" in board
    late_list = officer.get("/support/list?overdue=1").get_data(as_text=True)
    assert _list_ids(late_list) == [req.id]


def test_pages_in_english(app, world):
    req = _submitted(world)
    client = _as(app, world["english"])
    board = client.get("/support/board").get_data(as_text=True)
    assert "Support request board" in board and "Submitted" in board
    detail = client.get(f"/support/{req.id}").get_data(as_text=True)
    assert "Mentoring and consulting" in detail and "Triage" in detail
    header = client.get("/support/export.csv").get_data().decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Request no.,Submitted on,Startup,Support type")


def test_forms_need_the_csrf_token_when_enabled(app, world):
    req = _submitted(world)
    client = _as(app, world["officer"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post(f"/support/{req.id}/do/triage").status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    db.session.expire_all()
    assert db.session.get(SupportRequest, req.id).state == "submitted"


def test_double_clicked_send_from_a_draft_lands_on_the_request(app, world):
    req, _ = support.create_request(world["own"], world["member"], "mentoring", "Nháp gửi đúp")
    db.session.commit()
    client = _as(app, world["member"])
    form = {"organisation_id": world["own"].id, "type_code": "mentoring", "title": "Nháp gửi đúp",
            "submit": "1"}
    first = client.post(f"/support/{req.id}/edit", data=form)
    second = client.post(f"/support/{req.id}/edit", data=form)
    assert first.headers["Location"] == second.headers["Location"] == f"/support/{req.id}"
    assert db.session.scalar(select(func.count(SupportRequestEvent.id)).where(
        SupportRequestEvent.action == "submit")) == 1


def test_each_reader_is_led_back_to_their_own_list(app, world):
    """The assignee goes back to "assigned to me", not to a startup's empty list."""
    req = _submitted(world)
    support.transition(req, "triage", world["officer"])
    support.transition(req, "assign", world["officer"], assignee=f"p:{world['mentor_person'].id}")
    db.session.commit()
    mentor_page = _as(app, world["mentor"]).get(f"/support/{req.id}").get_data(as_text=True)
    assert 'href="/support/assigned"' in mentor_page
    assert 'href="/support/"' not in mentor_page
    member_page = _as(app, world["member"]).get(f"/support/{req.id}").get_data(as_text=True)
    assert 'href="/support/"' in member_page and 'href="/support/assigned"' not in member_page
    officer_page = _as(app, world["officer"]).get(f"/support/{req.id}").get_data(as_text=True)
    assert 'href="/support/board"' in officer_page and 'href="/support/"' not in officer_page
