"""Certification routes: an enterprise reaches only its own dossier; officers decide; the register is public."""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

OWN = {"startup"}
DRAFT = "/certification/applications/{cert_draft_id}"
SUBMITTED = "/certification/applications/{cert_submitted_id}"
OFFICE = "/certification/office/applications/{cert_submitted_id}"
CERT = "/certification/certificates/{cert_certificate_id}"

CASES = [
    ("GET", "/certification/", SIGNED_IN),
    ("GET", "/certification/apply", SIGNED_IN),
    ("POST", "/certification/apply", SIGNED_IN),
    ("GET", DRAFT, STAFF | OWN),
    ("POST", DRAFT + "/basics", OWN),
    ("POST", DRAFT + "/results", OWN),
    ("POST", DRAFT + "/products", OWN),
    ("POST", DRAFT + "/years", OWN),
    ("POST", DRAFT + "/documents", OWN),
    ("GET", "/certification/documents/{cert_document_id}", STAFF | OWN),
    ("POST", DRAFT + "/products/{cert_product_id}/delete", OWN),
    ("POST", DRAFT + "/results/{cert_result_id}/delete", OWN),
    ("POST", DRAFT + "/years/2025/delete", OWN),
    ("POST", DRAFT + "/documents/{cert_document_id}/delete", OWN),
    ("POST", DRAFT + "/submit", OWN),
    ("POST", "/certification/applications/{cert_withdraw_id}/withdraw", OWN),
    ("GET", SUBMITTED, STAFF | OWN),
    ("GET", "/certification/office/due", STAFF),
    ("GET", "/certification/office/rules", STAFF),
    ("GET", "/certification/office/rules/ND13_2019", STAFF),
    ("GET", "/certification/office/certificates", STAFF),
    ("POST", OFFICE + "/request-completion", STAFF),
    ("POST", OFFICE + "/accept", STAFF),
    ("POST", OFFICE + "/council", STAFF),
    ("POST", OFFICE + "/forward", STAFF),
    ("POST", OFFICE + "/refuse", STAFF),
    ("POST", OFFICE + "/issue", STAFF),
    ("GET", "/certification/register", EVERYONE),
    ("GET", "/certification/register.csv", EVERYONE),
    ("GET", "/certification/register.xlsx", EVERYONE),
    ("GET", "/certification/revocations", EVERYONE),
    ("GET", "/certification/holidays", EVERYONE),
    ("GET", CERT, STAFF | OWN),
    ("GET", CERT + "/reports", OWN),
    ("POST", CERT + "/reports", OWN),
    ("GET", CERT + "/request", OWN),
    ("POST", CERT + "/request", OWN),
    ("GET", "/certification/office/certificates/{cert_certificate_id}/revoke", STAFF),
    ("POST", "/certification/office/certificates/{cert_certificate_id}/revoke", STAFF),
]


def build(world: dict) -> None:
    """A draft, a submitted application and a certificate of enterprises the 'startup' user manages."""
    from datetime import date

    from ecosystem.extensions import db
    from ecosystem.models import OrgManager
    from ecosystem.services.certification import applications as apps
    from ecosystem.services.certification.register import create_certificate
    from ecosystem.services.directory.records import find_org_by_slug
    from tests import factories as f
    from tests.services.certification.helpers import PDF, filled_application

    manager = world["users"]["startup"]
    today = date(2026, 3, 2)
    own = find_org_by_slug(world["startup_a_slug"])
    own.tax_code = f.valid_tax_code()
    draft = apps.start_application(own, manager, today)
    result = apps.add_result(draft, {"type": "software", "title": "Phần mềm quản lý trang trại",
                                     "document_number": "1234/2024/QTG", "right": "owned"}, manager)
    product = apps.add_product(draft, "Ứng dụng FarmBook", result.id, manager)
    apps.save_year(draft, 2025, {"revenue": 1000, "st_revenue": 500}, manager)
    document = apps.add_document(draft, "request_form", PDF, "don-de-nghi.pdf", manager)
    others = []
    for name in ("Công ty TNHH Cơ Khí Chính Xác Thử", "Công ty CP Vật Liệu Mới Thử"):
        org = f.make_org(name, kind="enterprise", tax_code=f.valid_tax_code(), size_class="small")
        db.session.add(OrgManager(user_id=manager.id, organisation_id=org.id))
        db.session.flush()
        db.session.refresh(manager)
        others.append(org)
    submitted = filled_application(others[0], manager, today)
    apps.submit_application(submitted, manager, today)
    withdrawable = apps.start_application(others[1], manager, today)
    certificate = create_certificate(others[1].id, "ND268_2025", ["Tấm composite sợi tre"], today, None)
    world.update(cert_draft_id=draft.id, cert_result_id=result.id, cert_product_id=product.id,
                 cert_document_id=document.id, cert_submitted_id=submitted.id,
                 cert_withdraw_id=withdrawable.id, cert_certificate_id=certificate.id)
