"""The ISO adoption outcome on the request page: recorded by the DOST, shown to the startup, refused clearly."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models.standards import StandardCertificate
from ecosystem.models.support import SupportRequest
from tests import factories as f

FORM = {"standard-standard": "iso_9001", "standard-certification_body": "Trung tâm Chứng nhận Thử",
        "standard-certificate_number": "QA-9001-77", "standard-issued_on": "2026-05-04",
        "standard-expires_on": "2029-05-03", "standard-co_funding_vnd": "45.000.000"}


def _resolved_iso_request():
    org = f.make_org("Startup Cơ Khí Thử", stage="seed")
    member = f.make_user("startup", manages=[org])
    req = SupportRequest(organisation_id=org.id, type_code="iso_adoption", title="Áp dụng ISO 9001",
                         state="resolved")
    db.session.add(req)
    db.session.commit()
    return req, member


def test_officer_records_the_certificate_and_the_startup_sees_it(app, client, login_as):
    req, member = _resolved_iso_request()
    login_as(f.make_user("officer"))
    page = client.get(f"/support/{req.id}").get_data(as_text=True)
    assert "Ghi nhận giấy chứng nhận" in page and 'name="standard-co_funding_vnd"' in page
    response = client.post(f"/support/{req.id}/standard", data=FORM)
    assert response.status_code == 302
    row = db.session.scalar(select(StandardCertificate))
    assert (row.certificate_number, row.co_funding_vnd) == ("QA-9001-77", 45_000_000)
    client.post("/logout")
    login_as(member)
    page = client.get(f"/support/{req.id}").get_data(as_text=True)
    assert "QA-9001-77" in page and "45.000.000" in page
    assert 'name="standard-co_funding_vnd"' not in page  # the startup reads, it does not record


def test_a_decimal_amount_is_refused_in_vietnamese_and_nothing_is_saved(app, client, login_as):
    req, _member = _resolved_iso_request()
    login_as(f.make_user("officer"))
    response = client.post(f"/support/{req.id}/standard", data=dict(FORM, **{"standard-co_funding_vnd": "1,5"}))
    assert response.status_code == 200
    assert "Số tiền phải là số nguyên đồng" in response.get_data(as_text=True)
    assert db.session.scalar(select(StandardCertificate)) is None
