"""Onboarding pages: the guided steps, the meter, pitch-deck uploads checked by content and served
only to those allowed, eligibility shown and filtered, verification."""
import io
from datetime import date

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Organisation
from ecosystem.models.support import StartupExtras, UploadedFile
from ecosystem.services.platform.settings import set_setting
from tests import factories as f
from tests.conftest import login
from tests.services.platform.test_uploads import EXE_BYTES, HTML_BYTES, PDF_MIN


def _as(app, user):
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def _onboard(client, sector_id, **extra):
    data = {"name": "Công ty TNHH Nông Nghiệp Thử", "sectors": [sector_id], "stage": "seed",
            "first_registered_on": "2024-03-15", "ward": "Phường Phú Lợi",
            "city": "Thành phố Hồ Chí Minh", "email": "hello@nongnghiep.vn", **extra}
    return client.post("/startups/new", data=data)


def test_guided_onboarding_from_basics_to_a_full_meter(app):
    sector = f.make_sector()
    user = f.make_user("startup")
    db.session.commit()
    client = _as(app, user)
    response = _onboard(client, sector.id)
    org = db.session.scalar(select(Organisation).where(Organisation.name.like("%Nông Nghiệp Thử")))
    assert response.headers["Location"].endswith(f"/startups/{org.slug}/profile/team")
    assert org.status == "pending"
    page = client.get(f"/startups/{org.slug}/profile").get_data(as_text=True)
    assert "Mức hoàn thiện hồ sơ: 28%" in page
    assert "Cố vấn và nhà đầu tư xem đội ngũ trước tiên." in page
    assert "Đủ điều kiện" in page and "Hồ sơ đang chờ" in page
    step = f"/startups/{org.slug}/profile"
    assert client.post(f"{step}/team", data={"founder_name_1": "Lê Minh Khoa",
                                             "founder_role_1": "CEO", "team_size": "5"}
                       ).headers["Location"].endswith("/profile/product")
    client.post(f"{step}/product", data={"product": "Cảm biến độ ẩm", "technologies": "IoT, LoRa",
                                         "ip_status": "filed", "customers": "12 HTX",
                                         "revenue_band": "under_1b"})
    response = client.post(f"{step}/funding", data={
        "funding_sought_vnd": "2.000.000.000", "needs": ["mentoring", "investment"],
        "pitch_deck": (io.BytesIO(PDF_MIN), "Hồ sơ gọi vốn.pdf")},
        content_type="multipart/form-data")
    assert response.headers["Location"].endswith(f"/startups/{org.slug}/profile")
    page = client.get(f"/startups/{org.slug}/profile").get_data(as_text=True)
    assert "Mức hoàn thiện hồ sơ: 100%" in page and "Hồ sơ đã đầy đủ." in page
    db.session.expire_all()
    assert org.startup.funding_sought_vnd == 2_000_000_000 and org.technologies == ["IoT", "LoRa"]
    deck = db.session.get(StartupExtras, org.id).pitch_deck
    assert deck.original_name == "Hồ sơ gọi vốn.pdf" and deck.mime == "application/pdf"


def test_disguised_pitch_deck_is_refused_next_to_the_field(app):
    org = f.make_org("Startup Tải Tệp")
    user = f.make_user("startup", manages=[org])
    db.session.commit()
    client = _as(app, user)
    for payload in (HTML_BYTES, EXE_BYTES):
        page = client.post(f"/startups/{org.slug}/profile/funding",
                           data={"pitch_deck": (io.BytesIO(payload), "deck.pdf")},
                           content_type="multipart/form-data").get_data(as_text=True)
        assert "Chỉ nhận tệp PDF hoặc ảnh (PNG, JPEG, WebP); nội dung tệp không đúng định dạng." in page
    assert db.session.scalar(select(UploadedFile.id)) is None


def test_an_oversized_pitch_deck_names_the_limit(app):
    org = f.make_org("Startup Tệp Lớn")
    user = f.make_user("startup", manages=[org])
    set_setting("support.upload_max_bytes", 209715, None)
    db.session.commit()
    page = _as(app, user).post(f"/startups/{org.slug}/profile/funding",
                               data={"pitch_deck": (io.BytesIO(PDF_MIN + b" " * 209715), "deck.pdf")},
                               content_type="multipart/form-data").get_data(as_text=True)
    assert "Tệp vượt quá dung lượng cho phép (0.2 MB)." in page


def test_the_pitch_deck_is_served_only_to_those_allowed(app):
    org = f.make_org("Startup Bí Mật")
    member = f.make_user("startup", manages=[org])
    db.session.commit()
    client = _as(app, member)
    client.post(f"/startups/{org.slug}/profile/funding",
                data={"pitch_deck": (io.BytesIO(PDF_MIN), "deck.pdf")},
                content_type="multipart/form-data")
    deck_id = db.session.scalar(select(UploadedFile.id))
    response = client.get(f"/files/{deck_id}")
    assert response.status_code == 200 and response.data == PDF_MIN
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response.headers["Content-Security-Policy"]
    assert response.headers["Content-Type"] == "application/pdf"
    stranger = f.make_user("startup", manages=[f.make_org("Startup Khác")])
    officer = f.make_user("officer")
    db.session.commit()
    assert _as(app, stranger).get(f"/files/{deck_id}").status_code == 403
    assert _as(app, officer).get(f"/files/{deck_id}").status_code == 200
    assert app.test_client().get(f"/files/{deck_id}").status_code == 302  # to the login page


def test_a_taken_tax_code_shows_next_to_the_field(app):
    code = f.valid_tax_code()
    f.make_org("Đã Có Mã", tax_code=code)
    sector = f.make_sector()
    user = f.make_user()
    db.session.commit()
    page = _onboard(_as(app, user), sector.id, tax_code=code).get_data(as_text=True)
    assert "Mã số doanh nghiệp này đã được đăng ký cho tổ chức khác." in page


def test_future_registration_date_is_refused(app):
    sector = f.make_sector()
    user = f.make_user()
    db.session.commit()
    page = _onboard(_as(app, user), sector.id, first_registered_on="2999-01-01")
    assert "Ngày đăng ký không thể ở tương lai." in page.get_data(as_text=True)


def test_startups_list_shows_and_filters_eligibility(app, client):
    f.make_org("Startup Bốn Năm", first_registered_on=date(date.today().year - 4, 1, 1))
    f.make_org("Startup Tám Năm", first_registered_on=date(date.today().year - 8, 1, 1))
    f.make_org("Nhóm Ý Tưởng Mới")
    db.session.commit()
    everyone = client.get("/startups/").get_data(as_text=True)
    assert "Quá 5 năm" in everyone and "Chưa đăng ký kinh doanh" in everyone
    eligible = client.get("/startups/?eligible=1").get_data(as_text=True)
    assert "Startup Bốn Năm" in eligible and "Nhóm Ý Tưởng Mới" in eligible
    assert "Startup Tám Năm" not in eligible
    assert "Startup Tám Năm" in client.get("/startups/?eligible=0").get_data(as_text=True)


def test_officer_verifies_a_pending_profile(app):
    org = f.make_org("Startup Chờ", status="pending")
    officer = f.make_user("officer")
    db.session.commit()
    client = _as(app, officer)
    assert "Xác minh hồ sơ" in client.get(f"/startups/{org.slug}/profile").get_data(as_text=True)
    client.post(f"/startups/{org.slug}/verify")
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).status == "verified"
