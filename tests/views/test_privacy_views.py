"""Personal data through the pages: the notice in both languages, consent stored by each public
form, my data downloads, consent withdrawal and requests (with CSRF and server-side checks)."""
import io
import json

from openpyxl import load_workbook
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, OfficeHourSlot, User
from ecosystem.models.privacy import Consent, PrivacyRequest
from ecosystem.services.privacy.consents import record_consent
from tests import factories as f
from tests.event_factories import make_event, make_slot


def consents(purpose: str) -> list[Consent]:
    return list(db.session.scalars(select(Consent).where(Consent.purpose == purpose)))


def test_the_notice_is_public_versioned_and_bilingual(client):
    vi = client.get("/privacy").get_data(as_text=True)
    assert "Thông báo xử lý dữ liệu cá nhân" in vi and "Phiên bản 2026.1, áp dụng từ 01/01/2026" in vi
    assert "Bộ Công an" in vi and 'id="purpose-event_registration"' in vi and "15 ngày" in vi
    client.get("/lang/en")
    en = client.get("/privacy?version=2026.1").get_data(as_text=True)
    assert "Personal data processing notice" in en and "Booking mentors&#39; office hours" in en
    assert client.get("/privacy?version=1999.1").status_code == 404


def test_sign_up_records_the_account_consent_with_the_notice_version(client):
    page = client.get("/register").get_data(as_text=True)
    assert 'href="/privacy"' in page
    client.post("/register", data={"full_name": "Lý Thị Đồng Ý", "email": "dong.y@example.vn",
                                   "account_type": "startup", "password": "mat-khau-dai-1",
                                   "confirm": "mat-khau-dai-1", "accept": "y"})
    user = db.session.scalar(select(User).where(User.email == "dong.y@example.vn"))
    (consent,) = consents("account")
    assert (consent.user_id, consent.person_id, consent.notice_version, consent.source) == (
        user.id, user.person_id, "2026.1", "register")


def test_sign_up_without_the_box_stores_nothing(client):
    page = client.post("/register", data={"full_name": "Không Đồng Ý", "email": "khong@example.vn",
                                          "account_type": "startup", "password": "mat-khau-dai-1",
                                          "confirm": "mat-khau-dai-1"}).get_data(as_text=True)
    assert "Vui lòng đồng ý để tiếp tục." in page and consents("account") == []


def test_event_registration_records_its_consent(client, login_as):
    event = make_event()
    member = f.make_user("startup")
    db.session.commit()
    login_as(member)
    assert "Thông báo xử lý dữ liệu cá nhân" in client.get(f"/events/{event.id}/register").get_data(as_text=True)
    client.post(f"/events/{event.id}/register", data={"startup_id": 0, "consent": "y"})
    (consent,) = consents("event_registration")
    assert (consent.user_id, consent.ref_id, consent.source) == (member.id, event.id, "event_registration")


def test_office_hours_booking_needs_and_records_consent(client, login_as):
    startup = f.make_org("Công ty Đặt Lịch")
    member = f.make_user("startup", manages=[startup])
    slot = make_slot(f.make_person("Cố Vấn Lịch", mentor_capacity=2))
    db.session.commit()
    login_as(member)
    assert 'name="consent"' in client.get("/office-hours/").get_data(as_text=True)
    refused = client.post(f"/office-hours/{slot.id}/book", data={"startup_id": startup.id},
                          follow_redirects=True).get_data(as_text=True)
    assert "Vui lòng đồng ý để tiếp tục." in refused
    assert db.session.get(OfficeHourSlot, slot.id).booked_org_id is None
    client.post(f"/office-hours/{slot.id}/book", data={"startup_id": startup.id, "consent": "y"})
    assert db.session.get(OfficeHourSlot, slot.id).booked_org_id == startup.id
    (consent,) = consents("office_hours")
    assert (consent.user_id, consent.ref_id) == (member.id, slot.id)


def test_my_data_is_linked_from_the_account_area_and_downloads(client, login_as):
    user = f.make_user("startup", email="cua.toi@example.vn", person=f.make_person("Đỗ Văn Của Tôi"))
    record_consent(user, "account", "register")
    db.session.commit()
    login_as(user)
    home = client.get("/").get_data(as_text=True)
    assert 'href="/me/data"' in home
    page = client.get("/me/data").get_data(as_text=True)
    assert "Dữ liệu của tôi" in page and "Rút lại sự đồng ý" in page
    response = client.get("/me/data.json")
    assert response.headers["Cache-Control"] == "no-store" and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["sections"]["profile"]["person"]["full_name"] == "Đỗ Văn Của Tôi"
    book = load_workbook(io.BytesIO(client.get("/me/data.xlsx").data))
    assert {"Hồ sơ", "Sự đồng ý", "Lịch sử đăng nhập", "Điểm đã chấm"} <= set(book.sheetnames)
    exports = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.export")).all()
    assert sorted(e.data["format"] for e in exports) == ["json", "xlsx"]


def test_withdrawing_a_consent_from_my_data(client, login_as):
    user = f.make_user()
    record_consent(user, "account", "register")
    db.session.commit()
    login_as(user)
    done = client.post("/me/consents/account/withdraw", follow_redirects=True).get_data(as_text=True)
    assert "Đã rút lại sự đồng ý" in done
    assert consents("account")[0].withdrawn_at is not None
    again = client.post("/me/consents/account/withdraw", follow_redirects=True).get_data(as_text=True)
    assert "Không có sự đồng ý nào còn hiệu lực" in again
    request = db.session.scalar(select(PrivacyRequest))
    assert (request.kind, request.status) == ("withdraw", "done")


def test_a_request_is_checked_on_the_server_then_tracked_with_its_due_day(client, login_as):
    user = f.make_user()
    db.session.commit()
    login_as(user)
    bad = client.post("/me/data/requests", data={"kind": "correct", "details": ""}).get_data(as_text=True)
    assert "Hãy cho biết dữ liệu nào cần sửa" in bad
    junk = client.post("/me/data/requests", data={"kind": "sell"}).get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in junk
    ok = client.post("/me/data/requests", data={"kind": "delete"}, follow_redirects=True).get_data(as_text=True)
    request = db.session.scalar(select(PrivacyRequest))
    assert request.kind == "delete" and request.due_on.strftime("%d/%m/%Y") in ok


def test_forms_need_the_csrf_token(app, client, login_as):
    user = f.make_user()
    record_consent(user, "account", "register")
    db.session.commit()
    login_as(user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client.post("/me/data/requests", data={"kind": "delete"})
        client.post("/me/consents/account/withdraw")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert db.session.scalar(select(PrivacyRequest)) is None
    assert consents("account")[0].withdrawn_at is None
