"""The DOST's side of the pipeline: a board by state, a filterable list with counts, exports."""
from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.forms.support import type_choices
from ecosystem.i18n import current_locale
from ecosystem.models.base import utcnow
from ecosystem.models.support import STATE_LABELS
from ecosystem.permissions import guard
from ecosystem.services.platform import spreadsheets as exports
from ecosystem.services.support import workflow as wf
from ecosystem.services.support import queries
from ecosystem.services.directory.records import filter_options
from ecosystem.services.support.export import export_table
from ecosystem.views.loading import page_number
from ecosystem.views.support.requests import support_helpers

bp = Blueprint("support_office", __name__, url_prefix="/support")
NAV = [("support_office.board", _l("Bảng yêu cầu hỗ trợ"), "support.office", 32)]
bp.context_processor(support_helpers)
BOARD_LIMIT = 30  # cards per column; the list view has everything



def _context(filters: queries.RequestFilters) -> dict:
    now, today = utcnow(), local_today()
    median = queries.median_time_to_resolve(filters, now, today)
    return {"filters": filters, "now": now, "counts": queries.state_counts(filters, now, today),
            "median_days": round(median.total_seconds() / 86400, 1) if median else None,
            "types": type_choices(current_locale()),
            "state_choices": [(s.value, STATE_LABELS[s]) for s in wf.BOARD_COLUMNS],
            "options": filter_options(current_locale()), "assignees": queries.assignee_options()}


@bp.route("/board")
@guard("support.office")
def board():
    filters = queries.RequestFilters.from_args(request.args)
    filters.state = ""
    context = _context(filters)
    columns = []
    for state in wf.BOARD_COLUMNS:
        one_state = queries.RequestFilters(**{**filters.__dict__, "state": state})
        query = queries.with_details(queries.request_query(one_state, context["now"], local_today()))
        columns.append((state, list(db.session.scalars(query.limit(BOARD_LIMIT)))))
    return render_template("support/board.html", columns=columns, limit=BOARD_LIMIT, **context)


@bp.route("/list")
@guard("support.office")
def listing():
    filters = queries.RequestFilters.from_args(request.args)
    context = _context(filters)
    page = db.paginate(queries.with_details(queries.request_query(filters, context["now"],
                                                                  local_today())),
                       page=page_number(), per_page=30, error_out=False)
    return render_template("support/list.html", page=page, **context)


@bp.route("/export.<fmt>")
@guard("support.office")
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    filters = queries.RequestFilters.from_args(request.args)
    columns, rows = export_table(filters, utcnow(), local_today(), current_locale())
    stamp = local_today().isoformat()
    if fmt == "csv":
        body, mime = exports.to_csv_bytes(rows, columns), "text/csv; charset=utf-8"
    else:
        body = exports.to_xlsx_bytes({_("Yêu cầu hỗ trợ"): (columns, rows)})
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, mimetype=mime, headers={
        "Content-Disposition": f'attachment; filename="support-requests-{stamp}.{fmt}"'})

