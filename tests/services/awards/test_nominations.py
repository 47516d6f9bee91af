"""Nominations against the database: drafts, the deadline, eligibility named on submission, screening."""
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, Notification, Relationship
from ecosystem.services.awards.catalogue import AwardError, install_setup
from ecosystem.services.awards.nominations import (add_document, document_path, screen_nomination, start_nomination,
                                                  submit_nomination, update_nomination)
from tests import factories as f
from tests.award_world import live_setup, make_judge, make_startup

TODAY = date(2026, 11, 26)
ANSWERS = {"product": "P", "innovation": "I", "results": "R", "impact": "X"}


@pytest.fixture
def cycle(app):
    officer = f.make_user("officer")
    return install_setup(live_setup(TODAY), officer)


def startup_category(cycle):
    return next(c for c in cycle.categories if c.code == "startup")


def draft(cycle, org, user, **data):
    return start_nomination(cycle, startup_category(cycle), user, {"title": "Hồ sơ", "answers": ANSWERS,
                                                                   "entrant_org_id": org.id, **data}, TODAY)


def test_a_clean_entry_is_submitted_and_acknowledged(cycle):
    org, user = make_startup("Startup Một")
    entry = draft(cycle, org, user)
    submit_nomination(entry, user, TODAY)
    assert entry.status == "submitted" and entry.eligibility == [] and entry.submitted_at is not None
    assert db.session.scalar(select(Notification.title).where(Notification.user_id == user.id)) == "Đã nộp hồ sơ dự thi"
    submit_nomination(entry, user, TODAY)  # a second click changes nothing
    assert entry.status == "submitted"


def test_failing_rules_are_named_and_stop_the_submission(cycle):
    org, user = make_startup("Startup Cũ", registered=date(2015, 1, 1), city="Đồng Nai")
    entry = draft(cycle, org, user)
    with pytest.raises(AwardError) as raised:
        submit_nomination(entry, user, TODAY)
    assert raised.value.code == "ineligible"
    assert [x["code"] for x in raised.value.params["failures"]] == ["too_old", "outside_area"]
    assert entry.status == "draft" and [x["rule"] for x in entry.eligibility] == ["max_age_years", "located_in"]


def test_after_the_merger_a_former_binh_duong_address_counts(cycle):
    org, user = make_startup("Startup Dĩ An", city="Thành phố Hồ Chí Minh")
    org.former_province = "Bình Dương"
    entry = draft(cycle, org, user)
    submit_nomination(entry, user, TODAY)
    assert entry.status == "submitted"


def test_required_answers_before_submission(cycle):
    org, user = make_startup("Startup Thiếu")
    entry = draft(cycle, org, user, answers={"product": "P"})
    with pytest.raises(AwardError) as raised:
        submit_nomination(entry, user, TODAY)
    assert raised.value.code == "answers_missing" and raised.value.params["fields"] == ["innovation", "results", "impact"]


def test_the_deadline_closes_drafting_and_submission(cycle):
    org, user = make_startup("Startup Muộn")
    entry = draft(cycle, org, user)
    late = date(2030, 1, 1)
    with pytest.raises(AwardError, match="submission_closed"):
        submit_nomination(entry, user, late)
    with pytest.raises(AwardError, match="submission_closed"):
        update_nomination(entry, user, {"title": "x"}, late)
    with pytest.raises(AwardError, match="submission_closed"):
        start_nomination(cycle, startup_category(cycle), user, {"title": "x", "entrant_org_id": org.id}, late)


def test_only_organisations_one_speaks_for(cycle):
    org, _user = make_startup("Startup Người Khác")
    stranger = f.make_user("startup")
    with pytest.raises(AwardError, match="entrant_not_allowed"):
        draft(cycle, org, stranger)


def test_a_double_click_makes_one_draft(cycle):
    org, user = make_startup("Startup Nháy Đúp")
    first = start_nomination(cycle, startup_category(cycle), user, {"title": "A", "entrant_org_id": org.id},
                             TODAY, "key-1")
    second = start_nomination(cycle, startup_category(cycle), user, {"title": "B", "entrant_org_id": org.id},
                              TODAY, "key-1")
    assert first.id == second.id and second.title == "A"


def test_returned_for_completion_then_accepted(cycle):
    org, user = make_startup("Startup Bổ Sung")
    officer = f.make_user("officer")
    entry = draft(cycle, org, user)
    submit_nomination(entry, user, TODAY)
    with pytest.raises(AwardError, match="reason_required"):
        screen_nomination(entry, officer, "return", " ")
    screen_nomination(entry, officer, "return", "Thiếu giấy phép kinh doanh")
    assert entry.status == "returned"
    update_nomination(entry, user, {"title": "Hồ sơ đã bổ sung", "answers": ANSWERS}, TODAY)
    submit_nomination(entry, user, TODAY)
    screen_nomination(entry, officer, "accept", None)
    assert entry.status == "accepted" and entry.return_reason is None
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == entry.id)))
    assert {"award.nomination.return", "award.nomination.accept", "award.nomination.submit"} <= actions


def test_entries_per_person_and_judges_on_the_team(cycle):
    org, user = make_startup("Startup Nhiều Hồ Sơ")
    for i in range(3):
        entry = draft(cycle, org, user, title=f"Hồ sơ {i}")
        submit_nomination(entry, user, TODAY)
    fourth = draft(cycle, org, user, title="Hồ sơ 4")
    with pytest.raises(AwardError) as raised:
        submit_nomination(fourth, user, TODAY)
    codes = {x["code"] for x in raised.value.params["failures"]}
    assert codes == {"too_many_entries_person"}  # 4 per organisation is still allowed

    judge, _ = make_judge("Giám khảo Trong Nhóm")
    from ecosystem.services.awards.judging import set_panel
    set_panel(cycle.rounds[0], startup_category(cycle), [judge.id], f.make_user("officer"))
    org2, user2 = make_startup("Startup Có Giám Khảo")
    db.session.add(Relationship(kind="employee", source_person_id=judge.id, target_org_id=org2.id))
    db.session.flush()
    entry = draft(cycle, org2, user2)
    update_nomination(entry, user2, {"title": "x", "answers": ANSWERS, "team": [judge.id, user2.person_id]}, TODAY)
    with pytest.raises(AwardError) as raised:
        submit_nomination(entry, user2, TODAY)
    assert {x["code"] for x in raised.value.params["failures"]} == {"excluded_person", "excluded_organisation"}


def test_documents_are_checked_by_content_and_stored_outside_static(cycle, app):
    org, user = make_startup("Startup Tài Liệu")
    entry = draft(cycle, org, user)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    with pytest.raises(AwardError, match="upload_type_not_allowed"):
        add_document(entry, user, "virus.pdf", io.BytesIO(b"MZ\x90\x00 not a pdf"), TODAY)
    document = add_document(entry, user, "../../hồ sơ.pdf", io.BytesIO(pdf), TODAY)
    path = document_path(document)
    db.session.commit()  # the bytes take their final name after the commit
    assert path.read_bytes() == pdf and document.original_name == "hồ sơ.pdf"
    assert Path(app.config["UPLOAD_ROOT"]).resolve() in path.parents
