"""The certification part of the demo loads on an empty database and shows every stage."""
from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import CertApplication, Certificate
from ecosystem.seeders import DemoContext
from ecosystem.seeders.certification import seed
from ecosystem.services.certification.annual_reports import warnings_for
from ecosystem.services.certification.appraisal import due_items


def test_demo_certification_data(app):
    seed(DemoContext(seeds_dir=app.config["SEEDS_DIR"]))
    db.session.commit()
    certificates = {c.organisation.slug: c for c in db.session.query(Certificate)}
    assert {c.status for c in certificates.values()} == {"valid", "changed", "revoked"}
    assert certificates["sinh-hoc-phu-giao"].authority_vi == "Sở Khoa học và Công nghệ tỉnh Bình Dương"
    assert certificates["phan-mem-thuan-an"].rule_set_code == "ND268_2025"
    today = local_today()
    assert [w.code for w in warnings_for(certificates["sinh-hoc-phu-giao"], today)] == ["missed_reports"]
    statuses = sorted(a.status for a in db.session.query(CertApplication))
    assert statuses.count("appraisal") == 2 and statuses.count("draft") == 1 and statuses.count("issued") == 3
    items = due_items(today)
    assert any(i.overdue for i in items) and any(not i.overdue for i in items)
