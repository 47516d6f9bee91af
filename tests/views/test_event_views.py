"""Event pages end to end through the test client: time zones, registration, check-in, exports."""
import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Event, Registration
from ecosystem.services.events import capacity_rules as event_rules
from ecosystem.services.events.lifecycle import to_local
from ecosystem.views.events.messages import MESSAGES
from tests import factories as f
from tests.event_factories import begin, make_event, make_registration, soon


def next_year_day() -> str:
    return f"{datetime.now().year + 1}-03-10"


def test_an_event_at_19h_in_ho_chi_minh_city_is_12h_utc_in_the_calendar_file(app, client, login_as):
    club = f.make_org("CLB Khởi nghiệp Thủ Dầu Một", kind="club")
    coordinator = f.make_user("coordinator", manages=[club])
    db.session.commit()
    login_as(coordinator)
    day = next_year_day()
    response = client.post("/events/new", data={
        "kind": "pitch", "title": "Đêm gọi vốn, mùa 3; Bình Dương", "organiser_id": club.id,
        "starts_at": f"{day}T19:00", "ends_at": f"{day}T21:30", "venue": "Nhà Văn hoá Thanh niên",
        "capacity": "20", "audience": "public", "status": "published",
        "questions": "Bạn đại diện startup nào? *\nBạn muốn gặp ai"})
    assert response.status_code == 302, response.data[:2000]
    event = db.session.scalar(select(Event))
    assert event.starts_at.replace(tzinfo=None) == datetime.fromisoformat(f"{day}T12:00")
    assert event.questions == [{"text": "Bạn đại diện startup nào?", "required": True},
                               {"text": "Bạn muốn gặp ai", "required": False}]
    ics = client.get(f"/events/{event.id}.ics")
    assert ics.mimetype == "text/calendar"
    text = ics.data.decode("utf-8")
    compact = day.replace("-", "")
    assert f"DTSTART:{compact}T120000Z\r\n" in text and f"DTEND:{compact}T143000Z\r\n" in text
    assert "SUMMARY:Đêm gọi vốn\\, mùa 3\\; Bình Dương\r\n" in text
    page = client.get(f"/events/{event.id}/edit").data.decode()
    assert f'value="{day}T19:00"' in page, "the form shows local time again"


def test_register_see_the_ticket_and_get_checked_in_by_code(app, client, login_as):
    event = make_event(capacity=1, questions=[{"text": "Startup của bạn?", "required": True}])
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    startup = f.make_org("Công ty Dữ Liệu Sông Bé")
    member = f.make_user("startup", manages=[startup])
    db.session.commit()
    login_as(member)
    form = client.get(f"/events/{event.id}/register").data.decode()
    assert "Startup của bạn?" in form and "Công ty Dữ Liệu Sông Bé" in form
    refused = client.post(f"/events/{event.id}/register", data={"startup_id": startup.id})
    assert refused.status_code == 200 and "Trường này là bắt buộc." in refused.data.decode()
    no_consent = client.post(f"/events/{event.id}/register",
                             data={"startup_id": startup.id, "answer_0": "Dữ liệu nông nghiệp"})
    assert no_consent.status_code == 200 and "Vui lòng đồng ý để tiếp tục." in no_consent.data.decode()
    done = client.post(f"/events/{event.id}/register",
                       data={"startup_id": startup.id, "answer_0": "Dữ liệu nông nghiệp", "consent": "y"})
    assert done.status_code == 302
    ticket = client.get(done.headers["Location"]).data.decode()
    registration = db.session.scalar(select(Registration))
    assert "<svg" in ticket and 'role="img"' in ticket
    code = registration.checkin_code
    assert f"{code[:5]}-{code[5:]}" in ticket
    client.post("/logout")
    begin(event)
    db.session.commit()
    login_as(coordinator)
    first = client.post(f"/events/{event.id}/checkin", data={"code": f"{code[:5].lower()} {code[5:]}"},
                        follow_redirects=True).data.decode()
    assert "Đã check-in" in first and registration.name in first
    again = client.post(f"/events/{event.id}/checkin", data={"code": code}, follow_redirects=True)
    assert f"Mã này đã được dùng để check-in. — {registration.name}" in again.data.decode()
    assert client.get(f"/events/{event.id}/checkin/count").get_json() == {
        "confirmed": 1, "waiting": 0, "checked_in": 1, "walk_ins": 0}


