"""The certificate register (public, searchable, exportable), published revocations, the holiday
calendar, and each certificate's page with its history, annual reports and warnings."""
import secrets

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.forms.certification import ReportForm, RequestForm
from ecosystem.i18n import current_locale
from ecosystem.models import vocab
from ecosystem.models.certification import CERTIFICATE_STATUSES
from ecosystem.permissions import guard
from ecosystem.services.certification.context import calendar, rule_set
from ecosystem.services.certification.register import published_revocations, register_query, register_rows
from ecosystem.services.certification.annual_reports import file_report, reports_due, warnings_for
from ecosystem.services.platform.spreadsheets import to_csv_bytes, to_xlsx_bytes
from ecosystem.views.certification.common import CERT, get_certificate, start_and_open
from ecosystem.views.errors import attempt
from ecosystem.views.loading import arg_int, page_number

bp = Blueprint("cert_public", __name__, url_prefix="/certification")
NAV = [("cert_public.register", _l("Sổ đăng ký DN KH&CN"), "public", 41)]


@bp.route("/register")
@guard("public")
def register():
    q = request.args.get("q", "").strip()
    page = db.paginate(register_query(q), page=page_number(), per_page=30, error_out=False)
    return render_template("certification/register.html", page=page, q=q)


def _columns():
    return [("number", _("Số giấy chứng nhận")), ("enterprise", _("Doanh nghiệp")), ("tax_code", _("Mã số DN")),
            ("issued_on", _("Ngày cấp")), ("authority", _("Cơ quan cấp")), ("products", _("Sản phẩm")),
            ("status", _("Trạng thái")), ("basis", _("Căn cứ"))]


def _export_rows() -> list[dict]:
    locale = current_locale()
    rows = register_rows(db.session.scalars(register_query(request.args.get("q", "").strip())), locale)
    for row in rows:
        row["status"] = vocab.label(CERTIFICATE_STATUSES, row["status"])
    return rows


@bp.route("/register.csv")
@guard("public")
def register_csv():
    body = to_csv_bytes(_export_rows(), _columns())
    return Response(body, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=so-dang-ky-dn-khcn.csv"})


@bp.route("/register.xlsx")
@guard("public")
def register_xlsx():
    body = to_xlsx_bytes({_("Sổ đăng ký DN KH&CN"): (_columns(), _export_rows())})
    return Response(body, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": "attachment; filename=so-dang-ky-dn-khcn.xlsx"})


@bp.route("/revocations")
@guard("public")
def revocations():
    today = local_today()
    return render_template("certification/revocations.html", certificates=published_revocations(today),
                           today=today)


@bp.route("/holidays")
@guard("public")
def holidays():
    """The holiday calendar the deadlines are counted with, one year at a time."""
    today = local_today()
    cal = calendar()
    year = arg_int("year", today.year, cal.first_year, cal.last_year)
    days = sorted((d for d in cal.days.values() if d.day.year == year), key=lambda d: d.day)
    return render_template("certification/holidays.html", days=days, year=year,
                           years=range(cal.first_year, cal.last_year + 1))


@bp.route("/certificates/<int:cert_id>")
@guard("cert.certificate.view")
def certificate(cert_id: int):
    cert = get_certificate(cert_id)
    today = local_today()
    return render_template("certification/certificate.html", certificate=cert, rules=rule_set(cert.rule_set_code),
                           warnings=warnings_for(cert, today), missing_years=reports_due(cert, today),
                           today=today)


@bp.route("/certificates/<int:cert_id>/reports", methods=["GET", "POST"])
@guard("cert.certificate.report")
def report(cert_id: int):
    cert = get_certificate(cert_id, "cert.certificate.report")
    today = local_today()
    form = ReportForm()
    if request.method == "GET":
        due = reports_due(cert, today)
        form.fiscal_year.data = arg_int("year", due[0] if due else today.year - 1, 2000, today.year)
    if form.validate_on_submit():
        if attempt(CERT, lambda: file_report(cert, current_user, form.fiscal_year.data, form.st_revenue.data,
                                             form.total_revenue.data, today, form.incentives_vnd.data,
                                             form.incentives_note.data or None), form=form, field="fiscal_year")[0]:
            flash(_("Đã nộp báo cáo năm %(year)s.", year=form.fiscal_year.data), "success")
            return redirect(url_for("cert_public.certificate", cert_id=cert.id))
    return render_template("certification/report.html", certificate=cert, form=form)


@bp.route("/certificates/<int:cert_id>/request", methods=["GET", "POST"])
@guard("cert.certificate.request")
def request_change(cert_id: int):
    """The enterprise asks to change (possibly adding products) or reissue its certificate."""
    cert = get_certificate(cert_id, "cert.certificate.request")
    form = RequestForm()
    if request.method == "GET":
        form.idem_key.data = secrets.token_hex(16)
    if form.validate_on_submit():
        opened = start_and_open(cert.organisation, kind=form.kind.data, certificate=cert,
                                adds_products=form.adds_products.data, note=form.note.data,
                                idem_key=form.idem_key.data or None)
        if opened is not None:
            return opened
    return render_template("certification/request.html", certificate=cert, form=form)
