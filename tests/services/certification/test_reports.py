"""Annual reports, the two warnings on multi-year histories, and the scheduled jobs that send them once."""
import importlib
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.jobs import job_by_id
from ecosystem.models import Notification
from ecosystem.services.certification import applications as apps
from ecosystem.services.certification import appraisal as wf
from ecosystem.services.certification.context import CertError
from ecosystem.services.certification.jobs import deadline_reminders, report_warnings
from ecosystem.services.certification.register import create_certificate
from ecosystem.services.certification.annual_reports import file_report, reports_due, send_warnings, warnings_for
from tests import factories as f
from tests.services.certification.helpers import BN, enterprise, filled_application

AS_OF = date(2026, 11, 26)


def certified(issued_on: date, rule_set_code: str = "ND13_2019", name: str = "Công ty CP Sinh Học Thử",
              founded_on: date | None = None):
    """A certificate of an enterprise founded a year before it (so Decree 13's grace applies) unless told."""
    org, manager = enterprise(name, founded_on=founded_on or issued_on.replace(year=issued_on.year - 1))
    return create_certificate(org.id, rule_set_code, ["Chế phẩm sinh học"], issued_on, None), manager


def test_filing_a_report_checks_the_year_and_the_figures(app):
    cert, manager = certified(date(2020, 6, 15))
    with pytest.raises(CertError, match="year_out_of_range"):
        file_report(cert, manager, 2026, BN, 2 * BN, AS_OF)  # the year has not ended
    with pytest.raises(CertError, match="year_out_of_range"):
        file_report(cert, manager, 2019, BN, 2 * BN, AS_OF)  # before certification
    with pytest.raises(CertError, match="st_revenue_above_total"):
        file_report(cert, manager, 2024, 3 * BN, 2 * BN, AS_OF)
    report = file_report(cert, manager, 2024, BN, 4 * BN, AS_OF, incentives_vnd=150_000_000,
                         incentives_note="Miễn thuế TNDN")
    corrected = file_report(cert, manager, 2024, 2 * BN, 4 * BN, AS_OF)
    assert corrected.id == report.id and corrected.st_revenue == 2 * BN
    assert reports_due(cert, AS_OF) == [2020, 2021, 2022, 2023, 2025]


def test_missed_reports_warning_from_the_settings(app):
    cert, manager = certified(date(2020, 6, 15))
    for year in (2020, 2021, 2022, 2023):
        file_report(cert, manager, year, 4 * BN, 10 * BN, AS_OF)
    [warning] = warnings_for(cert, AS_OF)
    assert warning.code == "missed_reports" and warning.years == (2024, 2025)
    file_report(cert, manager, 2025, 4 * BN, 10 * BN, AS_OF)
    assert warnings_for(cert, AS_OF) == []  # only 2024 missing now: one, not two in a row


def test_revoked_certificates_get_no_warnings(app):
    cert, _manager = certified(date(2020, 6, 15))
    cert.status = "revoked"
    assert warnings_for(cert, AS_OF) == []


def test_warnings_go_to_the_enterprise_and_officers_once(app):
    officer = f.make_user("officer")
    cert, manager = certified(date(2021, 3, 1))
    file_report(cert, manager, 2021, 4 * BN, 10 * BN, AS_OF)
    file_report(cert, manager, 2022, 4 * BN, 10 * BN, AS_OF)
    assert [w.years for w in send_warnings(cert, AS_OF)] == [(2023, 2024, 2025)]
    assert send_warnings(cert, AS_OF) == []  # same streak: not again
    for user in (manager, officer):
        notes = db.session.query(Notification).filter_by(user_id=user.id, kind="cert.missed_reports").all()
        assert len(notes) == 1 and "2023, 2024, 2025" in notes[0].body


def test_report_warnings_job_covers_every_valid_certificate(app):
    f.make_user("officer")
    first, _ = certified(date(2021, 3, 1), name="Công ty TNHH A Thử")
    second, manager = certified(date(2021, 3, 1), name="Công ty TNHH B Thử")
    for year in range(2021, 2026):
        file_report(second, manager, year, 4 * BN, 10 * BN, AS_OF)
    assert report_warnings(AS_OF) == 1  # the first has filed nothing since 2021; the second is fine
    assert report_warnings(AS_OF) == 0
    assert first.id != second.id