def test_the_scan_link_in_the_qr_code_opens_a_confirmation_for_the_coordinator(app, client, login_as):
    event = make_event()
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    registration = make_registration(event, name="Lê Thị Quét")
    begin(event)
    db.session.commit()
    login_as(coordinator)
    page = client.get(f"/events/scan/{registration.checkin_code}").data.decode()
    assert "Lê Thị Quét" in page and f"/checkin/{registration.id}" in page
    assert registration.checked_in_at is None, "opening the link changes nothing"
    client.post(f"/events/{event.id}/checkin/{registration.id}")
    db.session.refresh(registration)
    assert registration.checked_in_at is not None
    refused = client.post(f"/events/{event.id}/checkin/{registration.id}", follow_redirects=True)
    assert "Mã này đã được dùng để check-in. — Lê Thị Quét" in refused.get_data(as_text=True)


def test_exports_hold_registrations_answers_and_attendance(app, client, login_as):
    event = make_event(questions=[{"text": "Lĩnh vực", "required": False}], title="Hội thảo AI")
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    registration = make_registration(event, name="=Nguyễn Công Thức", answers=[{"q": "Lĩnh vực", "a": "AI"}])
    make_registration(event, name="Trần Chờ", status="waiting")
    begin(event)
    db.session.commit()
    login_as(coordinator)
    client.post(f"/events/{event.id}/checkin", data={"code": registration.checkin_code})
    csv = client.get(f"/events/{event.id}/export.csv")
    text = csv.data.decode("utf-8-sig")
    assert csv.mimetype == "text/csv" and "attachment" in csv.headers["Content-Disposition"]
    assert "'=Nguyễn Công Thức" in text, "formula neutralised"
    assert "Lĩnh vực" in text.splitlines()[0] and "AI" in text and "Danh sách chờ" in text
    attendance = client.get(f"/events/{event.id}/export.csv?what=attendance").data.decode("utf-8-sig")
    assert len(attendance.strip().splitlines()) == 2
    book = load_workbook(io.BytesIO(client.get(f"/events/{event.id}/export.xlsx").data))
    assert book.sheetnames == ["Đăng ký", "Tham dự"]
    assert book["Đăng ký"].max_row == 3 and book["Tham dự"].max_row == 2


def test_the_month_calendar_places_events_on_their_local_day(app, client):
    late = datetime(2027, 3, 10, 23, 30, tzinfo=timezone(timedelta(hours=7)))  # 16:30 UTC on the 10th
    event = make_event(starts_at=late, hours=1, title="Giao lưu đêm khuya")
    db.session.commit()
    page = client.get("/events/calendar?month=2027-03").data.decode()
    cells = re.findall(r'<td class="[^"]*">\s*<span class="day">(\d+)</span>(.*?)</td>', page, re.S)
    days_with_event = [int(day) for day, body in cells if "Giao lưu đêm khuya" in body]
    assert days_with_event == [10, 11], "23:30–00:30 local spans the 10th and the 11th"
    assert to_local(event.starts_at).hour == 23
    assert "Tháng sau" in page and "month=2027-04" in page


def test_list_filters_and_drafts_stay_hidden(app, client):
    club = f.make_org("CLB Lọc", kind="club")
    make_event(club, title="Tập huấn sở hữu trí tuệ", kind="training")
    make_event(club, title="Bản nháp bí mật", status="draft")
    make_event(club, title="Hội thảo đã qua", starts_at=soon(-10))
    db.session.commit()
    upcoming = client.get("/events/").data.decode()
    assert "Tập huấn sở hữu trí tuệ" in upcoming and "Bản nháp bí mật" not in upcoming
    assert "Hội thảo đã qua" not in upcoming
    assert "Hội thảo đã qua" in client.get("/events/?when=past").data.decode()
    assert "Tập huấn sở hữu trí tuệ" not in client.get("/events/?kind=pitch").data.decode()
    assert "Tập huấn sở hữu trí tuệ" in client.get("/events/?q=so huu tri tue").data.decode()


