"""Cohort assignment pages for coordinators: choose, preview, adjust by hand, confirm."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.matching import CohortForm, RowForm
from ecosystem.models import CohortPlan, CohortRow, Organisation, Person
from ecosystem.permissions import guard, is_staff, require
from ecosystem.services.matching import cohorts as service
from ecosystem.services.matching.reasons import ReasonWords
from ecosystem.services.matching.profiles import live_slots
from ecosystem.views.errors import attempt
from ecosystem.views.matching.messages import MATCHING, error_text
from ecosystem.views.once import once

bp = Blueprint("cohorts", __name__, url_prefix="/cohorts")
NAV = [("cohorts.index", _l("Ghép cố vấn theo đợt"), "cohort.manage", 50)]


def get_plan(plan_id: int) -> CohortPlan:
    plan = db.session.get(CohortPlan, plan_id)
    if plan is None:
        abort(404)
    require("cohort.edit", plan)
    return plan


@bp.route("/")
@guard("cohort.manage")
def index():
    query = select(CohortPlan).order_by(CohortPlan.id.desc())
    if not is_staff(current_user):
        query = query.where(CohortPlan.cohort_org_id.in_(current_user.managed_org_ids or {-1}))
    return render_template("cohorts/index.html", plans=list(db.session.scalars(query)))


@bp.route("/new", methods=["GET", "POST"])
@guard("cohort.manage")
def new():
    form = CohortForm()
    orgs = service.cohort_orgs(current_user)
    form.org.choices = [(o.id, o.name) for o in orgs]
    if form.validate_on_submit():
        org = db.session.get(Organisation, form.org.data)
        ok, plan = attempt(MATCHING, once("cohort_plan", form, CohortPlan,
                                          lambda: service.create_plan(current_user, org, form.kind.data,
                                                                      form.pool.data, form.title.data)))
        if ok:
            return redirect(url_for("cohorts.detail", plan_id=plan.id))
    return render_template("cohorts/new.html", form=form, has_orgs=bool(orgs))


@bp.route("/<int:plan_id>")
@guard("cohort.edit")
def detail(plan_id: int):
    plan = get_plan(plan_id)
    pool = list(db.session.scalars(select(Person).where(Person.id.in_(plan.pool or [-1]))
                                   .order_by(Person.full_name)))
    slots = live_slots([p.id for p in pool])
    used = {}
    for row in plan.rows:
        if row.mentor_person_id:
            used[row.mentor_person_id] = used.get(row.mentor_person_id, 0) + 1
    words = ReasonWords()
    reasons = {row_id: [words.reason(code, params) for code, params in found]
               for row_id, found in service.row_reasons(plan).items()} if plan.status == "draft" else {}
    total = sum(r.score or 0 for r in plan.rows)
    return render_template("cohorts/detail.html", plan=plan, pool=pool, slots=slots, used=used,
                           reasons=reasons, total=total, form=RowForm())


@bp.route("/<int:plan_id>/rows/<int:row_id>", methods=["POST"])
@guard("cohort.edit")
def set_row(plan_id: int, row_id: int):
    plan = get_plan(plan_id)
    row = db.session.get(CohortRow, row_id)
    if row is None or row.plan_id != plan.id:
        abort(404)
    form = RowForm()
    form.mentor.choices = [("", "")] + [(str(i), str(i)) for i in plan.pool]
    if not form.validate_on_submit():
        flash(error_text("not_in_pool"), "error")
        return redirect(url_for("cohorts.detail", plan_id=plan.id))
    mentor_id = int(form.mentor.data) if form.mentor.data else None
    attempt(MATCHING, lambda: service.set_row(plan, row, mentor_id, current_user),
            _("Đã cập nhật dòng ghép cặp."))
    return redirect(url_for("cohorts.detail", plan_id=plan.id))


@bp.route("/<int:plan_id>/optimise", methods=["POST"])
@guard("cohort.edit")
def optimise(plan_id: int):
    plan = get_plan(plan_id)
    if plan.status != "draft":
        flash(error_text("plan_closed"), "error")
    else:
        service.optimise(plan)
        db.session.commit()
        flash(_("Đã tối ưu lại các dòng chưa chỉnh tay."), "success")
    return redirect(url_for("cohorts.detail", plan_id=plan.id))


@bp.route("/<int:plan_id>/confirm", methods=["POST"])
@guard("cohort.edit")
def confirm(plan_id: int):
    plan = get_plan(plan_id)
    ok, count = attempt(MATCHING, lambda: service.confirm(plan, current_user))
    if ok:
        flash(_("Đã chốt: %(n)s cặp cố vấn – startup được tạo và thông báo.", n=count), "success")
    return redirect(url_for("cohorts.detail", plan_id=plan.id))


@bp.route("/<int:plan_id>/discard", methods=["POST"])
@guard("cohort.edit")
def discard(plan_id: int):
    plan = get_plan(plan_id)
    attempt(MATCHING, lambda: service.discard(plan, current_user), _("Đã huỷ đợt ghép cặp."))
    return redirect(url_for("cohorts.index"))
