"""Bulk import: template download, upload with a dry run per row, then the import with its progress."""
from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.dashboard import ConfirmImportForm, ImportForm
from ecosystem.i18n import current_locale
from ecosystem.models import ImportRun
from ecosystem.permissions import guard
from ecosystem.services.imports import runs as bulk_import
from ecosystem.services.imports import dry_run as import_rules
from ecosystem.services.imports.formats import Problem
from ecosystem.services.platform.spreadsheets import to_csv_bytes, to_xlsx_bytes
from ecosystem.views.confirmation import ask_first
from ecosystem.views.errors import Messages, attempt

bp = Blueprint("imports", __name__, url_prefix="/imports")
NAV = [("imports.index", _l("Nhập dữ liệu"), "dashboard.import", 60)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _unreadable(error) -> str:
    """A file that cannot be read at all, in the words the import report uses for its problems."""
    return Problem(0, "", error.code, error.params).message(current_locale())


IMPORTS = Messages({
    "unknown_kind": _l("Loại dữ liệu không hợp lệ."),
    "too_large": _l("Tệp quá lớn."),
    "unsupported_file": _l("Chỉ nhận tệp .csv hoặc .xlsx."),
    "not_checked": _l("Tệp này đã được nhập hoặc đang nhập."),
    "has_errors": _l("Tệp còn lỗi: không dòng nào được nhập. Sửa tệp rồi tải lên lại."),
    "unreadable_file": _unreadable,
    "empty_file": _unreadable,
    "empty_header": _unreadable,
    "nul_in_file": _unreadable,
    "too_many_rows": _unreadable,
    "too_big_unpacked": _unreadable,
})


def _run(run_id: int) -> ImportRun:
    run = db.session.get(ImportRun, run_id)
    if run is None:
        abort(404)
    return run


@bp.route("/", methods=["GET", "POST"])
@guard("dashboard.import")
def index():
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        ok, run = attempt(IMPORTS, lambda: bulk_import.check_file(form.kind.data, upload.read(), upload.filename or "",
                                                                  current_user), form=form, field="file")
        if ok:
            return redirect(url_for("imports.run", run_id=run.id))
    return render_template("imports/index.html", form=form, runs=bulk_import.recent_runs(),
                           kinds=import_rules.SPECS)



@bp.route("/template/<kind>.<fmt>")
@guard("dashboard.import")
def template(kind: str, fmt: str):
    if kind not in import_rules.SPECS or fmt not in ("csv", "xlsx"):
        abort(404)
    columns, rows = import_rules.template_table(kind, sector_example=_first_sector())
    if fmt == "csv":
        return Response(to_csv_bytes(rows, columns), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename=mau-{kind}.csv"})
    return Response(to_xlsx_bytes({_("Mẫu"): (columns, rows)}), mimetype=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=mau-{kind}.xlsx"})


def _first_sector() -> str:
    from ecosystem.services.directory.records import all_sectors
    sectors = all_sectors()
    return sectors[0].name_vi if sectors else ""


@bp.route("/<int:run_id>")
@guard("dashboard.import")
def run(run_id: int):
    run = _run(run_id)
    if run.status in ("queued", "running"):
        return redirect(url_for("imports.progress", run_id=run.id))
    return render_template("imports/run.html", run=run, form=ConfirmImportForm(), lang=current_locale())


@bp.route("/<int:run_id>/confirm", methods=["POST"])
@guard("dashboard.import")
def confirm(run_id: int):
    run = _run(run_id)
    counts = (run.summary or {}).get("counts") or {}
    page = ask_first(_("Xác nhận nhập dữ liệu"), _(
        "%(create)s bản ghi sẽ được tạo mới và %(update)s bản ghi được cập nhật; bản ghi đã nhập chỉ sửa được "
        "từng bản ghi một.", create=counts.get("create", 0), update=counts.get("update", 0)),
        url_for("imports.run", run_id=run.id), button=_("Nhập dữ liệu"))
    if page is not None:
        return page
    if ConfirmImportForm().validate_on_submit():
        if not attempt(IMPORTS, lambda: bulk_import.confirm(run, current_user))[0]:
            return redirect(url_for("imports.run", run_id=run.id))
        bulk_import.start(run)
    return redirect(url_for("imports.progress", run_id=run.id))


@bp.route("/<int:run_id>/progress")
@guard("dashboard.import")
def progress(run_id: int):
    run = _run(run_id)
    db.session.refresh(run)
    return render_template("imports/progress.html", run=run, progress=bulk_import.progress_of(run))