def test_club_feed_lists_the_clubs_events(app, client):
    club = f.make_org("CLB Khởi nghiệp Dĩ An", kind="club")
    event = make_event(club, title="Cà phê khởi nghiệp")
    make_event(title="Sự kiện của CLB khác")
    db.session.commit()
    response = client.get(f"/clubs/{club.slug}/events.ics")
    text = response.data.decode()
    assert response.mimetype == "text/calendar"
    assert text.count("BEGIN:VEVENT") == 1 and f"UID:event-{event.id}@" in text
    assert "X-WR-CALNAME:CLB Khởi nghiệp Dĩ An" in text


def test_registration_needs_the_csrf_token(app, client, login_as):
    event = make_event()
    user = f.make_user()
    db.session.commit()
    login_as(user)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/events/{event.id}/register", data={"startup_id": 0, "consent": "y"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code in (200, 400)
    assert db.session.scalar(select(Registration)) is None


@pytest.mark.parametrize("code", [value for name, value in vars(event_rules).items()
                                  if name.isupper() and isinstance(value, str)
                                  and value not in ("confirmed", "waiting", "cancelled", "refused",
                                                    "public", "members_only", "invited")] +
                         ["members_only"])
def test_every_reason_code_has_words(code):
    assert code in MESSAGES


def test_the_organisation_page_partial_lists_upcoming_events(app):
    from flask import render_template
    club = f.make_org("CLB Có Lịch", kind="club")
    make_event(club, title="Buổi sắp tới của CLB")
    make_event(club, title="Buổi đã qua của CLB", starts_at=soon(-3))
    db.session.commit()
    with app.test_request_context("/"):
        html = render_template("events/_org_events.html", org=club, locale="vi")
    assert "Buổi sắp tới của CLB" in html and "Buổi đã qua của CLB" not in html
    assert f"/clubs/{club.slug}" in html


def test_the_desk_says_why_an_empty_code_or_a_bad_walk_in_is_refused(app, client, login_as):
    event = begin(make_event())
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    db.session.commit()
    login_as(coordinator)
    empty = client.post(f"/events/{event.id}/checkin", data={"code": "  "}).get_data(as_text=True)
    assert "Nhập hoặc quét mã check-in." in empty
    bad = client.post(f"/events/{event.id}/walk-in", data={"name": "Lê Văn Khách",
                                                           "email": "khong-phai-email"},
                      follow_redirects=True).get_data(as_text=True)
    assert "E-mail người đến trực tiếp không hợp lệ" in bad
    assert db.session.scalar(select(Registration).where(Registration.walk_in.is_(True))) is None
    good = client.post(f"/events/{event.id}/walk-in", data={"name": "Lê Văn Khách", "email": ""},
                       follow_redirects=True).get_data(as_text=True)
    assert "Đã thêm người đến trực tiếp: Lê Văn Khách" in good


def test_the_desk_speaks_the_readers_language(client, login_as):
    event = make_event(title="Hội thảo Chuyển đổi số", title_en="Digital Transformation Workshop")
    coordinator = f.make_user("coordinator", manages=[event.organiser])
    coordinator.locale = "en"
    registration = make_registration(event)
    db.session.commit()
    login_as(coordinator)
    desk = client.get(f"/events/{event.id}/checkin").get_data(as_text=True)
    assert "<h1>Check-in desk: Digital Transformation Workshop</h1>" in desk
    assert "<title>Check-in desk: Digital Transformation Workshop" in desk and "Hội thảo Chuyển đổi số" not in desk
    scan = client.get(f"/events/scan/{registration.checkin_code}").get_data(as_text=True)
    assert "Digital Transformation Workshop" in scan and "Hội thảo Chuyển đổi số" not in scan
