"""The enterprise's dossier: who may apply, what is checked, how submission fixes the rule set."""
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.models import CertApplication, Notification
from ecosystem.services.certification import applications as apps
from ecosystem.services.certification.context import CertError
from ecosystem.services.certification.register import create_certificate
from ecosystem.services.platform.uploads import UploadRejected
from tests import factories as f
from tests.services.certification.helpers import BN, PDF, enterprise, filled_application

ND13_FRIDAY = date(2025, 10, 10)  # the last Friday under Decree 13/2019
ND268_DAY = date(2026, 3, 2)


def test_an_organisation_without_a_valid_tax_code_cannot_apply(app):
    org, manager = enterprise(tax_code="0101234567")  # wrong check digit
    with pytest.raises(CertError) as error:
        apps.start_application(org, manager, ND268_DAY)
    assert error.value.code == "no_tax_code"
    assert apps.eligible_organisations(manager) == []


def test_one_open_application_and_no_second_certificate(app):
    org, manager = enterprise()
    apps.start_application(org, manager, ND268_DAY)
    with pytest.raises(CertError, match="open_application_exists"):
        apps.start_application(org, manager, ND268_DAY)
    other, other_manager = enterprise("Công ty TNHH Điện Tử Thử")
    create_certificate(other.id, "ND268_2025", ["Bo mạch"], ND268_DAY, None)
    with pytest.raises(CertError, match="already_certified"):
        apps.start_application(other, other_manager, ND268_DAY)


def test_a_repeated_start_with_the_same_key_returns_the_same_draft(app):
    org, manager = enterprise()
    first = apps.start_application(org, manager, ND268_DAY, idem_key="k-1")
    again = apps.start_application(org, manager, ND268_DAY, idem_key="k-1")
    assert first.id == again.id
    assert db.session.query(CertApplication).count() == 1


def test_the_draft_takes_the_rule_set_of_its_day_and_the_org_profile(app):
    org, manager = enterprise(size_class="medium")
    draft = apps.start_application(org, manager, ND13_FRIDAY)
    assert draft.rule_set_code == "ND13_2019"
    assert draft.size_class == "medium" and draft.established_on == date(2015, 3, 2)


def test_result_types_follow_the_rule_set(app):
    org, manager = enterprise()
    draft = apps.start_application(org, manager, ND268_DAY)
    with pytest.raises(CertError, match="result_type_not_in_rule_set"):
        apps.add_result(draft, {"type": "st_award", "title": "Giải thưởng", "document_number": "1"}, manager)
    old_org, old_manager = enterprise("Công ty CP Giống Cây Trồng Thử")
    old = apps.start_application(old_org, old_manager, ND13_FRIDAY)
    assert apps.add_result(old, {"type": "st_award", "title": "Giải thưởng KH&CN", "document_number": "12/QĐ"},
                           old_manager).type == "st_award"


