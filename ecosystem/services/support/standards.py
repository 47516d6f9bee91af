"""The outcome of an ISO 9001 / ISO 56000 adoption request: the certificate won and the programme's
co-funding (integer VND), so the DOST can count enterprises certified with its support."""
from datetime import date

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models.standards import STANDARDS, StandardCertificate
from ecosystem.models.support import SupportRequest
from ecosystem.services.platform.audit import log_action
from ecosystem.services.support.requests import SupportError

ISO_TYPE = "iso_adoption"
MAX_CO_FUNDING_VND = 10**13  # a sanity bound far above any programme grant, not a rule


def outcome_of(req: SupportRequest) -> StandardCertificate | None:
    return db.session.scalar(select(StandardCertificate).where(StandardCertificate.support_request_id == req.id))


def records_outcome(req: SupportRequest) -> bool:
    """Only a resolved adoption request carries a certificate."""
    return req.type_code == ISO_TYPE and req.state == "resolved"


def record_standard_certificate(req: SupportRequest, actor, *, standard: str, certification_body: str,
                                certificate_number: str, issued_on: date, expires_on: date | None,
                                co_funding_vnd: int) -> StandardCertificate:
    """Record (or correct, with an audit entry) the certificate a resolved adoption request led to."""
    if not records_outcome(req):
        raise SupportError("support.standard.not_expected")
    if standard not in STANDARDS:
        raise SupportError("support.standard.unknown", field="standard")
    if not certification_body.strip() or not certificate_number.strip():
        raise SupportError("support.standard.incomplete")
    if expires_on is not None and expires_on <= issued_on:
        raise SupportError("support.standard.expiry_before_issue", field="expires_on")
    if not isinstance(co_funding_vnd, int) or not 0 <= co_funding_vnd <= MAX_CO_FUNDING_VND:
        raise SupportError("support.standard.amount", field="co_funding_vnd")
    row = outcome_of(req)
    created = row is None
    if created:
        row = StandardCertificate(support_request_id=req.id, organisation_id=req.organisation_id)
        db.session.add(row)
    row.standard, row.certification_body = standard, certification_body.strip()
    row.certificate_number, row.issued_on, row.expires_on = certificate_number.strip(), issued_on, expires_on
    row.co_funding_vnd, row.recorded_by_id = co_funding_vnd, actor.id
    db.session.flush()
    log_action(actor.id, "support.standard.record" if created else "support.standard.correct", "support_request",
               req.id, standard=standard, certificate_number=row.certificate_number, co_funding_vnd=co_funding_vnd)
    return row
