"""Directory: accent-free search, filters, validation next to fields, archive, contact visibility."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Organisation, Relationship
from tests import factories as f


def _names(response) -> str:
    return response.get_data(as_text=True)


def test_search_ignores_accents_and_case(client):
    f.make_org("Trung tâm Khởi nghiệp Thủ Dầu Một", kind="support_org")
    f.make_org("Công ty Logistics Dĩ An")
    db.session.commit()
    assert "Trung tâm Khởi nghiệp Thủ Dầu Một" in _names(client.get("/orgs/?q=thu dau mot"))
    assert "Trung tâm Khởi nghiệp Thủ Dầu Một" in _names(client.get("/orgs/?q=KHOI NGHIEP"))
    page = _names(client.get("/orgs/?q=khoi nghiep"))
    assert "Công ty Logistics Dĩ An" not in page
    assert "Công ty Logistics Dĩ An" in _names(client.get("/orgs/?q=di an"))


def test_people_search_ignores_accents(client):
    f.make_person("Đặng Thị Hồng Nhung")
    db.session.commit()
    assert "Đặng Thị Hồng Nhung" in _names(client.get("/people/?q=dang thi hong"))


def test_filters_by_kind_sector_stage_and_former_district(client):
    agri = f.make_sector()
    f.make_org("Nông Trại Số Bàu Bàng", stage="seed", former_district="Bàu Bàng", sectors=[agri])
    f.make_org("Phần Mềm Thuận An", stage="idea", former_district="Thuận An")
    f.make_org("Vườn ươm Thử", kind="incubator", former_district="Thuận An")
    db.session.commit()
    page = _names(client.get("/orgs/?kind=startup&former_district=Thuận An"))
    assert "Phần Mềm Thuận An" in page and "Vườn ươm Thử" not in page
    page = _names(client.get("/orgs/?sector=agritech&stage=seed"))
    assert "Nông Trại Số Bàu Bàng" in page and "Phần Mềm Thuận An" not in page


def test_pagination(client):
    for i in range(25):
        f.make_org(f"Startup Trang {i:02d}")
    db.session.commit()
    first, second = _names(client.get("/orgs/")), _names(client.get("/orgs/?page=2"))
    assert "Startup Trang 00" in first and "Startup Trang 24" not in first
    assert "Startup Trang 24" in second
    assert client.get("/orgs/?page=abc").status_code == 200


def test_create_validates_tax_code_with_message_next_to_field(client, login_as):
    login_as(f.make_user("officer"))
    response = client.post("/orgs/new", data={"kind": "enterprise", "name": "Công ty Sai Mã",
                                              "tax_code": "0123456788"})
    assert "Mã số doanh nghiệp phải gồm 10 chữ số" in _names(response)
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Công ty Sai Mã")) is None
    good = f.valid_tax_code(1)
    ok = client.post("/orgs/new", data={"kind": "enterprise", "name": "Công ty Đúng Mã",
                                        "tax_code": good})
    assert ok.status_code == 302
    again = client.post("/orgs/new", data={"kind": "enterprise", "name": "Công ty Trùng Mã",
                                           "tax_code": good})
    assert "đã được đăng ký cho tổ chức khác" in _names(again)
    branch = client.post("/orgs/new", data={"kind": "enterprise", "name": "Chi nhánh Đúng",
                                            "tax_code": f"{good}-001"})
    assert branch.status_code == 302


def test_stage_only_for_startups(client, login_as):
    login_as(f.make_user("officer"))
    response = client.post("/orgs/new", data={"kind": "university", "name": "Trường Thử",
                                              "stage": "seed"})
    assert "Chỉ startup mới có giai đoạn." in _names(response)


def test_startup_created_by_member_is_pending_and_managed(client, login_as):
    user = f.make_user("startup")
    login_as(user)
    response = client.post("/orgs/new", data={"kind": "startup", "name": "Startup Mới Toanh",
                                              "stage": "idea"})
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Startup Mới Toanh"))
    assert response.status_code == 302 and org.status == "pending"
    assert org.id in user.managed_org_ids
    assert client.get(f"/orgs/{org.slug}/edit").status_code == 200


def test_archive_keeps_history_and_hides_from_lists(client, login_as):
    org = f.make_org("Startup Sắp Lưu Trữ")
    person = f.make_person()
    db.session.add(Relationship(kind="founder", source_person_id=person.id, target_org_id=org.id))
    db.session.commit()
    login_as(f.make_user("officer"))
    client.post(f"/orgs/{org.slug}/archive")
    assert db.session.get(Organisation, org.id).status == "archived"
    assert db.session.scalar(select(Relationship)) is not None
    assert "Startup Sắp Lưu Trữ" not in _names(client.get("/orgs/"))
    assert "Startup Sắp Lưu Trữ" in _names(client.get("/orgs/?status=archived"))


def test_contact_details_follow_visibility(app, client, login_as):
    private = f.make_person("Người Riêng Tư", email="rieng@example.vn", contact_visibility="private")
    members = f.make_person("Người Thành Viên", email="tv@example.vn", contact_visibility="members")
    db.session.commit()
    assert "tv@example.vn" not in _names(client.get(f"/people/{members.id}"))
    login_as(f.make_user("mentor"))
    assert "tv@example.vn" in _names(client.get(f"/people/{members.id}"))
    assert "rieng@example.vn" not in _names(client.get(f"/people/{private.id}"))
    assert "rieng@example.vn" not in _names(client.get(f"/api/v1/people/{private.id}"))


def test_relationship_shape_is_checked(client, login_as):
    startup = f.make_org("Startup Cần Cố Vấn")
    university = f.make_org("Trường Thử", kind="university")
    mentor = f.make_person("Cố Vấn Thử")
    db.session.commit()
    login_as(f.make_user("officer"))
    bad = client.post("/relationships/new", data={"kind": "mentor", "source": f"p:{mentor.id}",
                                                  "target": f"o:{university.id}"})
    assert "không đúng loại tổ chức" in _names(bad)
    ok = client.post("/relationships/new", data={"kind": "mentor", "source": f"p:{mentor.id}",
                                                 "target": f"o:{startup.id}",
                                                 "started_on": "2025-03-01"})
    assert ok.status_code == 302
    rel = db.session.scalar(select(Relationship))
    client.post(f"/relationships/{rel.id}/end")
    assert db.session.get(Relationship, rel.id).ended_on is not None
    assert "Cố Vấn Thử" in _names(client.get(f"/orgs/{startup.slug}"))


def test_relationship_create_needs_ownership(client, login_as):
    startup = f.make_org("Startup Của Người Khác")
    mentor = f.make_person()
    db.session.commit()
    login_as(f.make_user("startup"))
    response = client.post("/relationships/new", data={"kind": "mentor", "source": f"p:{mentor.id}",
                                                       "target": f"o:{startup.id}"})
    assert response.status_code == 403
    assert db.session.scalar(select(Relationship)) is None


def test_money_and_dates_are_formatted_per_language(client, login_as):
    startup = f.make_org("Startup Gọi Vốn", first_registered_on=__import__("datetime").date(2024, 3, 5))
    startup.startup.funding_sought_vnd = 1_500_000_000
    db.session.commit()
    page = _names(client.get(f"/orgs/{startup.slug}"))
    assert "1.500.000.000 ₫" in page and "05/03/2024" in page
    client.get("/lang/en")
    page = _names(client.get(f"/orgs/{startup.slug}"))
    assert "1,500,000,000 ₫" in page and 'lang="en"' in page


def test_language_choice_is_remembered_on_the_account(app, client, login_as):
    user = f.make_user()
    login_as(user)
    client.get("/lang/en")  # a link (which another site could embed) sets the cookie only
    assert user.locale == "vi"
    client.post("/lang/en")
    assert user.locale == "en"
    other = app.test_client()
    from tests.conftest import login
    login(other, user.email)
    assert 'lang="en"' in other.get("/").get_data(as_text=True)


def test_fields_link_their_errors_and_nothing_else(client, login_as):
    login_as(f.make_user("officer"))
    page = _names(client.post("/orgs/new", data={"kind": "enterprise", "name": "",
                                                 "tax_code": "123"}))
    assert 'aria-describedby="None"' not in page and 'aria-invalid="None"' not in page
    assert 'aria-describedby="name-err"' in page and 'id="name-err"' in page


def test_a_ward_typed_without_accents_is_saved_from_the_list_with_its_former_district(client, login_as):
    login_as(f.make_user("officer"))
    page = client.get("/orgs/new").get_data(as_text=True)
    assert 'list="ward-units"' in page and '<option value="Phường Chánh Hiệp">' in page
    assert 'name="former_district"' not in page  # derived, never typed
    ok = client.post("/orgs/new", data={"kind": "enterprise", "name": "Công ty Phường Thử", "ward": "chanh hiep"})
    assert ok.status_code == 302
    org = db.session.scalar(select(Organisation).where(Organisation.name == "Công ty Phường Thử"))
    assert (org.ward, org.former_district, org.former_province, org.city) == (
        "Phường Chánh Hiệp", "Thủ Dầu Một", "Bình Dương", "Thành phố Hồ Chí Minh")
    refused = client.post("/orgs/new", data={"kind": "enterprise", "name": "Công ty Phường Cũ",
                                             "ward": "Phường Hiệp Thành"})
    assert "không có trong danh mục của TP. Hồ Chí Minh từ 1/7/2025" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Công ty Phường Cũ")) is None


def test_the_ward_filter_and_the_api_list_come_from_the_2025_list(client):
    f.make_org("Startup Gõ Sai", ward="Phuong Thu Dau Mot typo")  # a stray value never becomes a filter option
    page = client.get("/orgs/").get_data(as_text=True)
    assert 'value="Phuong Thu Dau Mot typo"' not in page and '<option value="Xã Bàu Bàng"' in page
    items = client.get("/api/v1/wards?q=bau bang").get_json()["items"]
    assert [(i["label"], i["former_districts"]) for i in items] == [("Xã Bàu Bàng", ["Bàu Bàng"])]
