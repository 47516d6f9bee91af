"""IP records, labs, partners and the digest through their pages: an organisation's manager adds a
patent shown on its page, the DOST records an IP protection outcome on the request page, a startup
asks a public lab for time, the DOST records a partner abroad and an agreement, the digest page hides
demands from anonymous readers, and a person opts in on the subscription page (a consent)."""
from datetime import timedelta

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import CooperationAgreement, IPRecord, InternationalPartner, SupportRequest
from ecosystem.models.privacy import Consent
from ecosystem.services.techmart import labs
from tests import factories as f
from tests.techmart_factories import make_demand, make_offer


def text(response) -> str:
    return response.get_data(as_text=True)


def test_a_manager_adds_a_patent_shown_on_the_organisation_page(client, login_as):
    org = f.make_org("Công ty Sáng Chế", kind="enterprise")
    login_as(f.make_user("startup", manages=[org]))
    db.session.commit()
    bad = client.post(f"/techmart/ip/org/{org.slug}/new", data={
        "ip_type": "patent", "title": "Bơm nhiệt", "number": "1-2024-1", "filing_date": "2024-01-05",
        "status": "granted"})
    assert "Văn bằng đã cấp cần có ngày cấp." in text(bad)
    response = client.post(f"/techmart/ip/org/{org.slug}/new", data={
        "ip_type": "patent", "title": "Bơm nhiệt", "number": "1-2024-1", "filing_date": "2024-01-05",
        "grant_date": "2025-06-01", "status": "granted"}, follow_redirects=True)
    page = text(response)
    assert "Bơm nhiệt" in page and "Sở hữu trí tuệ" in page and "Sáng chế" in page
    record = db.session.scalars(select(IPRecord)).one()
    other = f.make_org("Công ty Khác")
    db.session.commit()
    assert client.get(f"/techmart/ip/org/{other.slug}/new").status_code == 403
    client.post(f"/techmart/ip/{record.id}/delete", data={"confirm": "1"})
    assert db.session.scalars(select(IPRecord)).first() is None


def test_the_dost_records_an_ip_protection_outcome_on_the_request_page(client, login_as):
    startup = f.make_org("Startup Nhãn Hiệu")
    req = SupportRequest(organisation_id=startup.id, type_code="ip_protection", title="Nhãn hiệu", state="resolved")
    db.session.add(req)
    login_as(f.make_user("officer"))
    db.session.commit()
    assert "Kết quả bảo hộ sở hữu trí tuệ" in text(client.get(f"/support/{req.id}"))
    client.post(f"/techmart/ip/support/{req.id}/outcome", data={
        "ip-ip_type": "trademark", "ip-title": "NHÃN XANH", "ip-number": "4-2025-0099", "ip-filing_date": "2025-02-01",
        "ip-status": "filed"})
    record = db.session.scalars(select(IPRecord)).one()
    assert record.support_request_id == req.id and record.organisation_id == startup.id
    assert "4-2025-0099" in text(client.get(f"/orgs/{startup.slug}"))


def test_a_startup_asks_a_public_lab_for_time(client, login_as):
    officer, uni, startup = f.make_user("officer"), f.make_org("Trường Đại học Có Lab", kind="university"), f.make_org()
    lab = labs.save_lab(uni, {"name": "Lab Vật liệu Công khai", "equipment": "Máy kéo nén\nKính hiển vi",
                              "accreditation": "ISO/IEC 17025:2017", "certificate_number": "VILAS 777",
                              "accreditation_expires_on": local_today() + timedelta(days=90), "active": True}, officer)
    member = f.make_user("startup", manages=[startup])
    db.session.commit()
    assert "Lab Vật liệu Công khai" in text(client.get(f"/orgs/{uni.slug}"))  # on the host's page
    listing = text(client.get("/techmart/labs/"))
    assert "Lab Vật liệu Công khai" in listing and "ISO/IEC 17025:2017" in listing
    page = text(client.get(f"/techmart/labs/{lab.id}"))
    assert "Máy kéo nén" in page and "Gửi đăng ký" not in page
    login_as(member)
    someone_else = f.make_org("Startup Người Khác")
    db.session.commit()
    refused = client.post(f"/techmart/labs/{lab.id}/request", data={
        "lab-organisation": someone_else.id, "lab-title": "Thử hộ"}, follow_redirects=True)
    assert "Chọn startup của bạn" in text(refused) and db.session.scalars(select(SupportRequest)).first() is None
    response = client.post(f"/techmart/labs/{lab.id}/request", data={
        "lab-organisation": startup.id, "lab-title": "Thử độ bền mẫu"}, follow_redirects=True)
    assert "Đã gửi đăng ký sử dụng phòng thí nghiệm." in text(response) and "Lab Vật liệu Công khai" in text(response)
    req = db.session.scalars(select(SupportRequest)).one()
    assert req.type_code == "lab_use" and labs.lab_of_request(req.id) == lab


def test_the_dost_records_a_partner_abroad_and_an_agreement(client, login_as):
    uni, abroad = f.make_org("Trường Đại học Đối Tác", kind="university"), f.make_org("Universität Beispiel", kind="university")
    login_as(f.make_user("officer"))
    db.session.commit()
    client.post("/techmart/partners/flag", data={"p-organisation": abroad.id, "p-country": "DE",
                                                 "p-partner_kind": "university"})
    assert db.session.get(InternationalPartner, abroad.id).country == "DE"
    client.post("/techmart/partners/agreements", data={
        "a-organisation": uni.id, "a-partner": abroad.id, "a-title": "MoU vật liệu", "a-scope": "Trao đổi",
        "a-signed_on": "2025-03-01", "a-expires_on": "2030-03-01"})
    assert db.session.scalars(select(CooperationAgreement)).one().title == "MoU vật liệu"
    page = text(client.get("/techmart/partners/?country=DE"))
    assert "Universität Beispiel" in page and "MoU vật liệu" in page and ("Đức" in page)
    assert "Universität Beispiel" in text(client.get("/network/map?country=DE"))
    assert "MoU vật liệu" in text(client.get(f"/orgs/{uni.slug}"))  # the agreement on the party's page


def test_the_digest_page_hides_demands_from_anonymous_readers_and_a_person_opts_in(client, login_as):
    demand = make_demand(title="Nhu cầu bản tin")
    offer = make_offer(title="Công nghệ bản tin")
    edition = f"{local_today():%Y-%m}"
    db.session.commit()
    page = text(client.get(f"/techmart/digest/{edition}"))
    assert "Công nghệ bản tin" in page and "Nhu cầu bản tin" not in page
    assert client.get("/techmart/digest/2026-13").status_code == 404
    user = f.make_user("startup")
    db.session.commit()
    login_as(user)
    assert "Nhu cầu bản tin" in text(client.get(f"/techmart/digest/{edition}"))
    client.post("/techmart/digest/subscription", data={"subscribed": "y"})
    consent = db.session.scalars(select(Consent).where(Consent.user_id == user.id)).one()
    assert consent.purpose == "techmart_digest" and consent.withdrawn_at is None
    client.post("/techmart/digest/subscription", data={})
    db.session.refresh(consent)
    assert consent.withdrawn_at is not None
    assert offer.id and demand.id
