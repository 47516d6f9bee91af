"""ISO 9001 / ISO 56000 adoption: a resolved request records its certificate and the programme's co-funding."""
from datetime import date

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry
from ecosystem.models.standards import StandardCertificate
from ecosystem.models.support import SupportRequest
from ecosystem.services.support import standards
from ecosystem.services.support.requests import SupportError
from tests import factories as f

CERT = dict(standard="iso_56001", certification_body="Tổ chức Chứng nhận Thử", certificate_number="T-56001-01",
            issued_on=date(2026, 6, 1), expires_on=date(2029, 6, 1), co_funding_vnd=80_000_000)


@pytest.fixture
def resolved(app):
    org = f.make_org("Startup ISO Thử", stage="seed")
    req = SupportRequest(organisation_id=org.id, type_code="iso_adoption", title="Áp dụng ISO 56001",
                         state="resolved")
    db.session.add(req)
    db.session.flush()
    return req, f.make_user("officer")


def test_records_then_corrects_the_certificate_with_an_audit_trail(resolved):
    req, officer = resolved
    row = standards.record_standard_certificate(req, officer, **CERT)
    assert (row.organisation_id, row.standard, row.co_funding_vnd) == (req.organisation_id, "iso_56001", 80_000_000)
    standards.record_standard_certificate(req, officer, **dict(CERT, co_funding_vnd=75_000_000))
    rows = db.session.scalars(select(StandardCertificate)).all()
    assert len(rows) == 1 and rows[0].co_funding_vnd == 75_000_000
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.object_id == req.id)).all()
    assert actions == ["support.standard.record", "support.standard.correct"]


@pytest.mark.parametrize("change, code", [
    (dict(standard="iso_14001"), "support.standard.unknown"),
    (dict(certificate_number="  "), "support.standard.incomplete"),
    (dict(expires_on=date(2026, 6, 1)), "support.standard.expiry_before_issue"),
    (dict(co_funding_vnd=-1), "support.standard.amount"),
])
def test_bad_outcomes_are_refused_and_change_nothing(resolved, change, code):
    req, officer = resolved
    with pytest.raises(SupportError) as refused:
        standards.record_standard_certificate(req, officer, **dict(CERT, **change))
    assert refused.value.code == code
    assert db.session.scalars(select(StandardCertificate)).all() == []


@pytest.mark.parametrize("type_code, state", [("iso_adoption", "in_progress"), ("mentoring", "resolved")])
def test_only_a_resolved_adoption_request_records_a_certificate(app, type_code, state):
    org = f.make_org("Startup Khác Thử", stage="seed")
    req = SupportRequest(organisation_id=org.id, type_code=type_code, title="Yêu cầu", state=state)
    db.session.add(req)
    db.session.flush()
    with pytest.raises(SupportError) as refused:
        standards.record_standard_certificate(req, f.make_user("officer"), **CERT)
    assert refused.value.code == "support.standard.not_expected"
