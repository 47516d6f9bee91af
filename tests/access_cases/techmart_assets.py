"""IP records, labs, international partners and the digest: lists and pages public, records kept by the
DOST and the organisation's managers (or the person), partners recorded by the DOST."""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

OWNER_A = STAFF | {"startup"}
OWNER_B = STAFF | {"startup_b"}
MANAGERS = STAFF | {"coordinator", "startup", "startup_b"}
LAB = "/techmart/labs/{tm_lab_id}"

CASES = [
    ("GET", "/techmart/ip/org/{startup_a_slug}/new", OWNER_A),
    ("POST", "/techmart/ip/org/{startup_a_slug}/new", OWNER_A),
    ("GET", "/techmart/ip/person/{mentor_person_id}/new", STAFF | {"mentor"}),
    ("GET", "/techmart/ip/{tm_ip_id}/edit", OWNER_A),
    ("POST", "/techmart/ip/{tm_ip_id}/edit", OWNER_A),
    ("POST", "/techmart/ip/{tm_ip_id}/delete", OWNER_A),  # no confirm field: nothing removed
    ("POST", "/techmart/ip/support/{tm_ip_req_id}/outcome", STAFF),
    ("GET", "/techmart/labs/", EVERYONE),
    ("GET", LAB, EVERYONE),
    ("GET", "/techmart/labs/new", MANAGERS),
    ("POST", "/techmart/labs/new", MANAGERS),
    ("GET", LAB + "/edit", OWNER_B),
    ("POST", LAB + "/edit", OWNER_B),
    ("POST", LAB + "/request", MANAGERS - STAFF),  # a startup's member submits its own request
    ("GET", "/techmart/partners/", EVERYONE),
    ("GET", "/techmart/partners/?country=DE", EVERYONE),
    ("POST", "/techmart/partners/flag", STAFF),
    ("POST", "/techmart/partners/agreements", STAFF),
    ("GET", "/techmart/digest/", EVERYONE),
    ("GET", "/techmart/digest/{tm_edition}", EVERYONE),
    ("GET", "/techmart/digest/subscription", SIGNED_IN),
    ("POST", "/techmart/digest/subscription", SIGNED_IN),
    ("GET", "/network/map?country=DE&country=VN", STAFF),
]


def build(world: dict) -> None:
    """Startup A holds a granted patent and a resolved IP protection request; startup B hosts an
    accredited lab with a lab-time request from A; a German university is a partner with an agreement."""
    from datetime import timedelta

    from ecosystem.clock import local_today
    from ecosystem.extensions import db
    from ecosystem.models import Organisation, SupportRequest
    from ecosystem.services.techmart import digest, ip_records, labs, partners
    from tests import factories as f

    users = world["users"]
    officer = users["officer"]
    startup_a = db.session.query(Organisation).filter_by(slug=world["startup_a_slug"]).one()
    startup_b = db.session.query(Organisation).filter_by(slug=world["startup_b_slug"]).one()
    today = local_today()
    record = ip_records.save_ip_record(startup_a, {
        "ip_type": "patent", "title": "Bộ lọc nước nano", "number": "1-2025-01234", "status": "granted",
        "filing_date": today - timedelta(days=400), "grant_date": today - timedelta(days=10)}, officer)
    req = SupportRequest(organisation_id=startup_a.id, type_code="ip_protection", title="Đăng ký sáng chế",
                         state="resolved", created_by_id=users["startup"].id)
    db.session.add(req)
    db.session.flush()
    lab = labs.save_lab(startup_b, {"name": "Phòng thí nghiệm Vật liệu Thử", "equipment": "Máy đo XRD\nKính SEM",
                                    "services": "Đo mẫu cho startup", "accreditation": "ISO/IEC 17025:2017",
                                    "certificate_number": "VILAS 9999",
                                    "accreditation_expires_on": today + timedelta(days=200),
                                    "recognition_number": "123/QĐ-UBND", "recognition_date": today - timedelta(days=30),
                                    "active": True}, officer)
    labs.request_lab_time(lab, startup_a, users["startup"], "Đo độ bền kéo mẫu composite")
    uni = f.make_org("Technische Universität Thử", kind="university")
    partners.set_partner(uni, "DE", "university", officer)
    partners.record_agreement(startup_b, uni, officer, title="Thoả thuận trao đổi nghiên cứu",
                              scope="Trao đổi nghiên cứu vật liệu", signed_on=today - timedelta(days=60),
                              expires_on=today + timedelta(days=1000))
    db.session.flush()
    world.update(tm_ip_id=record.id, tm_ip_req_id=req.id, tm_lab_id=lab.id,
                 tm_edition=digest.edition_of(today))
