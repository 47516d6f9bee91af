"""Onboarding, the guided profile's completeness, eligibility as a setting and a filter,
verification and stored uploads."""
import io
from datetime import date

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Notification, OrgManager, Relationship
from ecosystem.models.support import UploadedFile
from ecosystem.permissions import can
from ecosystem.services.support import onboarding as profiles
from ecosystem.services.platform.settings import set_setting
from ecosystem.services.platform.stored_files import file_path, store_upload
from ecosystem.services.platform.uploads import UploadRejected
from tests import factories as f
from tests.services.platform.test_uploads import PDF_MIN, PNG_1x1

BASICS = {"name": "Công ty TNHH Dữ Liệu Sông Bé", "first_registered_on": date(2023, 4, 1),
          "ward": "Phường Phú Lợi", "city": "Thành phố Hồ Chí Minh", "email": "hi@songbe.vn",
          "stage": "seed", "sectors": []}


def test_onboarding_makes_a_pending_startup_managed_by_its_creator(app):
    user = f.make_user()  # registered as an ecosystem member, not yet a startup member
    org = profiles.onboard_startup(BASICS, user)
    db.session.commit()
    assert (org.kind, org.status, org.stage) == ("startup", "pending", "seed")
    assert db.session.scalar(select(OrgManager).where(OrgManager.user_id == user.id,
                                                      OrgManager.organisation_id == org.id))
    assert user.has_role("startup")
    assert profiles.extras_of(org).founders == []


def test_a_taken_tax_code_is_a_field_error(app):
    code = f.valid_tax_code()
    f.make_org("Đã có mã", tax_code=code)
    with pytest.raises(profiles.ProfileError) as err:
        profiles.onboard_startup({**BASICS, "tax_code": code}, f.make_user())
    assert err.value.field == "tax_code"


def test_completeness_grows_step_by_step_and_says_why(app):
    sector = f.make_sector()
    user = f.make_user()
    org = profiles.onboard_startup({**BASICS, "sectors": [sector.id]}, user)
    first = profiles.completeness(org)
    missing = {m["key"]: m for m in first["missing"]}
    assert set(missing) == {"founders", "product", "needs", "technologies", "funding_sought",
                            "pitch_deck", "customers", "revenue_band", "ip_status"}
    assert missing["founders"]["step"] == "team"
    assert missing["founders"]["reason"] == "profile.why.founders_team"
    with app.test_request_context():
        assert str(missing["founders"]["why"]) == "Cố vấn và nhà đầu tư xem đội ngũ trước tiên."
    assert first["percent"] == 12 + 10 + 4 + 2  # sectors, stage, address, contact
    profiles.save_team(org, [{"name": "Lê Minh Khoa", "role": "CEO"}, {"name": " ", "role": "x"}],
                       4, user)
    profiles.save_product(org, {"product": "Nền tảng dữ liệu nông sản", "technologies": ["AI"],
                                "ip_status": "none", "customers": "12 HTX",
                                "revenue_band": "pre_revenue"}, user)
    deck = store_upload(io.BytesIO(PDF_MIN), "deck.pdf", "pitch_deck", user, org.id)
    profiles.save_funding(org, {"funding_sought_vnd": 0, "needs": ["mentoring"]}, user, deck)
    assert profiles.extras_of(org).founders == [{"name": "Lê Minh Khoa", "role": "CEO"}]
    assert profiles.completeness(org) == {"percent": 100, "missing": []}


def test_funding_must_be_whole_non_negative_vnd(app):
    user = f.make_user()
    org = profiles.onboard_startup(BASICS, user)
    for bad in (-1, 1.5, "100"):
        with pytest.raises(profiles.ProfileError):
            profiles.save_funding(org, {"funding_sought_vnd": bad}, user)


def test_eligibility_reads_the_age_limit_from_settings(app):
    org = f.make_org("Startup Sáu Năm", first_registered_on=date(2020, 6, 1))
    today = date(2026, 6, 2)
    assert profiles.eligibility(org, today)["eligible"] is False
    set_setting("support.startup_max_age_years", 7, None)
    verdict = profiles.eligibility(org, today)
    assert verdict["eligible"] is True and verdict["ends_on"] == date(2027, 6, 1)
    idea = f.make_org("Nhóm Ý Tưởng")
    assert profiles.eligibility(idea, today) | {} == {
        "eligible": True, "age": None, "ends_on": None, "max_years": 7, "registered": None}


