"""IP applications and grants of organisations and people, and the outcome an 'IP protection support'
request records (it creates the record, or updates the one it created before)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import IPRecord, Organisation, Person
from ecosystem.models.ip_labs import IP_RECORD_STATUSES, IP_TYPES
from ecosystem.models.support import SupportRequest
from ecosystem.services.platform.audit import log_action
from ecosystem.services.techmart.pipeline import TechmartError

IP_SUPPORT_TYPE = "ip_protection"
FIELDS = ("ip_type", "title", "number", "filing_date", "grant_date", "status")


def check_ip(data: dict, today: date | None = None) -> dict:
    """The cleaned fields, or TechmartError naming the field: a grant needs its date, dates in order."""
    today = today or local_today()
    clean = {name: data.get(name) for name in FIELDS}
    clean["title"], clean["number"] = (clean["title"] or "").strip(), (clean["number"] or "").strip()
    if clean["ip_type"] not in IP_TYPES:
        raise TechmartError("ip_type_unknown", "ip_type")
    if clean["status"] not in IP_RECORD_STATUSES:
        raise TechmartError("ip_status_unknown", "status")
    if not clean["title"]:
        raise TechmartError("ip_title_required", "title")
    if not clean["number"]:
        raise TechmartError("ip_number_missing", "number")
    if not clean["filing_date"]:
        raise TechmartError("ip_filing_required", "filing_date")
    if clean["filing_date"] > today or (clean["grant_date"] and clean["grant_date"] > today):
        raise TechmartError("ip_date_future", "filing_date")
    if clean["status"] == "granted" and not clean["grant_date"]:
        raise TechmartError("ip_grant_date_required", "grant_date")
    if clean["grant_date"] and clean["grant_date"] < clean["filing_date"]:
        raise TechmartError("ip_grant_before_filing", "grant_date")
    return clean


def save_ip_record(owner, data: dict, actor, record: IPRecord | None = None,
                   support_request_id: int | None = None) -> IPRecord:
    """Create or edit the IP record of an organisation or a person."""
    clean = check_ip(data)
    created = record is None
    if created:
        record = IPRecord(organisation_id=owner.id if isinstance(owner, Organisation) else None,
                          person_id=owner.id if isinstance(owner, Person) else None,
                          support_request_id=support_request_id, created_by_id=actor.id if actor else None)
        db.session.add(record)
    for name, value in clean.items():
        setattr(record, name, value)
    db.session.flush()
    log_action(actor.id if actor else None, "techmart.ip." + ("create" if created else "edit"), "ip_record",
               record.id, number=record.number, status=record.status)
    return record


def delete_ip_record(record: IPRecord, actor) -> None:
    log_action(actor.id, "techmart.ip.delete", "ip_record", record.id, number=record.number)
    db.session.delete(record)
    db.session.flush()


def records_of(owner) -> list[IPRecord]:
    """An organisation's or a person's IP records, newest filing first."""
    column = IPRecord.organisation_id if isinstance(owner, Organisation) else IPRecord.person_id
    return list(db.session.scalars(select(IPRecord).where(column == owner.id)
                                   .order_by(IPRecord.filing_date.desc(), IPRecord.id.desc())))


def outcome_of(req: SupportRequest) -> IPRecord | None:
    return db.session.scalar(select(IPRecord).where(IPRecord.support_request_id == req.id))


def records_outcome(req: SupportRequest) -> bool:
    """An IP protection request records its outcome once it is resolved."""
    return req.type_code == IP_SUPPORT_TYPE and req.state == "resolved"


def record_support_outcome(req: SupportRequest, data: dict, actor) -> IPRecord:
    """The IP record a resolved 'IP protection support' request led to, on the requesting startup."""
    if not records_outcome(req):
        raise TechmartError("ip_outcome_not_expected")
    return save_ip_record(req.organisation, data, actor, outcome_of(req), support_request_id=req.id)
