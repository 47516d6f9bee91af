"""The annual report: one action builds the year's tables as a printable page and an XLSX workbook."""
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from ecosystem.clock import local_today
from ecosystem.i18n import current_locale
from ecosystem.permissions import guard
from ecosystem.services.dashboard import annual_report
from ecosystem.services.dashboard.figures import save_cache
from ecosystem.views.dashboard import panels as _panels
from ecosystem.views.loading import arg_int

bp = Blueprint("reports", __name__, url_prefix="/reports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(year: int) -> int:
    if not 2000 <= year <= local_today().year + 1:
        abort(404)
    return year


@bp.route("/annual")
@guard("dashboard.report")
def annual_index():
    if request.args.get("year"):
        return redirect(url_for("reports.annual", year=_year(arg_int("year", 0))))
    return render_template("reports/annual_index.html", this_year=local_today().year,
                           years=list(range(local_today().year, 2014, -1)))


@bp.route("/annual/<int:year>")
@guard("dashboard.report")
def annual(year: int):
    report = annual_report.build_report(_year(year))
    save_cache()
    return render_template("reports/annual.html", report=report, locale=current_locale(),
                           panels=[_panels.view(p) for p in report["panels"]])


@bp.route("/annual/<int:year>.xlsx")
@guard("dashboard.report")
def annual_xlsx(year: int):
    report = annual_report.build_report(_year(year))
    save_cache()
    data = annual_report.report_xlsx(report, current_locale())
    return Response(data, mimetype=XLSX,
                    headers={"Content-Disposition": f"attachment; filename=bao-cao-nam-{year}.xlsx"})
