"""Registrations and attendance of one event as rows for CSV and XLSX (services/exports.py writes them)."""
from flask_babel import gettext as _
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Attendance, Event, Organisation, Registration
from ecosystem.models.events import REGISTRATION_STATUSES
from ecosystem.models.vocab import label
from ecosystem.services.events.lifecycle import to_local
from ecosystem.services.platform.spreadsheets import to_csv_bytes, to_xlsx_bytes


def _startup_names(ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(select(Organisation.id, Organisation.name)
                                   .where(Organisation.id.in_(ids))).all())


def registration_table(event: Event) -> tuple[list, list[dict]]:
    """One row per registration (cancelled ones too, for the record), one column per question."""
    rows = list(db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                                   .order_by(Registration.id)))
    startups = _startup_names(r.startup_id for r in rows)
    questions = [q["text"] for q in event.questions or []]
    columns = [("no", _("STT")), ("name", _("Họ và tên")), ("email", _("E-mail")),
               ("startup", _("Startup")), ("status", _("Trạng thái")),
               ("registered", _("Đăng ký lúc")), ("checked_in", _("Check-in lúc")),
               ("walk_in", _("Đến trực tiếp"))]
    columns += [(f"q{i}", text) for i, text in enumerate(questions)]
    data = []
    for number, row in enumerate(rows, start=1):
        answers = {a["q"]: a["a"] for a in row.answers or []}
        item = {"no": number, "name": row.name, "email": row.email,
                "startup": startups.get(row.startup_id, ""),
                "status": label(REGISTRATION_STATUSES, row.status),
                "registered": to_local(row.created_at), "checked_in": to_local(row.checked_in_at),
                "walk_in": _("Có") if row.walk_in else ""}
        item.update({f"q{i}": answers.get(text, "") for i, text in enumerate(questions)})
        data.append(item)
    return columns, data


def attendance_table(event: Event) -> tuple[list, list[dict]]:
    rows = list(db.session.scalars(select(Attendance).where(Attendance.event_id == event.id)
                                   .order_by(Attendance.checked_in_at)))
    startups = _startup_names(a.startup_id for a in rows)
    methods = {"code": _("Mã QR / mã"), "list": _("Theo danh sách"), "walk_in": _("Đến trực tiếp")}
    columns = [("no", _("STT")), ("name", _("Họ và tên")), ("startup", _("Startup")),
               ("checked_in", _("Check-in lúc")), ("method", _("Cách check-in"))]
    data = [{"no": n, "name": a.name, "startup": startups.get(a.startup_id, ""),
             "checked_in": to_local(a.checked_in_at), "method": methods.get(a.method, a.method)}
            for n, a in enumerate(rows, start=1)]
    return columns, data


def export_csv(event: Event, what: str) -> bytes:
    columns, rows = attendance_table(event) if what == "attendance" else registration_table(event)
    return to_csv_bytes(rows, columns)


def export_xlsx(event: Event) -> bytes:
    reg_columns, reg_rows = registration_table(event)
    att_columns, att_rows = attendance_table(event)
    return to_xlsx_bytes({_("Đăng ký"): (reg_columns, reg_rows),
                          _("Tham dự"): (att_columns, att_rows)})
