"""The copy of my data: every section filled from my own records only; a judge's scores appear once
the round's results are published; JSON and XLSX carry the same sections."""
import io
import json
from datetime import date

from openpyxl import load_workbook

from ecosystem.extensions import db
from ecosystem.models import Attendance, LoginAttempt, Relationship
from ecosystem.models.support import SupportComment, SupportRequest
from ecosystem.services.accounts.credentials import open_session
from ecosystem.services.awards import judging
from ecosystem.services.platform.notifications import notify
from ecosystem.services.privacy import my_data
from ecosystem.services.privacy.consents import record_consent
from tests import award_world, factories as f
from tests.event_factories import make_event, make_registration, make_slot, soon


def _world():
    startup = f.make_org("Công ty Dữ Liệu Của Tôi")
    me = f.make_user("startup", manages=[startup], email="toi@example.vn",
                     person=f.make_person("Trần Văn Tôi", email="toi@example.vn", phone="0912000000"))
    other = f.make_user("startup", email="nguoi.khac@example.vn", person=f.make_person("Người Khác"))
    db.session.add(Relationship(kind="founder", source_person_id=me.person_id, target_org_id=startup.id))
    request = SupportRequest(organisation_id=startup.id, type_code="mentoring", title="Cần cố vấn",
                             state="submitted", created_by_id=me.id)
    db.session.add(request)
    db.session.flush()
    db.session.add(SupportComment(request_id=request.id, author_id=me.id, body="Cảm ơn"))
    event = make_event(title="Ngày hội khởi nghiệp", starts_at=soon(-3))
    registration = make_registration(event, me, name="Trần Văn Tôi")
    make_registration(event, other)
    db.session.add(Attendance(event_id=event.id, registration_id=registration.id, user_id=me.id,
                              person_id=me.person_id, name="Trần Văn Tôi", attended_on=date.today(),
                              method="code"))
    make_slot(f.make_person("Cố Vấn A", mentor_capacity=1), booked_org_id=startup.id, booked_by_id=me.id,
              topic="Gọi vốn")
    notify([me], "test", lambda: ("Xin chào", "Nội dung"), email=False)
    db.session.add_all([LoginAttempt(email="toi@example.vn", address="10.1.1.1", success=True),
                        LoginAttempt(email="nguoi.khac@example.vn", address="10.9.9.9", success=True)])
    open_session(me)
    record_consent(me, "account", "register")
    db.session.flush()
    return me


def test_every_section_holds_my_records_and_only_mine(app):
    me = _world()
    data = my_data.collect_my_data(me)
    sections = data["sections"]
    assert data["notice_version"] == "2026.1"
    assert sections["profile"]["account"]["email"] == "toi@example.vn"
    assert sections["profile"]["person"]["phone"] == "0912000000"
    assert [r["other"] for r in sections["relationships"]] == ["Công ty Dữ Liệu Của Tôi"]
    assert [r["title"] for r in sections["support_requests"]] == ["Cần cố vấn"]
    assert [c["body"] for c in sections["support_comments"]] == ["Cảm ơn"]
    assert [r["name"] for r in sections["event_registrations"]] == ["Trần Văn Tôi"]
    assert [a["event"] for a in sections["attendance"]] == ["Ngày hội khởi nghiệp"]
    assert [s["topic"] for s in sections["office_hours"]] == ["Gọi vốn"]
    assert [n["title"] for n in sections["notifications"]] == ["Xin chào"]
    assert [a["address"] for a in sections["login_history"]] == ["10.1.1.1"]
    assert len(sections["sessions"]) == 1 and "token" not in sections["sessions"][0]
    assert [c["purpose"] for c in sections["consents"]] == ["account"]
    assert "nguoi.khac@example.vn" not in json.dumps(data, ensure_ascii=False)


def test_json_and_xlsx_carry_the_same_sections(app):
    me = _world()
    data = my_data.collect_my_data(me)
    assert json.loads(my_data.to_json_bytes(data).decode("utf-8")) == data
    titles = {name: name.upper() for name in data["sections"]}
    book = load_workbook(io.BytesIO(my_data.to_xlsx(data, titles)))
    assert book.sheetnames == [t[:31] for t in titles.values()]
    profile = [tuple(row) for row in book["PROFILE"].iter_rows(values_only=True)]
    assert ("person", "phone", "0912000000") in profile
    assert book["EVENT_REGISTRATIONS"].max_row == 2


def test_a_judges_scores_are_held_back_until_the_round_is_published(app):
    world = award_world.build(date.today())
    person, judge = world["judges"][0]
    assignment = judging.judge_assignments(person.id)[0]
    judging.save_sheet(assignment, judge, award_world.SCREENING_GOOD, {"team": "Nhóm mạnh"}, submit=True)
    data = my_data.collect_my_data(judge)
    assert data["sections"]["judge_scores"] == [] and data["judge_scores_withheld_until_published"] == 1
    world["round"].status = "published"
    db.session.flush()
    data = my_data.collect_my_data(judge)
    (score,) = data["sections"]["judge_scores"]
    assert score["action"] == "submit" and score["comments"] == {"team": "Nhóm mạnh"}
    assert score["total"] is not None and data["judge_scores_withheld_until_published"] == 0


def test_an_account_without_a_person_still_gets_its_copy(app):
    user = f.make_user()
    data = my_data.collect_my_data(user)
    assert data["sections"]["profile"]["person"] is None and data["sections"]["relationships"] == []
    load_workbook(io.BytesIO(my_data.to_xlsx(data, {})))
