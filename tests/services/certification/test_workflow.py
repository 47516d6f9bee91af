"""The appraisal workflow with deadlines worked by hand against the holiday calendar."""
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.models import Notification
from ecosystem.services.certification import applications as apps
from ecosystem.services.certification import appraisal as wf
from ecosystem.services.certification.context import CertError
from tests import factories as f
from tests.services.certification.helpers import PDF, enterprise, filled_application

FRIDAY_BEFORE_TET_2025 = date(2025, 1, 24)  # Tết Ất Tỵ: off Mon 27 – Fri 31/01/2025


@pytest.fixture
def officer(app):
    return f.make_user("officer")


def submitted(today: date, name: str = "Công ty CP Công nghệ Sinh học Thử", **org_fields):
    org, manager = enterprise(name, **org_fields)
    application = filled_application(org, manager, today)
    apps.submit_application(application, manager, today)
    return application, manager


def test_nd13_deadlines_across_tet(app, officer):
    application, _manager = submitted(FRIDAY_BEFORE_TET_2025)
    assert application.rule_set_code == "ND13_2019"
    # 3 working days from Fri 24/01/2025: the Tết week is off, so Mon 03 (1), Tue 04 (2), Wed 05/02 (3).
    assert application.completeness_due == date(2025, 2, 5)
    wf.accept_dossier(application, officer, date(2025, 2, 5))
    # 10 working days from Wed 05/02: Thu 06 (1), Fri 07 (2), Mon 10 – Fri 14 (3-7), Mon 17 (8),
    # Tue 18 (9), Wed 19/02/2025 (10).
    assert application.status == "appraisal" and application.decision_due == date(2025, 2, 19)
    wf.set_council(application, officer, True, date(2025, 2, 6))
    # 15 with an expert council: Thu 20 (11), Fri 21 (12), Mon 24 (13), Tue 25 (14), Wed 26/02 (15).
    assert application.decision_due == date(2025, 2, 26)
    wf.set_council(application, officer, False, date(2025, 2, 7))
    assert application.decision_due == date(2025, 2, 19)


def test_request_to_complete_then_resubmit(app, officer):
    application, manager = submitted(FRIDAY_BEFORE_TET_2025)
    with pytest.raises(CertError, match="note_required"):
        wf.request_completion(application, officer, " ", date(2025, 2, 3))
    wf.request_completion(application, officer, "Bổ sung bản sao văn bằng có chứng thực", date(2025, 2, 3))
    assert application.status == "incomplete"
    assert application.completion_due == date(2025, 3, 5)  # 30 days (a setting), a Wednesday
    assert db.session.query(Notification).filter_by(user_id=manager.id, kind="cert.incomplete").count() == 1
    apps.add_document(application, "ownership_proof", PDF, "ban-sao.pdf", manager)
    apps.submit_application(application, manager, date(2025, 2, 10))
    # Received again Mon 10/02/2025: Tue 11 (1), Wed 12 (2), Thu 13/02 (3).
    assert application.status == "submitted" and application.completeness_due == date(2025, 2, 13)
    assert [s.action for s in application.steps] == ["created", "submitted", "completion_requested",
                                                     "resubmitted"]


def test_nd268_decision_in_calendar_days(app, officer):
    application, _manager = submitted(date(2026, 2, 6))
    wf.accept_dossier(application, officer, date(2026, 2, 13))
    # 15 days from Fri 13/02/2026 end on Sat 28/02, a day off → Mon 02/03/2026.
    assert application.decision_due == date(2026, 3, 2)


def test_issue_creates_a_numbered_certificate_and_tells_the_enterprise(app, officer):
    application, manager = submitted(date(2026, 3, 2))
    with pytest.raises(CertError, match="wrong_status"):
        wf.issue_from_application(application, officer, date(2026, 3, 3))
    wf.accept_dossier(application, officer, date(2026, 3, 3))
    certificate = wf.issue_from_application(application, officer, date(2026, 3, 10))
    assert certificate.number == "001/2026/GCN-DNKHCN"
    assert certificate.authority_vi == "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
    assert certificate.products == ["Chế phẩm vi sinh xử lý chất thải chăn nuôi"]
    assert certificate.rule_set_code == "ND268_2025" and certificate.is_valid
    assert application.status == "issued" and application.certificate_id == certificate.id
    assert [e.action for e in certificate.events] == ["issued"]
    assert db.session.query(Notification).filter_by(user_id=manager.id, kind="cert.issued").count() == 1
    second, _ = submitted(date(2026, 3, 2), "Công ty TNHH Robot Thử")
    wf.accept_dossier(second, officer, date(2026, 3, 3))
    assert wf.issue_from_application(second, officer, date(2026, 3, 11)).number == "002/2026/GCN-DNKHCN"