def test_deadline_reminders_once_per_deadline_and_state(app):
    officer = f.make_user("officer")
    org, manager = enterprise()
    application = filled_application(org, manager, date(2025, 1, 24))
    apps.submit_application(application, manager, date(2025, 1, 24))  # completeness due Wed 05/02/2025
    assert deadline_reminders(date(2025, 1, 24)) == []  # 3 working days left, window is 2
    assert [i.kind for i in deadline_reminders(date(2025, 2, 3))] == ["completeness"]  # 2 left
    assert deadline_reminders(date(2025, 2, 4)) == []  # already reminded for this deadline
    overdue = deadline_reminders(date(2025, 2, 6))
    assert len(overdue) == 1 and overdue[0].overdue
    kinds = [n.kind for n in db.session.query(Notification).filter_by(user_id=officer.id)]
    assert kinds.count("cert.due_soon") == 1 and kinds.count("cert.due_overdue") == 1
    wf.request_completion(application, officer, "Bổ sung", date(2025, 2, 6))  # the enterprise's turn
    assert application.completion_due == date(2025, 3, 10)  # 30 days end Sat 08/03 → Mon 10/03
    assert deadline_reminders(date(2025, 3, 4)) == []
    assert deadline_reminders(date(2025, 3, 6))[0].kind == "completion"  # Fri 07 and Mon 10 left
    assert db.session.query(Notification).filter_by(user_id=manager.id, kind="cert.due_soon").count() == 1


@pytest.mark.parametrize("job_id, name", [("certification.remind_deadlines", "remind_deadlines"),
                                          ("certification.report_warnings", "warn_reports")])
def test_the_job_table_points_at_these_functions(job_id, name):
    module, _, function = job_by_id(job_id).func.partition(":")
    assert function == name and callable(getattr(importlib.import_module(module), function))


def test_warning_names_the_revocation_ground_of_its_own_rule_set(app):
    """Decree 13 revokes after 3 missed reports; Decree 268 sets no such ground, so none is claimed."""
    old, old_manager = certified(date(2021, 3, 1), "ND13_2019", name="Công ty TNHH Cũ Thử")
    new, new_manager = certified(date(2021, 3, 1), "ND268_2025", name="Công ty TNHH Mới Thử")
    for cert, manager in ((old, old_manager), (new, new_manager)):
        for year in (2021, 2022, 2023):
            file_report(cert, manager, year, 4 * BN, 10 * BN, AS_OF)
        assert [w.years for w in send_warnings(cert, AS_OF)] == [(2024, 2025)]
    [old_note] = db.session.query(Notification).filter_by(user_id=old_manager.id, kind="cert.missed_reports")
    [new_note] = db.session.query(Notification).filter_by(user_id=new_manager.id, kind="cert.missed_reports")
    assert "2024, 2025" in old_note.body and "Không báo cáo 3 năm liên tiếp là căn cứ thu hồi" in old_note.body
    assert "2024, 2025" in new_note.body and "căn cứ thu hồi" not in new_note.body


def test_a_mature_enterprise_is_warned_of_low_share_years_from_certification(app):
    cert, manager = certified(date(2021, 3, 1), founded_on=date(2010, 5, 4))
    for year in range(2021, 2026):
        file_report(cert, manager, year, 1 * BN, 10 * BN, AS_OF)
    [warning] = warnings_for(cert, AS_OF)
    # 2021 began before certification, so the first counted year is the first whole one: 2022.
    assert warning.code == "low_st_share" and warning.years == (2022, 2023, 2024, 2025)
    assert warning.ground_reached is False  # 4 of the 5 years that revoke
    young, young_manager = certified(date(2021, 3, 1), name="Công ty TNHH Trẻ Thử", founded_on=date(2019, 5, 4))
    for year in range(2021, 2026):
        file_report(young, young_manager, year, 1 * BN, 10 * BN, AS_OF)
    assert warnings_for(young, AS_OF) == []  # under 5 years old when certified: 2021-2025 are its grace
