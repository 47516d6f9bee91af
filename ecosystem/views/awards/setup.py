"""Organisers build and edit an award set-up through forms: the cycle, rounds, categories and rubrics. Every
save goes through the JSON import's checks (services/awards/editing.py); the JSON stays as export."""
import json

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.forms.award_setup import CategoryForm, CycleForm, NewCycleForm, RoundForm, RubricForm
from ecosystem.permissions import guard
from ecosystem.services.awards import editing
from ecosystem.views.awards.loading import AWARDS, get_cycle
from ecosystem.views.errors import attempt

bp = Blueprint("award_setup", __name__, url_prefix="/manage/awards")
CYCLE_FIELDS = ("code", "contest", "name_vi", "name_en", "year", "authority", "legal_basis", "effective_from",
                "opens", "closes")


def _fields(form, names, prefix: str = "") -> dict:
    return {name: form[prefix + name].data for name in names}


def _rubric(form):
    """The rubric lines parsed, or None with the line's error under the field."""
    try:
        return editing.parse_rubric_lines(form.lines.data)
    except ValueError as error:
        form.lines.errors = [*form.lines.errors, _("Dòng %(n)s chưa đúng mẫu: mã; tên tiếng Việt; tên tiếng Anh; "
                                                   "trọng số; điểm tối đa.", n=error.args[0])]
        return None


def _page(form, title: str, back: str, cycle=None):
    return render_template("awards/admin/setup_form.html", form=form, title=title, back=back, cycle=cycle)


@bp.route("/new", methods=["GET", "POST"])
@guard("awards.manage")
def new_cycle():
    form = NewCycleForm()
    back = url_for("award_admin.index")
    if form.validate_on_submit():
        rubric = _rubric(form)
        if rubric is not None:
            data = editing.first_setup(
                _fields(form, CYCLE_FIELDS),
                {"code": form.round_code.data, "name_vi": form.round_name_vi.data, "name_en": form.round_name_en.data,
                 "starts": form.round_starts.data, "ends": form.round_ends.data},
                {"code": form.category_code.data, "name_vi": form.category_name_vi.data,
                 "name_en": form.category_name_en.data}, rubric)
            ok, cycle = attempt(AWARDS, lambda: editing.create_cycle(data, current_user), form=form)
            if ok:
                flash(_("Đã tạo giải thưởng %(name)s.", name=cycle.name), "success")
                return redirect(url_for("award_admin.cycle", code=cycle.code))
    return _page(form, _("Tạo giải thưởng"), back)


def _save(cycle, data, form) -> bool:
    return attempt(AWARDS, lambda: editing.save_setup(cycle, data, current_user), _("Đã lưu thiết lập giải thưởng."),
                   form=form)[0]


@bp.route("/<code>/edit", methods=["GET", "POST"])
@guard("awards.manage")
def edit_cycle(code: str):
    cycle = get_cycle(code)
    data = cycle.setup
    form = CycleForm(data={"code": cycle.code, "contest": data.get("contest"), "name_vi": data["name"].get("vi"),
                           "name_en": data["name"].get("en"), "year": data.get("year"),
                           "authority": data.get("authority"), "legal_basis": data.get("legal_basis"),
                           "effective_from": cycle.effective_from, "opens": cycle.submission_opens,
                           "closes": cycle.submission_closes})
    form.code.render_kw = {"readonly": True}
    if request.method == "POST":
        form.code.data = cycle.code  # the code names the cycle everywhere: it never changes
    if form.validate_on_submit() and _save(cycle, editing.with_cycle_fields(data, _fields(form, CYCLE_FIELDS)), form):
        return redirect(url_for("award_admin.cycle", code=code))
    return _page(form, _("Sửa giải thưởng"), url_for("award_admin.cycle", code=code), cycle)


@bp.route("/<code>/rounds/new", methods=["GET", "POST"], defaults={"round_code": None})
@bp.route("/<code>/rounds/<round_code>/edit", methods=["GET", "POST"])
@guard("awards.manage")
def edit_round(code: str, round_code: str | None):
    cycle = get_cycle(code)
    step = next((r for r in cycle.setup["rounds"] if r["code"] == round_code), None)
    if round_code is not None and step is None:
        abort(404)
    form = RoundForm(data={"code": step["code"], "name_vi": step["name"].get("vi"), "name_en": step["name"].get("en"),
                           "starts": editing.parse_day(step.get("starts")), "ends": editing.parse_day(step.get("ends"))}
                     if step else None)
    if step:
        form.code.render_kw = {"readonly": True}
        if request.method == "POST":
            form.code.data = step["code"]
    if form.validate_on_submit():
        if step is None and any(r["code"] == form.code.data for r in cycle.setup["rounds"]):
            form.code.errors = [*form.code.errors, _("Mã này đã được dùng.")]
        elif _save(cycle, editing.with_round(cycle.setup, form.code.data, form.data), form):
            return redirect(url_for("award_admin.cycle", code=code))
    return _page(form, _("Sửa vòng thi") if step else _("Thêm vòng thi"), url_for("award_admin.cycle", code=code), cycle)


@bp.route("/<code>/categories/new", methods=["GET", "POST"], defaults={"category_code": None})
@bp.route("/<code>/categories/<category_code>/edit", methods=["GET", "POST"])
@guard("awards.manage")
def edit_category(code: str, category_code: str | None):
    cycle = get_cycle(code)
    item = next((c for c in cycle.setup["categories"] if c["code"] == category_code), None)
    if category_code is not None and item is None:
        abort(404)
    form = CategoryForm(data={"code": item["code"], "name_vi": item["name"].get("vi"),
                              "name_en": item["name"].get("en")} if item else None)
    if item:
        form.code.render_kw = {"readonly": True}
        if request.method == "POST":
            form.code.data = item["code"]
    if form.validate_on_submit():
        if item is None and any(c["code"] == form.code.data for c in cycle.setup["categories"]):
            form.code.errors = [*form.code.errors, _("Mã này đã được dùng.")]
        elif _save(cycle, editing.with_category(cycle.setup, form.code.data, form.data), form):
            return redirect(url_for("award_admin.cycle", code=code))
    return _page(form, _("Sửa hạng mục") if item else _("Thêm hạng mục"), url_for("award_admin.cycle", code=code),
                 cycle)


@bp.route("/<code>/categories/<category_code>/rubric/<round_code>", methods=["GET", "POST"])
@guard("awards.manage")
def edit_rubric(code: str, category_code: str, round_code: str):
    cycle = get_cycle(code)
    item = next((c for c in cycle.setup["categories"] if c["code"] == category_code), None)
    if item is None or not any(r["code"] == round_code for r in cycle.setup["rounds"]):
        abort(404)
    step = next((s for s in item["rounds"] if s["round"] == round_code), {})
    form = RubricForm(data={"lines": editing.rubric_lines(step.get("rubric"))})
    if form.validate_on_submit():
        rubric = _rubric(form)
        if rubric is not None and _save(cycle, editing.with_rubric(cycle.setup, category_code, round_code, rubric),
                                        form):
            return redirect(url_for("award_admin.cycle", code=code))
    return _page(form, _("Tiêu chí chấm"), url_for("award_admin.cycle", code=code), cycle)


@bp.route("/<code>/setup.json")
@guard("awards.manage")
def export_setup(code: str):
    """The set-up as the JSON rule set it can be imported from."""
    cycle = get_cycle(code)
    return Response(json.dumps(cycle.setup, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f"attachment; filename={cycle.code}.json"})
