"""The admin's side of personal data: requests by due day, answered (deletion anonymises and signs the
person out), the contact-access log fed by the person page, the people export and the API, and the
processing register as XLSX and CSV."""
import io

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models.base import utcnow
from ecosystem.models import Person, User
from ecosystem.models.privacy import ContactAccess, PrivacyRequest
from ecosystem.services.privacy.requests import submit_request
from tests import factories as f
from tests.conftest import login


def logged(channel: str | None = None) -> list[tuple]:
    query = select(ContactAccess.viewer_id, ContactAccess.person_id, ContactAccess.channel)
    if channel:
        query = query.where(ContactAccess.channel == channel)
    return sorted(db.session.execute(query).all())


def test_an_admin_answers_a_deletion_and_the_person_is_signed_out(app, client, login_as):
    person = f.make_person("Phan Văn Xoá", email="xoa@example.vn", phone="0988000000")
    member = f.make_user("startup", email="xoa@example.vn", person=person)
    admin = f.make_user("admin")
    request = submit_request(member, "delete", "Tôi không dùng nữa")
    db.session.commit()
    theirs = app.test_client()
    assert login(theirs, "xoa@example.vn").status_code == 302
    login_as(admin)
    listing = client.get("/admin/privacy/requests").get_data(as_text=True)
    assert "xoa@example.vn" in listing and request.due_on.strftime("%d/%m/%Y") in listing
    page = client.get(f"/admin/privacy/requests/{request.id}").get_data(as_text=True)
    assert "ẩn danh hồ sơ" in page
    refused = client.post(f"/admin/privacy/requests/{request.id}", data={"action": "refuse", "note": ""})
    assert "Khi từ chối phải nêu lý do." in refused.get_data(as_text=True)
    client.post(f"/admin/privacy/requests/{request.id}", data={"action": "start"})
    assert db.session.get(PrivacyRequest, request.id).status == "in_progress"
    client.post(f"/admin/privacy/requests/{request.id}", data={"action": "done", "note": "Đã ẩn danh"})
    assert db.session.get(PrivacyRequest, request.id).status == "done"
    assert db.session.get(Person, person.id).full_name == f"Người dùng đã xoá #{person.id}"
    assert not db.session.get(User, member.id).active
    assert "/login" in theirs.get("/me/data").headers["Location"], "the person's session has ended"
    closed = client.post(f"/admin/privacy/requests/{request.id}", data={"action": "refuse", "note": "x"},
                         follow_redirects=True).get_data(as_text=True)
    assert "đã được xử lý xong" in closed
    assert db.session.get(PrivacyRequest, request.id).refusal_reason is None


def test_overdue_requests_are_flagged(client, login_as):
    from datetime import timedelta
    from ecosystem.clock import local_today
    request = submit_request(f.make_user(), "restrict", None)
    request.due_on = local_today() - timedelta(days=1)
    login_as(f.make_user("admin"))
    assert "Quá hạn" in client.get("/admin/privacy/requests").get_data(as_text=True)


def test_the_person_page_logs_contacts_shown_to_someone_else_only(client, login_as):
    shown = f.make_person("Có Liên Hệ", email="lien.he@example.vn", contact_visibility="members")
    hidden = f.make_person("Riêng Tư", email="rieng@example.vn", contact_visibility="private")
    bare = f.make_person("Không Liên Hệ")
    viewer = f.make_user("startup", person=f.make_person("Người Xem", email="xem@example.vn"))
    viewer.verified_at = utcnow()  # a verified member sees "members" contacts
    db.session.commit()
    login_as(viewer)
    for person in (shown, hidden, bare):
        client.get(f"/people/{person.id}")
    client.get(f"/people/{viewer.person_id}")
    assert logged() == [(viewer.id, shown.id, "page")]


def test_an_anonymous_visitor_of_public_contacts_is_logged_too(client):
    public = f.make_person("Công Khai", phone="0901000000", contact_visibility="public")
    db.session.commit()
    client.get(f"/people/{public.id}")
    client.get(f"/api/v1/people/{public.id}")
    assert logged() == [(None, public.id, "api"), (None, public.id, "page")]


def test_the_people_export_logs_every_contact_it_carried(client, login_as):
    officer = f.make_user("officer")
    people = [f.make_person(f"Xuất {n}", email=f"xuat{n}@example.vn") for n in range(3)]
    f.make_person("Không Có Liên Hệ")
    db.session.commit()
    login_as(officer)
    sheet = pd.read_csv(io.BytesIO(client.get("/exports/people.csv").data), encoding="utf-8-sig", dtype=str)
    assert sheet["E-mail"].notna().sum() == 3
    assert logged("export") == sorted((officer.id, p.id, "export") for p in people)


def test_the_admin_reads_the_log_filtered(client, login_as):
    person = f.make_person("Được Xem", email="duoc.xem@example.vn")
    viewer = f.make_user("officer", email="can.bo.xem@example.vn")
    admin = f.make_user("admin")
    db.session.commit()
    login_as(viewer)
    client.get(f"/people/{person.id}")
    client.post("/logout")
    login_as(admin)
    page = client.get(f"/admin/privacy/access-log?person={person.id}&channel=page").get_data(as_text=True)
    assert "can.bo.xem@example.vn" in page and "Được Xem" in page
    assert "can.bo.xem@example.vn" not in client.get(
        "/admin/privacy/access-log?channel=export").get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ContactAccess)) == 1


def test_the_processing_register_exports(client, login_as):
    login_as(f.make_user("admin"))
    book = load_workbook(io.BytesIO(client.get("/admin/privacy/register.xlsx").data))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Mã", "Hoạt động xử lý", "Chủ thể dữ liệu") and len(rows) == 13
    assert any(r[0] == "security" and "privacy.retention.login_attempts_days = 180" in r[-1] for r in rows)
    csv = client.get("/admin/privacy/register.csv")
    assert csv.mimetype == "text/csv" and "Căn cứ pháp lý" in csv.data.decode("utf-8-sig")
