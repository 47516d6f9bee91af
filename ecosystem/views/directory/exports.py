"""Directory exports: the organisation and people lists, with their filters, as CSV or XLSX."""
from flask import Blueprint, Response, abort, request
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.i18n import current_locale
from ecosystem.permissions import can, guard
from ecosystem.services.imports.directory_exports import organisation_table, person_table
from ecosystem.services.platform.spreadsheets import to_csv_bytes, to_xlsx_bytes

bp = Blueprint("exports", __name__, url_prefix="/exports")
ORG_FILTERS = ("q", "kind", "sector", "stage", "ward", "former_district", "status")
PERSON_FILTERS = ("q", "role", "sector", "former_district")
MIME = {"csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _send(fmt: str, name: str, sheet: str, columns, rows) -> Response:
    if fmt not in MIME:
        abort(404)
    data = to_csv_bytes(rows, columns) if fmt == "csv" else to_xlsx_bytes({sheet: (columns, rows)})
    return Response(data, mimetype=MIME[fmt], headers={"Content-Disposition": f"attachment; filename={name}.{fmt}"})


@bp.route("/orgs.<fmt>")
@guard("dashboard.export")
def organisations(fmt: str):
    filters = {name: request.args.get(name, "").strip() for name in ORG_FILTERS}
    if filters["status"] == "archived" and not can("staff"):
        filters["status"] = ""  # the list page's rule: archived organisations are for staff
    columns, rows = organisation_table(filters, current_locale())
    return _send(fmt, "to-chuc", _("Tổ chức"), columns, rows)


@bp.route("/people.<fmt>")
@guard("dashboard.export")
def people(fmt: str):
    filters = {name: request.args.get(name, "").strip() for name in PERSON_FILTERS}
    columns, rows = person_table(filters, current_user, current_locale())
    return _send(fmt, "ca-nhan", _("Cá nhân"), columns, rows)
