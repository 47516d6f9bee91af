"""Laboratories: the host's record (fields, equipment, accreditation, the province's recognition),
the public list, lab-time requests from startups (a support request linked to the lab) and the
warning before an accreditation expires, sent once per lab and expiry date."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Lab, LabRequest, Organisation
from ecosystem.services.accounts.users import managers_of, officers
from ecosystem.services.directory.records import sectors_by_ids
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.reminders import claim_once
from ecosystem.services.platform.settings import setting
from ecosystem.services.support.requests import create_request
from ecosystem.services.techmart.pipeline import TechmartError

LAB_SUPPORT_TYPE = "lab_use"
FIELDS = ("name", "description", "equipment", "services", "accreditation", "certificate_number",
          "accreditation_expires_on", "recognition_number", "recognition_date", "active")
TEXT_FIELDS = ("name", "description", "equipment", "services", "accreditation", "certificate_number",
               "recognition_number")


def save_lab(host: Organisation, data: dict, actor, lab: Lab | None = None) -> Lab:
    """Create or edit a lab; an accreditation needs its certificate number, a recognition its date."""
    clean = {name: data.get(name) for name in FIELDS}
    for name in TEXT_FIELDS:
        clean[name] = (clean[name] or "").strip() or None
    if not clean["name"]:
        raise TechmartError("lab_name_required", "name")
    if clean["accreditation"] and not (clean["certificate_number"] and clean["accreditation_expires_on"]):
        raise TechmartError("lab_certificate_required", "certificate_number")
    if clean["recognition_number"] and not clean["recognition_date"]:
        raise TechmartError("lab_recognition_date_required", "recognition_date")
    if clean["recognition_date"] and clean["recognition_date"] > local_today():
        raise TechmartError("lab_recognition_future", "recognition_date")
    created = lab is None
    if created:
        lab = Lab(organisation_id=host.id, created_by_id=actor.id if actor else None)
        db.session.add(lab)
    for name, value in clean.items():
        setattr(lab, name, value)
    lab.active = bool(clean["active"]) if clean["active"] is not None else True
    lab.sectors = sectors_by_ids(data.get("sectors") or [])
    db.session.flush()
    log_action(actor.id if actor else None, "techmart.lab." + ("create" if created else "edit"), "lab", lab.id)
    return lab


def lab_query(include_inactive: bool = False):
    """Labs by host and name; a closed lab or an archived host is left out of the public list."""
    query = select(Lab).join(Organisation, Organisation.id == Lab.organisation_id)
    if not include_inactive:
        query = query.where(Lab.active.is_(True), Organisation.status != "archived")
    return query.order_by(Organisation.name, Lab.name)


def accreditation_valid(lab: Lab, today: date | None = None) -> bool:
    return bool(lab.accreditation_expires_on and lab.accreditation_expires_on >= (today or local_today()))


def request_lab_time(lab: Lab, startup: Organisation, actor, title: str, description: str = ""):
    """A 'lab time' support request of a startup, submitted at once and linked to the lab."""
    if not lab.active:
        raise TechmartError("lab_inactive")
    req, _created = create_request(startup, actor, LAB_SUPPORT_TYPE, title,
                                   f"{lab.name} — {lab.organisation.name}\n\n{description or ''}".strip(),
                                   submit=True)
    db.session.add(LabRequest(support_request_id=req.id, lab_id=lab.id))
    db.session.flush()
    return req


def lab_of_request(request_id: int) -> Lab | None:
    row = db.session.get(LabRequest, request_id)
    return row.lab if row else None


def requests_for(lab: Lab) -> list:
    return [row.request for row in db.session.scalars(
        select(LabRequest).where(LabRequest.lab_id == lab.id).order_by(LabRequest.support_request_id.desc()))]


def warn_expiring(today: date | None = None) -> int:
    """Tell the DOST and the host's managers [setting] techmart.lab_expiry_warning_days before an
    accreditation expires; the key (lab, expiry date) makes it once per lab per expiry."""
    today = today or local_today()
    horizon = today + timedelta(days=int(setting("techmart.lab_expiry_warning_days")))
    due = db.session.scalars(select(Lab).where(Lab.active.is_(True), Lab.accreditation_expires_on.is_not(None),
                                               Lab.accreditation_expires_on.between(today, horizon)))
    staff, sent = officers(), 0
    for lab in due:
        if not claim_once(f"lab{lab.id}:expiry:{lab.accreditation_expires_on.isoformat()}"):
            continue
        figures = {"lab": lab.name, "day": lab.accreditation_expires_on.strftime("%d/%m/%Y"),
                   "cert": lab.certificate_number or "", "accreditation": lab.accreditation or ""}
        notify([*managers_of(lab.organisation_id), *staff], "techmart.lab_expiry",
               lambda f=figures: (_l("Phòng thí nghiệm %(lab)s: công nhận sắp hết hạn", **f),
                                  _l("Chứng chỉ %(accreditation)s số %(cert)s hết hạn ngày %(day)s. Hãy chuẩn bị "
                                     "đánh giá lại để giữ công nhận.", **f)),
               link=f"/techmart/labs/{lab.id}")
        sent += 1
    db.session.flush()
    return sent
