"""Organisers: install rule sets, screen nominations, staff, panels, conflicts and the judge assignment."""
import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.forms.awards import InstallForm, ScreenForm, StaffForm, panel_form
from ecosystem.forms.directory import ConfirmForm
from ecosystem.i18n import current_locale
from ecosystem.models import AwardStaff, Nomination, Organisation, Person
from ecosystem.permissions import guard
from ecosystem.services.awards import catalogue
from ecosystem.services.awards.conflicts import cycle_conflicts, describe_path, names_for, scan_conflicts
from ecosystem.services.awards.judging import (confirm_assignment, judge_people, panels_of, plan_assignment,
                                              open_blocker, round_assignments, round_readiness, set_panel)
from ecosystem.services.awards.nominations import screen_nomination
from ecosystem.services.awards.assignment import SHORTFALL_REASONS
from ecosystem.services.awards.rubric import describe
from ecosystem.services.awards.staff import add_staff, remove_staff, staff_of
from ecosystem.services.platform.settings import setting
from ecosystem.views.awards.loading import AWARDS, get_cycle, get_nomination, get_round
from ecosystem.views.errors import attempt

bp = Blueprint("award_admin", __name__, url_prefix="/manage/awards")
NAV = [("award_admin.index", _l("Quản lý giải thưởng"), "awards.manage", 62)]


@bp.route("/")
@guard("awards.manage")
def index():
    form = InstallForm()
    setups = catalogue.seed_setups(current_app.config["SEEDS_DIR"])
    form.seed.choices = [("", _("— Chọn —"))] + [(s["file"], s["name"].get(current_locale()) or s["file"])
                                                  for s in setups if not s["installed"]]
    return render_template("awards/admin/index.html", cycles=catalogue.list_cycles(), form=form, setups=setups)


@bp.route("/install", methods=["POST"])
@guard("awards.manage")
def install():
    form = InstallForm()
    if form.validate_on_submit():
        def install_chosen():
            if form.upload.data and getattr(form.upload.data, "filename", ""):
                data = json.loads(form.upload.data.read(2_000_000).decode("utf-8"))
            else:
                data = catalogue.read_seed_setup(current_app.config["SEEDS_DIR"], form.seed.data or "")
            return catalogue.install_setup(data, current_user)

        try:
            ok, award = attempt(AWARDS, install_chosen)
        except (ValueError, UnicodeDecodeError):
            db.session.rollback()
            flash(_("Tệp không phải JSON hợp lệ."), "error")
        else:
            if ok:
                flash(_("Đã nạp bộ quy tắc %(name)s.", name=award.name), "success")
                return redirect(url_for("award_admin.cycle", code=award.code))
    return redirect(url_for("award_admin.index"))


@bp.route("/<code>")
@guard("awards.manage")
def cycle(code: str):
    award = get_cycle(code)
    entries = list(db.session.scalars(select(Nomination).where(Nomination.cycle_id == award.id)
                                      .order_by(Nomination.category_id, Nomination.id)))
    return render_template("awards/admin/cycle.html", cycle=award, nominations=entries, screen=ScreenForm(),
                           confirm=ConfirmForm(), ready={r.id: round_readiness(r) for r in award.rounds
                                                         if r.status in ("open", "closed")},
                           blocked={r.id: open_blocker(r) for r in award.rounds if r.status == "setup"})


@bp.route("/nominations/<int:nomination_id>/screen", methods=["POST"])
@guard("awards.manage")
def screen(nomination_id: int):
    entry = get_nomination(nomination_id, "awards.manage")
    form = ScreenForm()
    if form.validate_on_submit():
        attempt(AWARDS, lambda: screen_nomination(entry, current_user, form.decision.data, form.reason.data),
                _("Đã ghi nhận kết quả kiểm tra hồ sơ."))
    return redirect(url_for("award_admin.cycle", code=entry.cycle.code))


