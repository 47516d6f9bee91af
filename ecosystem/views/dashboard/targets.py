"""Programme targets: progress against each, with the figure it comes from; officers add or retire."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.forms.dashboard import FigureForm, RetireForm, TargetForm
from ecosystem.i18n import current_locale
from ecosystem.models import ProgrammeTarget
from ecosystem.permissions import guard
from ecosystem.services.dashboard import targets as targets_service
from ecosystem.views.errors import Messages, attempt
from ecosystem.validators import parse_int
from ecosystem.views.loading import arg_int

bp = Blueprint("targets", __name__, url_prefix="/dashboard/targets")
TARGETS = Messages({
    "code_taken": _l("Mã mục tiêu này đã có."),
    "period_order": _l("Ngày kết thúc phải sau ngày bắt đầu."),
    "nothing_to_measure": _l("Cần giá trị mục tiêu hoặc năm gốc để so sánh."),
    "not_a_number": _l("Phải là một số, ví dụ 7,5."),
    "reason_required": _l("Cần nêu lý do."),
    "not_active": _l("Mục tiêu này đã ngừng theo dõi."),
    "supersedes_itself": _l("Không thể thay một mục tiêu bằng chính nó."),
    "value_required": _l("Cần nhập giá trị."),
})


def _target(target_id: int) -> ProgrammeTarget:
    target = db.session.get(ProgrammeTarget, target_id)
    if target is None:
        abort(404)
    return target


@bp.route("/")
@guard("dashboard.targets")
def index():
    year = arg_int("year", local_today().year, 2000, 2100)
    show_all = request.args.get("all") == "1"
    rows = [(t, targets_service.progress(t, year) if t.status == "active" else None)
            for t in targets_service.targets_in_force(year, include_retired=show_all)]
    active = [t for t, _p in rows if t.status == "active"]
    retire_form = RetireForm()
    retire_form.superseded_by.choices = [("", _("— Không thay thế —"))] + [(str(t.id), t.code) for t in active]
    return render_template("dashboard/targets.html", rows=rows, year=year, show_all=show_all,
                           locale=current_locale(), retire_form=retire_form, figure_form=FigureForm(year=year))


@bp.route("/new", methods=["GET", "POST"])
@guard("dashboard.targets")
def create():
    form = TargetForm()
    if form.validate_on_submit():
        data = {name: field.data for name, field in form._fields.items() if name != "csrf_token"}
        ok, target = attempt(TARGETS, lambda: targets_service.add_target(data, current_user), form=form)
        if ok:
            flash(_("Đã thêm mục tiêu %(code)s.", code=target.code), "success")
            return redirect(url_for("targets.index"))
    return render_template("dashboard/target_form.html", form=form)


@bp.route("/<int:target_id>/retire", methods=["POST"])
@guard("dashboard.targets")
def retire(target_id: int):
    target = _target(target_id)
    form = RetireForm()
    form.superseded_by.choices = [("", "")] + [(str(t.id), t.code) for t in targets_service.targets_in_force(9999)]
    if form.validate_on_submit():
        successor = db.session.get(ProgrammeTarget, parse_int(form.superseded_by.data)) \
            if parse_int(form.superseded_by.data) is not None else None
        attempt(TARGETS, lambda: targets_service.retire_target(target, form.reason.data, current_user, successor),
                _("Đã ngừng theo dõi mục tiêu %(code)s; lịch sử vẫn được giữ.", code=target.code))
    else:
        flash(_("Cần nêu lý do."), "error")
    return redirect(url_for("targets.index"))


@bp.route("/<int:target_id>/figures", methods=["POST"])
@guard("dashboard.targets")
def figure(target_id: int):
    target = _target(target_id)
    form = FigureForm()
    if form.validate_on_submit():
        attempt(TARGETS, lambda: targets_service.record_figure(target, form.year.data, form.value.data,
                                                                form.source.data, current_user),
                _("Đã ghi số liệu năm %(year)s.", year=form.year.data))
    else:
        flash(_("Số liệu chưa hợp lệ: cần năm và giá trị."), "error")
    return redirect(url_for("targets.index", year=form.year.data or None))