def test_refuse_needs_a_reason(app, officer):
    application, manager = submitted(date(2026, 3, 2))
    with pytest.raises(CertError, match="reason_required"):
        wf.refuse_application(application, officer, "", date(2026, 3, 3))
    wf.refuse_application(application, officer, "Sản phẩm không hình thành từ kết quả đã khai", date(2026, 3, 3))
    assert application.status == "refused" and application.decided_on == date(2026, 3, 3)
    assert db.session.query(Notification).filter_by(user_id=manager.id, kind="cert.refused").count() == 1


def test_forward_to_the_ministry_only_under_decree_13(app, officer):
    new, _ = submitted(date(2026, 3, 2))
    with pytest.raises(CertError, match="forward_not_in_rule_set"):
        wf.forward_to_ministry(new, officer, "Chuyên ngành hẹp", date(2026, 3, 3))
    old, _ = submitted(date(2025, 10, 1), "Công ty CP Vắc-xin Thú Y Thử")
    wf.forward_to_ministry(old, officer, "Sở không đủ chuyên gia thẩm định", date(2025, 10, 3))
    assert old.status == "forwarded"


def test_change_adding_products_and_reissue(app, officer):
    application, manager = submitted(date(2025, 6, 2))
    wf.accept_dossier(application, officer, date(2025, 6, 3))
    certificate = wf.issue_from_application(application, officer, date(2025, 6, 10))
    change = apps.start_application(application.organisation, manager, date(2025, 9, 1), kind="change",
                                    certificate=certificate, adds_products=True, note="Thêm sản phẩm mới")
    assert [p.name for p in change.products] == certificate.products
    apps.add_product(change, "Men vi sinh cho ao nuôi tôm", None, manager)
    assert [i["code"] for i in apps.missing_documents(change)] == ["request_form", "change_evidence"]
    for code in ("request_form", "change_evidence"):
        apps.add_document(change, code, PDF, f"{code}.pdf", manager)
    apps.submit_application(change, manager, date(2025, 9, 1))
    wf.accept_dossier(change, officer, date(2025, 9, 3))
    # Decree 13, change adding products: 10 working days from Wed 03/09/2025 (National Day 1-2/9 is
    # before): Thu 04 … Wed 17/09/2025.
    assert wf.decision_step(change) == "change_adding_products"
    assert change.decision_due == date(2025, 9, 17)
    wf.issue_from_application(change, officer, date(2025, 9, 10))
    assert certificate.status == "changed" and len(certificate.products) == 2
    reissue = apps.start_application(application.organisation, manager, date(2026, 1, 5), kind="reissue",
                                     certificate=certificate, note="Bản gốc bị hư hỏng")
    apps.add_document(reissue, "request_form", PDF, "de-nghi-cap-lai.pdf", manager)
    apps.submit_application(reissue, manager, date(2026, 1, 5))
    wf.accept_dossier(reissue, officer, date(2026, 1, 5))
    assert wf.decision_step(reissue) == "change_reissue"
    assert reissue.decision_due == date(2026, 1, 15)  # Decree 268: 10 days, Thu 15/01/2026
    wf.issue_from_application(reissue, officer, date(2026, 1, 8))
    assert certificate.status == "reissued"
    assert [e.action for e in certificate.events] == ["issued", "changed", "reissued"]


def test_due_list_puts_overdue_first(app, officer):
    late, _ = submitted(FRIDAY_BEFORE_TET_2025)
    on_time, _ = submitted(date(2025, 2, 4), "Công ty TNHH Cảm Biến Thử")
    items = wf.due_items(date(2025, 2, 6))
    assert [i.application.id for i in items] == [late.id, on_time.id]
    assert items[0].overdue and items[0].working_days_left == -1  # due Wed 05/02, today Thu 06/02
    assert not items[1].overdue and items[1].due_on == date(2025, 2, 7) and items[1].working_days_left == 1
