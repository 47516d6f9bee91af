"""The judge's pages: only their own assignments, only their own scores, nothing of other judges."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.awards import DeclareForm, score_form
from ecosystem.i18n import current_locale
from ecosystem.permissions import guard
from ecosystem.services.awards.catalogue import rubric_of, stage_of
from ecosystem.services.awards.conflicts import declare_conflict
from ecosystem.services.awards.judging import judge_assignments, save_sheet
from ecosystem.views.awards.loading import AWARDS, get_assignment
from ecosystem.views.errors import attempt

bp = Blueprint("judging", __name__, url_prefix="/judging")
NAV = [("judging.index", _l("Chấm giải"), "awards.judge", 61)]


@bp.route("/")
@guard("awards.judge")
def index():
    assignments = judge_assignments(current_user.person_id)
    done = sum(1 for a in assignments if a.state == "submitted")
    return render_template("awards/judging/index.html", assignments=assignments, done=done)


@bp.route("/<int:assignment_id>", methods=["GET", "POST"])
@guard("awards.score")
def sheet(assignment_id: int):
    assignment = get_assignment(assignment_id)
    rubric = rubric_of(stage_of(assignment.round, assignment.nomination.category))
    form = score_form(rubric, current_locale())()
    working = assignment.working_entry
    if request.method == "GET" and working is not None:
        for c in rubric.criteria:
            value = working.scores.get(c.code)
            form[f"score_{c.code}"].data = "" if value is None else f"{value:g}"
            form[f"comment_{c.code}"].data = working.comments.get(c.code, "")
    if form.validate_on_submit():
        scores = {c.code: form[f"score_{c.code}"].data for c in rubric.criteria}
        comments = {c.code: form[f"comment_{c.code}"].data for c in rubric.criteria}
        submit = request.form.get("action") == "submit"
        if attempt(AWARDS, lambda: save_sheet(assignment, current_user, scores, comments, submit),
                   _("Đã nộp phiếu chấm.") if submit else _("Đã lưu nháp phiếu chấm."))[0]:
            return redirect(url_for("judging.index") if submit else url_for("judging.sheet", assignment_id=assignment.id))
    return render_template("awards/judging/sheet.html", assignment=assignment, rubric=rubric, form=form,
                           declare=DeclareForm(), locked=assignment.state == "submitted"
                           or assignment.round.status != "open")


@bp.route("/<int:assignment_id>/conflict", methods=["POST"])
@guard("awards.score")
def conflict(assignment_id: int):
    assignment = get_assignment(assignment_id)
    form = DeclareForm()
    if form.validate_on_submit():
        declare_conflict(assignment.nomination, current_user.person_id, current_user, form.note.data)
        db.session.commit()
        flash(_("Đã ghi nhận xung đột lợi ích. Hồ sơ được chuyển cho giám khảo khác."), "success")
        return redirect(url_for("judging.index"))
    flash(_("Vui lòng đánh dấu xác nhận."), "error")
    return redirect(url_for("judging.sheet", assignment_id=assignment.id))
