"""The pages over HTTP: an enterprise sees only its own dossier; officers decide; the register is public."""
import io
import re
from datetime import date

from ecosystem.extensions import db
from ecosystem.models import CertApplication, Certificate
from ecosystem.services.certification import applications as apps
from ecosystem.services.certification.register import create_certificate
from tests import factories as f
from tests.services.certification.helpers import PDF, enterprise, filled_application


def test_an_enterprise_sees_only_its_own_applications(app, client, login_as):
    own_org, own_manager = enterprise("Công ty CP Của Mình Thử")
    other_org, other_manager = enterprise("Công ty CP Người Khác Thử")
    own = filled_application(own_org, own_manager, date(2026, 3, 2))
    other = filled_application(other_org, other_manager, date(2026, 3, 2))
    db.session.commit()
    login_as(own_manager)
    listing = client.get("/certification/").get_data(as_text=True)
    assert "Công ty CP Của Mình Thử" in listing and "Công ty CP Người Khác Thử" not in listing
    assert client.get(f"/certification/applications/{own.id}").status_code == 200
    assert client.get(f"/certification/applications/{other.id}").status_code == 403
    assert client.get(f"/certification/documents/{other.documents[0].id}").status_code == 403
    assert client.post(f"/certification/applications/{other.id}/years", data={}).status_code == 403
    download = client.get(f"/certification/documents/{own.documents[0].id}")
    assert download.status_code == 200 and download.data == PDF