def test_st_revenue_above_total_is_refused(app):
    org, manager = enterprise()
    draft = apps.start_application(org, manager, ND268_DAY)
    with pytest.raises(CertError, match="st_revenue_above_total"):
        apps.save_year(draft, 2025, {"revenue": BN, "st_revenue": 2 * BN}, manager)
    apps.save_year(draft, 2025, {"revenue": BN, "st_revenue": BN // 2}, manager)
    apps.save_year(draft, 2025, {"revenue": 2 * BN, "st_revenue": BN}, manager)  # replaces the year
    assert [(y.year, y.revenue) for y in draft.years] == [(2025, 2 * BN)]


def test_uploads_are_checked_by_content(app):
    org, manager = enterprise()
    draft = apps.start_application(org, manager, ND268_DAY)
    with pytest.raises(UploadRejected) as error:
        apps.add_document(draft, "request_form", b"MZ\x90\x00 not a pdf", "don.pdf", manager)
    assert error.value.code == "upload.type_not_allowed"
    with pytest.raises(CertError, match="unknown_checklist_item"):
        apps.add_document(draft, "passport", PDF, "x.pdf", manager)
    document = apps.add_document(draft, "request_form", PDF, "../../Đơn đề nghị.pdf", manager)
    assert document.original_name == "Đơn đề nghị.pdf"
    assert not apps.document_path(document).exists()  # in place only after the commit
    db.session.commit()
    assert apps.document_path(document).read_bytes() == PDF


def test_submission_needs_a_result_and_every_required_document(app):
    org, manager = enterprise()
    draft = apps.start_application(org, manager, ND268_DAY)
    with pytest.raises(CertError, match="no_results"):
        apps.submit_application(draft, manager, ND268_DAY)
    filled = filled_application(*enterprise("Công ty TNHH Thiết Bị Y Tế Thử"), ND268_DAY, documents=False)
    with pytest.raises(CertError, match="documents_missing"):
        apps.submit_application(filled, filled.applicant, ND268_DAY)


def test_nd13_submission_starts_the_completeness_clock_and_tells_officers(app):
    officer = f.make_user("officer")
    org, manager = enterprise()
    draft = filled_application(org, manager, ND13_FRIDAY)
    assert apps.submit_application(draft, manager, ND13_FRIDAY, token="t1") is True
    assert draft.status == "submitted" and draft.rule_set_code == "ND13_2019"
    # Fri 10/10/2025 + 3 working days: Mon 13 (1), Tue 14 (2), Wed 15/10 (3).
    assert draft.completeness_due == date(2025, 10, 15)
    # forward to the Ministry within 5 working days: Fri 17/10/2025.
    assert draft.forward_due == date(2025, 10, 17)
    assert [c["code"] for c in draft.conditions] == ["registered_enterprise", "st_result", "st_revenue_share"]
    assert db.session.query(Notification).filter_by(user_id=officer.id, kind="cert.submitted").count() == 1


def test_a_draft_begun_under_decree_13_and_submitted_after_follows_decree_268(app):
    org, manager = enterprise()
    draft = filled_application(org, manager, ND13_FRIDAY)
    assert draft.rule_set_code == "ND13_2019"
    assert apps.refresh_draft_rule_set(draft, date(2025, 10, 14)) is True
    assert draft.rule_set_code == "ND268_2025"
    assert [item["code"] for item in apps.missing_documents(draft)] == ["product_description"]
    apps.add_document(draft, "product_description", PDF, "thuyet-minh.pdf", manager)
    apps.submit_application(draft, manager, date(2025, 10, 14))
    assert draft.rule_set_code == "ND268_2025"
    assert draft.completeness_due is None and draft.forward_due is None  # Decree 268 sets neither


def test_a_double_click_on_submit_changes_nothing(app):
    org, manager = enterprise()
    draft = filled_application(org, manager, ND268_DAY)
    assert apps.submit_application(draft, manager, ND268_DAY, token="same") is True
    steps = len(draft.steps)
    assert apps.submit_application(draft, manager, ND268_DAY, token="same") is False
    assert len(draft.steps) == steps
    with pytest.raises(CertError, match="not_editable"):
        apps.submit_application(draft, manager, ND268_DAY, token="other")


def test_conditions_before_submission_nd13_waiver_for_a_young_enterprise(app):
    org, manager = enterprise(founded_on=date(2022, 6, 1))
    draft = filled_application(org, manager, ND13_FRIDAY, st_share_percent=5)
    _rules, results, overall = apps.evaluate_application(draft, ND13_FRIDAY)
    share = next(r for r in results if r.code == "st_revenue_share")
    assert share.met is True and share.waived is True and overall is True
    older, older_manager = enterprise("Công ty CP Hoá Dược Thử", founded_on=date(2012, 1, 5))
    low = filled_application(older, older_manager, ND13_FRIDAY, st_share_percent=5)
    assert apps.evaluate_application(low, ND13_FRIDAY)[2] is False


def test_conditions_nd268_large_enterprise_asks_for_rd_figures(app):
    org, manager = enterprise(size_class="large")
    draft = filled_application(org, manager, ND268_DAY)
    _rules, results, overall = apps.evaluate_application(draft, ND268_DAY)
    assert {r.code: r.met for r in results} == {"registered_enterprise": True, "st_result": True,
                                               "rd_spending": None, "rd_unit": None}
    assert overall is None
    for year in (2023, 2024):
        apps.save_year(draft, year, {"net_revenue": 10 * BN, "rd_spending": BN}, manager)
    apps.update_basics(draft, {"rd_staff_with_degree": 12}, manager)
    assert apps.evaluate_application(draft, ND268_DAY)[2] is True


def test_withdraw(app):
    org, manager = enterprise()
    draft = apps.start_application(org, manager, ND268_DAY)
    apps.withdraw_application(draft, manager, ND268_DAY)
    assert draft.status == "withdrawn"
    with pytest.raises(CertError, match="cannot_withdraw"):
        apps.withdraw_application(draft, manager, ND268_DAY)
    assert apps.start_application(org, manager, ND268_DAY).id != draft.id  # a new one may begin