@bp.route("/<code>/staff", methods=["GET", "POST"])
@guard("awards.manage")
def staff(code: str):
    award = get_cycle(code)
    form = StaffForm()
    form.person_id.choices = [(0, _("— Không —"))] + [
        (p.id, p.full_name) for p in db.session.scalars(select(Person).where(Person.archived.is_(False))
                                                        .order_by(Person.full_name))]
    form.organisation_id.choices = [(0, _("— Không —"))] + [
        (o.id, o.name) for o in db.session.scalars(select(Organisation).where(Organisation.kind.in_(
            ("government", "support_org", "university", "incubator", "accelerator"))).order_by(Organisation.name))]
    if form.validate_on_submit():
        added, _member = attempt(AWARDS, lambda: add_staff(award, form.role.data, current_user, form.person_id.data,
                                                           form.organisation_id.data), _("Đã thêm vào Ban tổ chức."))
        if added:
            return redirect(url_for("award_admin.staff", code=code))
    return render_template("awards/admin/staff.html", cycle=award, form=form, members=staff_of(award),
                           confirm=ConfirmForm())


@bp.route("/<code>/staff/<int:staff_id>/remove", methods=["POST"])
@guard("awards.manage")
def remove_staff_member(code: str, staff_id: int):
    award = get_cycle(code)
    member = db.session.get(AwardStaff, staff_id)
    if member is not None and member.cycle_id != award.id:
        abort(404)
    if member is not None and ConfirmForm().validate_on_submit():  # gone already: a second click
        attempt(AWARDS, lambda: remove_staff(member, current_user), _("Đã xoá khỏi Ban tổ chức."))
    return redirect(url_for("award_admin.staff", code=code))


@bp.route("/<code>/rounds/<round_code>/panels", methods=["GET", "POST"])
@guard("awards.manage")
def panels(code: str, round_code: str):
    award = get_cycle(code)
    award_round = get_round(award, round_code)
    categories = [s.category for s in award_round.stages if s.rubric]
    form = panel_form(categories, [(p.id, p.full_name) for p in judge_people()])()
    if request.method == "GET":
        current = panels_of(award_round)
        for category in categories:
            form[f"panel_{category.id}"].data = current.get(category.id, [])
    if form.validate_on_submit():
        def save_panels():
            for category in categories:
                set_panel(award_round, category, form[f"panel_{category.id}"].data or [], current_user)
        if attempt(AWARDS, save_panels, _("Đã lưu hội đồng giám khảo."))[0]:
            return redirect(url_for("award_admin.assignment", code=code, round_code=round_code))
    return render_template("awards/admin/panels.html", cycle=award, round=award_round, form=form,
                           categories=categories)


@bp.route("/<code>/conflicts")
@guard("awards.manage")
def conflicts(code: str):
    award = get_cycle(code)
    rows = cycle_conflicts(award.id)
    names = names_for([r.paths for r in rows])
    return render_template("awards/admin/conflicts.html", cycle=award, conflicts=rows, confirm=ConfirmForm(),
                           describe=lambda path: describe_path(path, names))


@bp.route("/<code>/conflicts/scan", methods=["POST"])
@guard("awards.manage")
def scan(code: str):
    award = get_cycle(code)
    if ConfirmForm().validate_on_submit():
        found = scan_conflicts(award, current_user, local_today())
        db.session.commit()
        flash(_("Đã tìm trong mạng lưới: %(n)s cặp giám khảo – hồ sơ có xung đột; %(w)s phân công bị rút lại.",
                n=found["found"], w=found["withdrawn"]), "success")
    return redirect(url_for("award_admin.conflicts", code=code))


@bp.route("/<code>/rounds/<round_code>/assignment", methods=["GET", "POST"])
@guard("awards.manage")
def assignment(code: str, round_code: str):
    award = get_cycle(code)
    award_round = get_round(award, round_code)
    form = ConfirmForm()
    if form.validate_on_submit():
        ok, added = attempt(AWARDS, lambda: confirm_assignment(award_round, current_user))
        if ok:
            flash(ngettext("Đã xác nhận %(num)s phân công mới.", "Đã xác nhận %(num)s phân công mới.", added), "success")
        return redirect(url_for("award_admin.assignment", code=code, round_code=round_code))
    plan, entries, keep = plan_assignment(award_round)
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(list(plan.loads) or [0])))}
    lang = current_locale()
    return render_template("awards/admin/assignment.html", cycle=award, round=award_round, plan=plan,
                           entries=entries, keep=keep, people=people, form=form,
                           current=len(round_assignments(award_round)), k=setting("awards.judges_per_nomination"),
                           shortfall_text=lambda s: describe(s, SHORTFALL_REASONS, lang))
