"""The officers' list as a spreadsheet: the same filter, every row (not one page), labels in the
reader's language, times in Hồ Chí Minh City time."""
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased

from ecosystem.clock import LOCAL_TZ
from ecosystem.extensions import db
from ecosystem.models import Organisation, Person, Sector
from ecosystem.models.base import as_utc
from ecosystem.models.directory import org_sectors
from ecosystem.models.support import STATE_LABELS, SUPPORT_TYPE_CODES, SupportRequest, type_label
from ecosystem.services.support import workflow as wf
from ecosystem.services.support.queries import RequestFilters, request_query, target_days


def _local(moment: datetime | None) -> datetime | None:
    return as_utc(moment).astimezone(LOCAL_TZ).replace(tzinfo=None) if moment else None


def export_table(f: RequestFilters, now: datetime, today, locale: str):
    """(columns, rows) for exports.to_csv_bytes / to_xlsx_bytes."""
    columns = [("id", _("Số yêu cầu")), ("submitted_at", _("Ngày gửi")), ("startup", _("Startup")),
               ("type", _("Loại hỗ trợ")), ("title", _("Tiêu đề")), ("state", _("Trạng thái")),
               ("assignee", _("Người/đơn vị được giao")), ("sectors", _("Lĩnh vực")),
               ("former_district", _("Huyện/Thị cũ")), ("due_on", _("Hạn mục tiêu")),
               ("overdue", _("Quá hạn")), ("resolved_at", _("Ngày giải quyết")),
               ("days_to_resolve", _("Số ngày giải quyết")), ("decline_reason", _("Lý do từ chối"))]
    # Looked up once, not once per row: labels, yes/no and each type's target (a setting).
    states = {code: str(text) for code, text in STATE_LABELS.items()}
    types = {code: type_label(code, locale) for code in SUPPORT_TYPE_CODES}
    targets = {code: target_days(code) for code in SUPPORT_TYPE_CODES}
    yes, no = _("Có"), _("Không")
    rows = []
    sector_names = _sector_names(locale)
    for r in db.session.execute(_rows_query(request_query(f, now, today))):
        submitted, resolved = as_utc(r.submitted_at), as_utc(r.resolved_at)
        due = wf.due_at(submitted, targets[r.type_code])
        span = resolved - submitted if resolved and submitted else None
        rows.append({
            "id": r.id, "submitted_at": _local(submitted), "startup": r.startup,
            "type": types[r.type_code], "title": r.title, "state": states[r.state],
            "assignee": r.person or r.assignee_org or "",
            "sectors": sector_names.get(r.organisation_id, []),
            "former_district": r.former_district or "",
            "due_on": _local(due).date() if due else None,
            "overdue": yes if wf.is_overdue(submitted, targets[r.type_code], now, r.state) else no,
            "resolved_at": _local(resolved),
            "days_to_resolve": round(span.total_seconds() / 86400, 1) if span else None,
            "decline_reason": r.decline_reason or "",
        })
    return columns, rows


def _rows_query(query):
    """Plain columns instead of objects: an export of every row must not build 20,000 objects."""
    assignee_org = aliased(Organisation)
    return (query.outerjoin(Person, Person.id == SupportRequest.assignee_person_id)
            .outerjoin(assignee_org, assignee_org.id == SupportRequest.assignee_org_id)
            .with_only_columns(
                SupportRequest.id, SupportRequest.submitted_at, SupportRequest.resolved_at,
                SupportRequest.type_code, SupportRequest.title, SupportRequest.state,
                SupportRequest.decline_reason, SupportRequest.organisation_id,
                Organisation.name.label("startup"), Organisation.former_district,
                Person.full_name.label("person"), assignee_org.name.label("assignee_org")))


def _sector_names(locale: str) -> dict[int, list[str]]:
    """Sector names by startup, in the reader's language."""
    name = Sector.name_en if locale == "en" else Sector.name_vi
    names: dict[int, list[str]] = {}
    for org_id, text in db.session.execute(
            select(org_sectors.c.organisation_id, name)
            .join(Sector, Sector.id == org_sectors.c.sector_id).order_by(name)):
        names.setdefault(org_id, []).append(text)
    return names
