"""Officers' view of all funds, ownership records, and the 03-6/TNDN and DOST reports (HTML + XLSX)."""
from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.forms.funds import OwnershipForm
from ecosystem.models import OrgOwnership
from ecosystem.models.funds import FUND_STATUSES, USAGE_CATEGORY_LABELS
from ecosystem.permissions import guard
from ecosystem.services.funds import ledger as service
from ecosystem.services.platform.spreadsheets import to_xlsx_bytes
from ecosystem.services.funds.queries import (all_states, dost_report, find_enterprise, sorted_states, tax_report,
                                             totals_by_year)
from ecosystem.views.errors import attempt
from ecosystem.views.funds.messages import FUNDS
from ecosystem.views.funds.enterprise import _as_of, fund_vocab, get_fund
from ecosystem.views.funds.rule_display import rule_text

bp = Blueprint("fund_reports", __name__, url_prefix="/funds")
bp.context_processor(fund_vocab)
NAV = [("fund_reports.index", _l("Quỹ KH&CN doanh nghiệp"), "fund.list_all", 61)]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _report_year(year: int) -> int:
    """A fund's report exists for years 2000 to next year; any other year is a 404, not a 500."""
    if not 2000 <= year <= local_today().year + 1:
        abort(404)
    return year


def _xlsx(data: bytes, name: str) -> Response:
    return Response(data, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/")
@guard("fund.list_all")
def index():
    as_of = _as_of()
    states = all_states(as_of)
    sort = request.args.get("sort", "at_risk")
    return render_template("funds/index.html", states=sorted_states(states, sort), sort=sort, as_of=as_of,
                           totals=totals_by_year(states), used_rule_sets=used_rule_sets(states))


def used_rule_sets(states) -> list:
    """The rule sets any of these funds' figures came from, oldest tax periods first."""
    found = {rs.code: rs for state in states for rs in state.rule_sets}
    return sorted(found.values(), key=lambda rs: rs.first_year)


def _rule_mark(code: str, unconfirmed) -> str:
    """A rule-set code as a spreadsheet cell, marked when a figure it lent is still to be confirmed."""
    return f"{code} ({_('chưa xác nhận')})" if unconfirmed else code


def _overview_sheets(states, totals) -> dict:
    funds = [{"name": s.fund.organisation.name, "tax_code": s.fund.organisation.tax_code,
              "appropriated": s.appropriated, "used": s.used, "balance": s.balance, "at_risk": s.at_risk,
              "deadline": s.nearest_deadline, "breaches": s.breaches, "owed": s.owed,
              "rule_sets": ", ".join(_rule_mark(rs.code, rs.unconfirmed()) for rs in s.rule_sets)} for s in states]
    totals = [dict(t, rule_set=_rule_mark(t["rule_set"], t["unconfirmed"])) for t in totals]
    return {
        _("Quỹ"): ([("name", _("Doanh nghiệp")), ("tax_code", _("Mã số doanh nghiệp")),
                    ("appropriated", _("Đã trích")), ("used", _("Đã sử dụng")), ("balance", _("Số dư còn hạn")),
                    ("at_risk", _("Tiền có nguy cơ")), ("deadline", _("Hạn gần nhất")),
                    ("breaches", _("Số khoản vi phạm")), ("owed", _("Thuế và lãi phải nộp")),
                    ("rule_sets", _("Bộ quy tắc"))], funds),
        _("Theo năm"): ([("year", _("Năm trích lập")), ("rule_set", _("Bộ quy tắc")), ("funds", _("Số Quỹ")),
                         ("appropriated", _("Đã trích")),
                         ("used", _("Đã sử dụng")), ("at_risk", _("Tiền có nguy cơ")),
                         ("owed", _("Thuế và lãi phải nộp"))], totals),
    }


@bp.route("/export.xlsx")
@guard("fund.list_all")
def export():
    as_of = _as_of()
    states = all_states(as_of)
    data = to_xlsx_bytes(_overview_sheets(sorted_states(states, request.args.get("sort", "at_risk")),
                                          totals_by_year(states)))
    return _xlsx(data, f"quy-khcn-{as_of.isoformat()}.xlsx")


@bp.route("/ownerships", methods=["GET", "POST"])
@guard("fund.ownership")
def ownerships():
    form = OwnershipForm()
    if form.validate_on_submit():
        parent, child = find_enterprise(form.parent.data), find_enterprise(form.child.data)
        for field, org in ((form.parent, parent), (form.child, child)):
            if org is None:
                field.errors = [_("Không tìm thấy doanh nghiệp này.")]
        if parent and child:
            if attempt(FUNDS, lambda: service.add_ownership(parent, child, form.share.data, form.valid_from.data,
                                                            current_user, form.reference.data or None),
                       _("Đã ghi nhận quan hệ sở hữu."), form=form, field="share")[0]:
                return redirect(url_for("fund_reports.ownerships"))
    rows = db.session.scalars(select(OrgOwnership).order_by(OrgOwnership.id.desc()))
    return render_template("funds/ownerships.html", form=form, rows=rows)


def _form_columns():
    return [("year", _("Năm trích lập")), ("rule_set", _("Bộ quy tắc")), ("tranche_amount", _("Số tiền trích lập")),
            ("brought_in", _("Số dư chuyển sang")), ("appropriated", _("Trích trong kỳ")),
            ("used_proper", _("Sử dụng đúng mục đích trong kỳ")), ("misused", _("Sử dụng sai mục đích trong kỳ")),
            ("settled", _("Trong đó bù khoản ứng trước")),
            ("used", _("Tổng sử dụng trong kỳ")), ("carried_forward", _("Số dư chuyển kỳ sau"))]


def _tax_sheets(fund, report) -> dict:
    org, rules = fund.organisation, report["rule_set"]
    head = [(_("Doanh nghiệp"), org.name), (_("Mã số doanh nghiệp"), org.tax_code), (_("Kỳ tính thuế"),
            report["tax_year"]), (_("Bộ quy tắc"), _rule_mark(rules.code, not rules.fully_confirmed)),
            (_("Căn cứ pháp lý"), rule_text(rules.legal_basis)), (_("Mẫu báo cáo"), rules.reporting["form"]),
            (_("Thu nhập tính thuế"), report["taxable_income"]),
            (_("Tỷ lệ trích"), report["rate"]), (_("Số tiền trích trong kỳ"), report["amount"]),
            (_("Khoản ứng trước chưa được bù trong kỳ"), report["advanced"])]
    rows = [dict(row, rule_set=_rule_mark(row["rule_set"], row["unconfirmed"])) for row in report["rows"]]
    return {_("Trích lập trong kỳ"): ([("k", _("Chỉ tiêu")), ("v", _("Giá trị"))],
                                     [{"k": k, "v": v} for k, v in head]),
            "03-6-TNDN": (_form_columns(), rows)}


@bp.route("/<int:fund_id>/reports/tax/<int:year>")
@guard("fund.view")
def tax(fund_id: int, year: int):
    fund = get_fund(fund_id)
    return render_template("funds/report_tax.html", fund=fund, report=tax_report(fund, _report_year(year)), year=year)


@bp.route("/<int:fund_id>/reports/tax/<int:year>.xlsx")
@guard("fund.view")
def tax_xlsx(fund_id: int, year: int):
    fund = get_fund(fund_id)
    return _xlsx(to_xlsx_bytes(_tax_sheets(fund, tax_report(fund, _report_year(year)))), f"03-6-TNDN-{fund.id}-{year}.xlsx")


@bp.route("/<int:fund_id>/reports/dost/<int:year>")
@guard("fund.view")
def dost(fund_id: int, year: int):
    fund = get_fund(fund_id)
    return render_template("funds/report_dost.html", fund=fund, report=dost_report(fund, _report_year(year)), year=year,
                           labels=USAGE_CATEGORY_LABELS)


@bp.route("/<int:fund_id>/reports/dost/<int:year>.xlsx")
@guard("fund.view")
def dost_xlsx(fund_id: int, year: int):
    fund = get_fund(fund_id)
    report = dost_report(fund, _report_year(year))
    categories = [dict(row, label=str(USAGE_CATEGORY_LABELS.get(row["category"], row["category"])))
                  for row in report["categories"]]
    sheets = _tax_sheets(fund, report["form"])
    sheets[_("Sử dụng theo nội dung")] = (
        [("label", _("Nội dung chi")), ("count", _("Số khoản")), ("amount", _("Số tiền")),
         ("misused", _("Trong đó sai mục đích")), ("advanced", _("Trong đó ứng trước"))], categories)
    sheets[_("Tình trạng các khoản trích")] = (
        [("year", _("Năm trích lập")), ("rule_set", _("Bộ quy tắc")), ("appropriated", _("Đã trích")),
         ("used", _("Đã sử dụng")),
         ("remaining", _("Còn lại")), ("deadline", _("Hạn sử dụng")), ("status", _("Tình trạng")),
         ("cit_due", _("Thuế TNDN phải nộp")), ("interest_due", _("Tiền lãi phải nộp"))],
        [dict(row, status=str(FUND_STATUSES[row["status"]]), rule_set=_rule_mark(row["rule_set"], row["unconfirmed"]))
         for row in report["position"]])
    return _xlsx(to_xlsx_bytes(sheets), f"bao-cao-so-khcn-{fund.id}-{year}.xlsx")
