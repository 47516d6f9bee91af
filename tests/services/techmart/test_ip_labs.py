"""IP records and labs: a grant needs its date, an IP protection request records its outcome once (then
updates it), the dashboard counts applications and grants per year; a lab's accreditation needs its
certificate, a startup asks for lab time through a linked support request, and the expiry warning goes
to the DOST and the host's managers once per lab and expiry date."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import IPRecord, LabRequest, Notification, SupportRequest
from ecosystem.services.dashboard.directory_indicators import Scope
from ecosystem.services.dashboard.transfer_indicators import ip_indicator
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.techmart import ip_records, labs
from ecosystem.services.techmart.pipeline import TechmartError
from tests import factories as f


def ip_data(**changes) -> dict:
    data = {"ip_type": "utility_solution", "title": "Máy sấy nông sản", "number": "2-2024-00077",
            "filing_date": date(2024, 3, 1), "grant_date": None, "status": "filed"}
    return {**data, **changes}


def test_an_ip_record_is_checked_and_listed_on_its_owner(app):
    officer, org, person = f.make_user("officer"), f.make_org(kind="enterprise"), f.make_person()
    for changes, code in (({"status": "granted"}, "ip_grant_date_required"),
                          ({"grant_date": date(2023, 1, 1)}, "ip_grant_before_filing"),
                          ({"ip_type": "poem"}, "ip_type_unknown"), ({"number": "  "}, "ip_number_missing"),
                          ({"filing_date": local_today() + timedelta(days=1)}, "ip_date_future")):
        with pytest.raises(TechmartError) as error:
            ip_records.save_ip_record(org, ip_data(**changes), officer)
        assert error.value.code == code
    first = ip_records.save_ip_record(org, ip_data(), officer)
    second = ip_records.save_ip_record(org, ip_data(filing_date=date(2025, 5, 1), status="granted",
                                                    grant_date=date(2025, 11, 2), ip_type="patent"), officer)
    mine = ip_records.save_ip_record(person, ip_data(ip_type="plant_variety"), officer)
    assert ip_records.records_of(org) == [second, first]
    assert ip_records.records_of(person) == [mine] and mine.organisation_id is None


def test_an_ip_protection_request_records_its_outcome_once_then_updates_it(app):
    officer, startup = f.make_user("officer"), f.make_org()
    req = SupportRequest(organisation_id=startup.id, type_code="ip_protection", title="Đăng ký nhãn hiệu",
                         state="in_progress")
    db.session.add(req)
    db.session.flush()
    with pytest.raises(TechmartError) as error:
        ip_records.record_support_outcome(req, ip_data(ip_type="trademark"), officer)
    assert error.value.code == "ip_outcome_not_expected"
    req.state = "resolved"
    made = ip_records.record_support_outcome(req, ip_data(ip_type="trademark"), officer)
    again = ip_records.record_support_outcome(req, ip_data(ip_type="trademark", status="granted",
                                                           grant_date=date(2025, 1, 9)), officer)
    assert again.id == made.id and again.status == "granted" and again.organisation_id == startup.id
    assert db.session.scalar(select(func.count(IPRecord.id))) == 1


def test_the_dashboard_counts_applications_and_grants_per_year(app):
    officer, org = f.make_user("officer"), f.make_org(kind="university")
    ip_records.save_ip_record(org, ip_data(filing_date=date(2024, 2, 1)), officer)
    ip_records.save_ip_record(org, ip_data(filing_date=date(2024, 6, 1), status="granted",
                                           grant_date=date(2025, 3, 1)), officer)
    ip_records.save_ip_record(f.make_person(), ip_data(filing_date=date(2025, 7, 1), ip_type="patent"), officer)
    panel = ip_indicator(Scope(2024, 2025))
    rows = dict(map(tuple, panel["rows"]))
    assert panel["total"] == 3 and rows["applications"] == 3 and rows["grants"] == 1
    assert rows["utility_solution"] == 2 and rows["patent"] == 1
    assert panel["trend"]["series"]["applications"] == [2, 1] and panel["trend"]["series"]["grants"] == [0, 1]


def lab_data(**changes) -> dict:
    today = local_today()
    data = {"name": "Phòng thí nghiệm Hoá phân tích", "equipment": "Máy sắc ký HPLC\n\nMáy quang phổ UV-Vis",
            "services": "Phân tích mẫu", "accreditation": "ISO/IEC 17025:2017", "certificate_number": "VILAS 1234",
            "accreditation_expires_on": today + timedelta(days=30), "recognition_number": "45/QĐ-UBND",
            "recognition_date": today - timedelta(days=100), "active": True, "sectors": []}
    return {**data, **changes}


def test_a_lab_needs_its_certificate_and_recognition_date_and_lists_publicly(app):
    officer, uni = f.make_user("officer"), f.make_org(kind="university")
    for changes, code in (({"certificate_number": ""}, "lab_certificate_required"),
                          ({"recognition_date": None}, "lab_recognition_date_required"),
                          ({"name": " "}, "lab_name_required")):
        with pytest.raises(TechmartError) as error:
            labs.save_lab(uni, lab_data(**changes), officer)
        assert error.value.code == code
    lab = labs.save_lab(uni, lab_data(), officer)
    closed = labs.save_lab(uni, lab_data(name="Phòng đã đóng", active=False), officer)
    assert lab.equipment_items == ["Máy sắc ký HPLC", "Máy quang phổ UV-Vis"]
    listed = list(db.session.scalars(labs.lab_query()))
    assert lab in listed and closed not in listed
    assert labs.accreditation_valid(lab) and not labs.accreditation_valid(lab, local_today() + timedelta(days=31))


def test_a_startup_requests_lab_time_through_a_linked_support_request(app):
    officer, uni, startup = f.make_user("officer"), f.make_org(kind="university"), f.make_org()
    member = f.make_user("startup", manages=[startup])
    lab = labs.save_lab(uni, lab_data(), officer)
    req = labs.request_lab_time(lab, startup, member, "Đo độ nhớt mẫu sơn", "Tuần sau")
    assert req.type_code == "lab_use" and req.state == "submitted" and lab.name in req.description
    assert db.session.get(LabRequest, req.id).lab_id == lab.id and labs.lab_of_request(req.id) == lab
    assert labs.requests_for(lab) == [req]
    lab.active = False
    with pytest.raises(TechmartError):
        labs.request_lab_time(lab, startup, member, "Lần nữa")


def test_the_expiry_warning_goes_once_per_lab_and_expiry(app):
    set_setting("techmart.lab_expiry_warning_days", 45, None)
    officer, uni = f.make_user("officer"), f.make_org(kind="university")
    host = f.make_user("startup", manages=[uni])
    lab = labs.save_lab(uni, lab_data(), officer)  # expires in 30 days
    labs.save_lab(uni, lab_data(name="Còn xa", accreditation_expires_on=local_today() + timedelta(days=200)), officer)
    assert labs.warn_expiring() == 1
    assert labs.warn_expiring() == 0  # a second run, or a second scheduler: nothing twice
    told = {n.user_id for n in db.session.scalars(select(Notification).where(Notification.kind == "techmart.lab_expiry"))}
    assert told == {officer.id, host.id}
    lab.accreditation_expires_on = local_today() + timedelta(days=40)  # renewed to a new date: told again
    assert labs.warn_expiring() == 1