def test_dossier_filled_through_the_forms_shows_the_conditions(app, client, login_as):
    org, manager = enterprise(founded_on=date(2023, 5, 2), size_class=None)
    db.session.commit()
    login_as(manager)
    response = client.post("/certification/apply", data={"organisation": org.id, "idem_key": "abc"})
    application = db.session.query(CertApplication).one()
    assert response.headers["Location"].endswith(f"/certification/applications/{application.id}")
    form = client.get("/certification/apply").get_data(as_text=True)  # offered disabled, with the reason
    assert re.search(rf'<option disabled value="{org.id}">[^<]*Doanh nghiệp đang có một hồ sơ chưa xử lý xong', form)
    second = client.post("/certification/apply", data={"organisation": org.id, "idem_key": "def"},
                         follow_redirects=True)
    assert "Doanh nghiệp đang có một hồ sơ chưa xử lý xong." in second.get_data(as_text=True)
    assert db.session.query(CertApplication).count() == 1
    base = f"/certification/applications/{application.id}"
    client.post(base + "/results", data={"result-type": "software", "result-title": "Phần mềm truy xuất nguồn gốc",
                                         "result-document_number": "5678/2025/QTG", "result-right": "owned"})
    result_id = db.session.get(CertApplication, application.id).results[0].id
    client.post(base + "/products", data={"product-name": "Tem truy xuất QR", "product-result_id": result_id})
    page = client.post(base + "/years", data={"year-year": "2025", "year-revenue": "1.000.000",
                                              "year-st_revenue": "2.000.000"})
    assert "không thể lớn hơn tổng doanh thu" in page.get_data(as_text=True)  # form error, nothing saved
    client.post(base + "/years", data={"year-year": "2025", "year-revenue": "5.000.000.000",
                                       "year-st_revenue": "500.000.000"})
    rejected = client.post(base + "/documents", data={"document-checklist_code": "request_form",
                                                      "document-file": (io.BytesIO(b"<html>"), "don.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert "Chỉ nhận tệp PDF, PNG, JPEG hoặc WebP (kiểm tra theo nội dung tệp)." in rejected.get_data(as_text=True)
    for code in ("request_form", "st_result_document", "ownership_proof", "product_description"):
        client.post(base + "/documents", data={"document-checklist_code": code,
                                               "document-file": (io.BytesIO(PDF), f"{code}.pdf")},
                    content_type="multipart/form-data")
    page = client.get(base).get_data(as_text=True)
    assert 'data-condition="registered_enterprise"' in page and 'data-condition="st_result"' in page
    assert "Thiếu dữ liệu" in page  # no size class chosen yet (Decree 268)
    client.post(base + "/basics", data={"basics-size_class": "small", "basics-established_on": "2023-05-02"})
    page = client.get(base).get_data(as_text=True)
    assert "Đáp ứng tất cả" not in page  # Decree 268's small-enterprise conditions are to be confirmed
    assert "Chưa kết luận: có điều kiện chờ xác nhận quy định" in page and "Chờ xác nhận quy định" in page
    assert "Căn cứ: ND268_2025, Nghị định 268/2025/NĐ-CP, điều kiện chung (điểm a)" in page
    client.post(base + "/submit", data={"submit-token": "tok"})
    again = client.post(base + "/submit", data={"submit-token": "tok"})  # the double click
    assert again.status_code == 302
    stored = db.session.get(CertApplication, application.id)
    assert stored.status == "submitted" and [s.action for s in stored.steps].count("submitted") == 1


def test_officer_decides_and_the_register_shows_the_certificate(app, client, login_as):
    org, manager = enterprise("Công ty CP Sấy Lạnh Thử")
    application = filled_application(org, manager, date(2026, 3, 2))
    apps.submit_application(application, manager, date(2026, 3, 2))
    officer = f.make_user("officer")
    db.session.commit()
    login_as(officer)
    due = client.get("/certification/office/due").get_data(as_text=True)
    assert "Công ty CP Sấy Lạnh Thử" in due
    client.post(f"/certification/office/applications/{application.id}/accept", data={})
    asked = client.post(f"/certification/office/applications/{application.id}/issue", data={})
    assert asked.status_code == 200 and "sổ đăng ký" in asked.get_data(as_text=True)  # it asks first
    assert db.session.query(Certificate).count() == 0
    client.post(f"/certification/office/applications/{application.id}/issue", data={"confirmed": "1"})
    certificate = db.session.query(Certificate).one()
    register = client.get("/certification/register?q=say lanh").get_data(as_text=True)
    assert certificate.number in register
    csv = client.get("/certification/register.csv")
    assert csv.mimetype == "text/csv" and certificate.number in csv.get_data(as_text=True)
    xlsx = client.get("/certification/register.xlsx")
    assert xlsx.data[:2] == b"PK"
    decision = {"ground": "registration_revoked", "decision_number": "45/QĐ-SKHCN", "decided_on": "2026-03-20"}
    asked = client.post(f"/certification/office/certificates/{certificate.id}/revoke", data=decision)
    assert asked.status_code == 200 and 'value="45/QĐ-SKHCN"' in asked.get_data(as_text=True)
    assert certificate.number in client.get("/certification/register").get_data(as_text=True)  # unchanged
    revoke = client.post(f"/certification/office/certificates/{certificate.id}/revoke",
                         data={**decision, "confirmed": "1"})
    assert revoke.status_code == 302
    assert certificate.number not in client.get("/certification/register").get_data(as_text=True)
    db.session.expire_all()
    # 30 working days from Fri 20/03/2026: 23/03-24/04 (25), Mon 27/04 off (Hùng Kings' substitute),
    # Tue 28 (26), Wed 29 (27), 30/04-01/05 off, Mon 04/05 (28), Tue 05 (29), Wed 06/05/2026 (30).
    assert db.session.get(Certificate, certificate.id).publication_end == date(2026, 5, 6)


def test_enterprise_files_an_annual_report(app, client, login_as):
    org, manager = enterprise()
    certificate = create_certificate(org.id, "ND13_2019", ["Chế phẩm"], date(2021, 4, 1), None)
    db.session.commit()
    login_as(manager)
    page = client.get(f"/certification/certificates/{certificate.id}").get_data(as_text=True)
    assert 'data-warning="missed_reports"' in page
    response = client.post(f"/certification/certificates/{certificate.id}/reports",
                           data={"fiscal_year": "2024", "total_revenue": "10.000.000.000",
                                 "st_revenue": "4.000.000.000"})
    assert response.status_code == 302
    assert [r.fiscal_year for r in db.session.get(Certificate, certificate.id).reports] == [2024]


def test_posts_need_a_csrf_token(app, client, login_as):
    org, manager = enterprise()
    application = apps.start_application(org, manager, date(2026, 3, 2))
    db.session.commit()
    login_as(manager)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/certification/applications/{application.id}/submit", data={})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400


def test_public_pages(app, client):
    holidays = client.get("/certification/holidays?year=2026").get_data(as_text=True)
    assert "Tết Nguyên Đán (mùng 1 Tết)" in holidays and "17/02/2026" in holidays
    assert client.get("/certification/revocations").status_code == 200


def test_org_section_partial_lists_valid_certificates(app):
    from flask import render_template_string
    org, _manager = enterprise("Công ty CP Có Giấy Thử")
    create_certificate(org.id, "ND268_2025", ["Máy ấp trứng thông minh"], date(2026, 2, 2), None)
    with app.test_request_context("/"):
        html = render_template_string('{% include "certification/_org_section.html" %}', org=org)
    assert "001/2026/GCN-DNKHCN" in html and "Máy ấp trứng thông minh" in html


def test_an_unknown_rule_set_is_not_found(app, client, login_as):
    officer = f.make_user("officer")
    db.session.commit()
    login_as(officer)
    assert client.get("/certification/office/rules").status_code == 200
    assert client.get("/certification/office/rules/NO-SUCH-RULES").status_code == 404