def test_eligibility_filter_agrees_with_the_rule(app):
    today = date(2026, 3, 1)
    young = f.make_org("Startup Trẻ", first_registered_on=date(2022, 3, 1))   # 4 years
    edge = f.make_org("Startup Tròn Năm", first_registered_on=date(2021, 3, 1))  # last day
    old = f.make_org("Startup Lâu Năm", first_registered_on=date(2021, 2, 28))
    idea = f.make_org("Nhóm Chưa Đăng Ký")
    f.make_org("Vườn ươm Không Tính", kind="incubator")
    inside = set(db.session.scalars(profiles.startup_query(eligible="1", today=today)))
    outside = set(db.session.scalars(profiles.startup_query(eligible="0", today=today)))
    assert inside == {young, edge, idea} and outside == {old}
    for org in inside | outside:
        assert profiles.eligibility(org, today)["eligible"] is (org in inside)


def test_verification_by_officer_or_host_incubator_only(app):
    startup = f.make_org("Startup Chờ Xác Minh", status="pending")
    incubator = f.make_org("Vườn ươm Xác Minh", kind="incubator")
    member = f.make_user("startup", manages=[startup])
    host = f.make_user("coordinator", manages=[incubator])
    officer = f.make_user("officer")
    assert not can("startup.verify", startup, user=host)
    assert not can("startup.verify", startup, user=member)
    assert can("startup.verify", startup, user=officer)
    db.session.add(Relationship(kind="resident", source_org_id=startup.id,
                                target_org_id=incubator.id, started_on=date(2025, 1, 1)))
    db.session.flush()
    assert can("startup.verify", startup, user=host)
    profiles.verify_startup(startup, host)
    db.session.commit()
    assert startup.status == "verified" and profiles.extras_of(startup).verified_by_id == host.id
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == member.id)) \
        == "startup.verified"
    with pytest.raises(profiles.ProfileError):
        profiles.verify_startup(startup, officer)


def test_an_ended_residency_does_not_make_a_verifier(app):
    startup = f.make_org("Startup Đã Rời", status="pending")
    incubator = f.make_org("Vườn ươm Cũ", kind="incubator")
    host = f.make_user("coordinator", manages=[incubator])
    db.session.add(Relationship(kind="resident", source_org_id=startup.id,
                                target_org_id=incubator.id, started_on=date(2020, 1, 1),
                                ended_on=date(2021, 1, 1)))
    db.session.flush()
    assert not can("startup.verify", startup, user=host)


def test_store_upload_writes_under_the_root_with_a_random_name(app, tmp_path):
    app.config["UPLOAD_ROOT"] = str(tmp_path / "uploads")
    user = f.make_user()
    row = store_upload(io.BytesIO(PNG_1x1), "../../static/logo.png", "pitch_deck", user)
    path = file_path(row)
    db.session.commit()  # the bytes take their final name after the commit
    assert path.read_bytes() == PNG_1x1 and (tmp_path / "uploads") in path.parents
    assert row.original_name == "logo.png" and "logo" not in row.storage_name
    assert (row.mime, row.size) == ("image/png", len(PNG_1x1))


def test_store_upload_refuses_disguised_and_oversize_files_and_writes_nothing(app, tmp_path):
    app.config["UPLOAD_ROOT"] = str(tmp_path / "uploads")
    user = f.make_user()
    with pytest.raises(UploadRejected) as err:
        store_upload(io.BytesIO(b"<html><script>x</script></html>"), "deck.pdf", "pitch_deck", user)
    assert err.value.code == "upload.type_not_allowed"
    set_setting("support.upload_max_bytes", 100, None)
    with pytest.raises(UploadRejected) as err:
        store_upload(io.BytesIO(PDF_MIN + b" " * 200), "deck.pdf", "pitch_deck", user)
    assert err.value.code == "upload.too_large"
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").rglob("*.*"))
    assert db.session.scalar(select(UploadedFile.id)) is None


def test_storage_root_inside_static_is_refused(app):
    app.config["UPLOAD_ROOT"] = str(app.static_folder) + "/uploads"
    with pytest.raises(ValueError):
        store_upload(io.BytesIO(PNG_1x1), "a.png", "pitch_deck", f.make_user())
