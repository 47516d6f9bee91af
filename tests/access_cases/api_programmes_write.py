"""API writes of certification, S&T funds and programme targets: the same roles as the pages.

Decisions, revocation, submission and fund entries use the certification and funds modules' objects
(an empty body changes nothing there); the deletes work on a draft of their own.
"""
from tests.access_cases import SIGNED_IN, STAFF

V1 = "/api/v1"
OWN = {"startup"}
DRAFT = V1 + "/certification/applications/{apicf_draft_id}"
FUND = V1 + "/funds/{fund_a_id}"

CASES = [
    ("POST", V1 + "/certification/applications", SIGNED_IN),
    ("POST", V1 + "/certification/certificates/{cert_certificate_id}/requests", OWN),
    ("GET", V1 + "/certification/applications/{cert_submitted_id}", STAFF | OWN),
    ("GET", DRAFT, STAFF | OWN),
    ("PATCH", DRAFT, OWN),
    ("POST", DRAFT + "/results", OWN),
    ("DELETE", DRAFT + "/results/{apicf_result_id}", OWN),
    ("POST", DRAFT + "/products", OWN),
    ("DELETE", DRAFT + "/products/{apicf_product_id}", OWN),
    ("PUT", DRAFT + "/years/2024", OWN),
    ("DELETE", DRAFT + "/years/2025", OWN),
    ("POST", DRAFT + "/documents", OWN),
    ("DELETE", DRAFT + "/documents/{apicf_document_id}", OWN),
    ("POST", DRAFT + "/submit", OWN),
    ("POST", V1 + "/certification/applications/{cert_withdraw_id}/withdraw", OWN),
    ("POST", V1 + "/certification/applications/{cert_submitted_id}/decisions", STAFF),
    ("POST", V1 + "/certification/certificates/{cert_certificate_id}/revoke", STAFF),
    ("POST", V1 + "/certification/certificates/{cert_certificate_id}/reports", OWN),
    ("POST", V1 + "/funds", STAFF | {"coordinator", "startup", "startup_b"}),
    ("PUT", FUND, STAFF | OWN),
    ("POST", FUND + "/appropriations", STAFF | OWN),
    ("POST", FUND + "/usages", STAFF | OWN),
    ("POST", FUND + "/transfers", STAFF | OWN),
    ("POST", FUND + "/entries/{fund_usage_id}/reversal", STAFF | OWN),
    ("POST", FUND + "/entries/{fund_usage_id}/misuse", STAFF),
    ("POST", V1 + "/funds/ownerships", STAFF),
    ("POST", V1 + "/dashboard/targets", STAFF),
    ("POST", V1 + "/dashboard/targets/{apicf_target_code}/retire", STAFF),
    ("POST", V1 + "/dashboard/targets/{apicf_target_code}/figures", STAFF),
]


def build(world: dict) -> None:
    """A draft of another enterprise the 'startup' user manages, and a programme target."""
    from datetime import date

    from ecosystem.extensions import db
    from ecosystem.services.certification import applications as apps
    from ecosystem.services.dashboard.targets import add_target
    from tests import factories as f
    from tests.services.certification.helpers import PDF

    manager = world["users"]["startup"]
    org = f.make_org("Công ty TNHH Điện Tử Thử API", kind="enterprise", tax_code=f.valid_tax_code(),
                     size_class="small")
    from ecosystem.models import OrgManager
    db.session.add(OrgManager(user_id=manager.id, organisation_id=org.id))
    db.session.flush()
    db.session.refresh(manager)
    draft = apps.start_application(org, manager, date(2026, 3, 2))
    result = apps.add_result(draft, {"type": "software", "title": "Phần mềm đo đạc",
                                     "document_number": "88/2024/QTG", "right": "owned"}, manager)
    product = apps.add_product(draft, "Thiết bị đo", result.id, manager)
    apps.save_year(draft, 2025, {"revenue": 1000, "st_revenue": 500}, manager)
    document = apps.add_document(draft, "request_form", PDF, "don.pdf", manager)
    target = add_target({"code": "apicf_target", "title_vi": "Mục tiêu thử API", "owner_vi": "Sở KH&CN",
                         "period_start": date(2025, 1, 1), "period_end": date(2030, 12, 31), "unit": "count",
                         "comparator": ">=", "target_value": "10", "legal_basis": "QD_THU"},
                        world["users"]["officer"])
    world.update(apicf_draft_id=draft.id, apicf_result_id=result.id, apicf_product_id=product.id,
                 apicf_document_id=document.id, apicf_target_code=target.code)
