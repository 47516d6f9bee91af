"""The certificate register: numbers, issue/change/reissue, revocation and its publication, the public list."""
from datetime import date

from sqlalchemy import Select, func, or_, select, text
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import CertApplication, Certificate, CertificateEvent, Organisation
from ecosystem.models.certification import VALID_CERTIFICATE_STATUSES
from ecosystem.services.platform.audit import log_action
from ecosystem.services.certification.context import CertError, calendar, cert_setting, rule_set
from ecosystem.services.certification.rule_sets import publication_end
from ecosystem.text import fold
from ecosystem.services.api import webhooks

NUMBER_ATTEMPTS = 20
NUMBER_LOCK = 6_000_000  # advisory-lock namespace for certificate numbers (+ the year)


def format_number(seq: int, year: int) -> str:
    return str(cert_setting("number_format")).format(seq=seq, year=year)


def _lock_numbering(year: int) -> None:
    """PostgreSQL: one officer at a time numbers a year's certificates (held to commit).
    SQLite needs nothing: its write transactions already begin IMMEDIATE."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": NUMBER_LOCK + year})


def _next_seq(year: int) -> int:
    """One more than the certificates already numbered this year (the unique number guards races)."""
    count = db.session.scalar(select(func.count(Certificate.id)).where(
        Certificate.issued_on >= date(year, 1, 1), Certificate.issued_on <= date(year, 12, 31)))
    return (count or 0) + 1


def refresh_search_key(certificate: Certificate) -> None:
    """Number and products without accents, so 'may say nong san' finds 'Máy sấy nông sản'."""
    certificate.search_key = fold(" ".join([certificate.number, *(certificate.products or [])]))


def add_event(certificate: Certificate, actor, action: str, on: date, note: str | None = None,
              **data) -> CertificateEvent:
    event = CertificateEvent(actor_id=actor.id if actor else None, action=action, on=on, note=note,
                             data=data or None)
    certificate.events.append(event)
    return event


def create_certificate(organisation_id: int, rule_set_code: str, products: list[str], issued_on: date,
                       actor, authority_vi: str | None = None, authority_en: str | None = None) -> Certificate:
    """A new certificate with the next free number of its year (skipping numbers already taken)."""
    _lock_numbering(issued_on.year)
    first = _next_seq(issued_on.year)
    for attempt in range(NUMBER_ATTEMPTS):
        seq = first + attempt
        certificate = Certificate(
            number=format_number(seq, issued_on.year), organisation_id=organisation_id,
            rule_set_code=rule_set_code, issued_on=issued_on, products=list(products), status="valid",
            authority_vi=authority_vi or cert_setting("authority_vi"),
            authority_en=authority_en or cert_setting("authority_en"))
        refresh_search_key(certificate)
        try:
            with db.session.begin_nested():
                db.session.add(certificate)
                db.session.flush()
        except IntegrityError:
            continue
        add_event(certificate, actor, "issued", issued_on, number=certificate.number)
        db.session.flush()
        log_action(actor.id if actor else None, "cert.certificate.issue", "certificate", certificate.id,
                   number=certificate.number)
        webhooks.emit("certification.certificate.issued", {"number": certificate.number,
                      "organisation_id": organisation_id, "issued_on": issued_on.isoformat()}, [organisation_id])
        return certificate
    raise CertError("number_taken")


def apply_to_certificate(app: CertApplication, officer, today: date) -> Certificate:
    """New: a certificate is created. Change: its products are replaced. Reissue: same content, new paper."""
    products = [p.name for p in app.products]
    if app.kind == "new":
        return create_certificate(app.organisation_id, app.rule_set_code, products, today, officer)
    certificate = app.certificate
    if certificate is None or not certificate.is_valid:
        raise CertError("certificate_not_valid")
    before = list(certificate.products or [])
    if app.kind == "change":
        certificate.products = products
        certificate.status = "changed"
        refresh_search_key(certificate)
    else:
        certificate.status = "reissued"
    add_event(certificate, officer, certificate.status, today, note=app.note, application_id=app.id,
              products_before=before, products_after=list(certificate.products))
    db.session.flush()
    log_action(officer.id, f"cert.certificate.{certificate.status}", "certificate", certificate.id)
    return certificate


def revoke_certificate(certificate: Certificate, officer, ground_code: str, decision_number: str,
                       decided_on: date, note: str | None = None) -> None:
    """Record the ground and the decision; the revocation is published until the rule set's end date."""
    if not certificate.is_valid:
        raise CertError("already_revoked")
    grounds = {g["code"] for g in rule_set(certificate.rule_set_code).revocation_grounds}
    if ground_code not in grounds:
        raise CertError("unknown_ground")
    if not (decision_number or "").strip():
        raise CertError("decision_required")
    certificate.status, certificate.revoked_on = "revoked", decided_on
    certificate.revocation_ground, certificate.revocation_decision = ground_code, decision_number.strip()
    certificate.revocation_note = note
    certificate.publication_end = publication_end(rule_set(certificate.rule_set_code), decided_on, calendar())
    add_event(certificate, officer, "revoked", decided_on, note=note, ground=ground_code,
              decision=certificate.revocation_decision,
              publication_end=certificate.publication_end.isoformat() if certificate.publication_end else None)
    db.session.flush()
    log_action(officer.id, "cert.certificate.revoke", "certificate", certificate.id, ground=ground_code)
    webhooks.emit("certification.certificate.revoked", {
        "number": certificate.number, "organisation_id": certificate.organisation_id,
        "revoked_on": decided_on.isoformat(), "ground": ground_code}, [certificate.organisation_id])


def register_query(q: str = "") -> Select:
    """Valid certificates for the public register, searchable without accents by name, number or product."""
    query = (select(Certificate).join(Organisation, Certificate.organisation_id == Organisation.id)
             .where(Certificate.status.in_(VALID_CERTIFICATE_STATUSES)))
    key = fold(q)
    if key:
        like = f"%{key}%"
        query = query.where(or_(Organisation.search_key.like(like), Certificate.search_key.like(like)))
    return query.order_by(Certificate.issued_on.desc(), Certificate.id.desc())


def register_rows(certificates, locale: str = "vi") -> list[dict]:
    """The register as plain rows for the CSV/XLSX export."""
    return [{"number": c.number, "enterprise": c.organisation.name, "tax_code": c.organisation.tax_code,
             "issued_on": c.issued_on, "authority": (c.authority_en if locale == "en" and c.authority_en
                                                     else c.authority_vi),
             "products": list(c.products or []), "status": c.status, "basis": c.rule_set_code}
            for c in certificates]


def published_revocations(today: date) -> list[Certificate]:
    """Revocations still within their publication period."""
    return list(db.session.scalars(select(Certificate).where(
        Certificate.status == "revoked", Certificate.publication_end >= today)
        .order_by(Certificate.revoked_on.desc())))
