"""Organisers and a round: open, progress (never scores), close, votes, results, exports, publication."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.awards import ReasonForm, votes_form
from ecosystem.forms.directory import ConfirmForm
from ecosystem.i18n import current_locale
from ecosystem.models import VoteCount
from ecosystem.permissions import guard, require
from ecosystem.services.awards.catalogue import round_entries
from ecosystem.services.awards.exports import KINDS, export_csv, export_xlsx
from ecosystem.services.awards.judging import close_round, open_round, progress, reopen_round, reopen_sheet
from ecosystem.services.awards.ranking import ADVANCE_REASONS
from ecosystem.services.awards.results import category_results, publish_round, record_votes, tie_break_rule
from ecosystem.services.awards.rubric import describe
from ecosystem.services.awards.setup_checks import advancement_text
from ecosystem.views.awards.loading import AWARDS, get_assignment, get_cycle, get_round
from ecosystem.views.errors import attempt

bp = Blueprint("award_rounds", __name__, url_prefix="/manage/awards")
STEPS = {"open": open_round, "close": close_round, "publish": publish_round}
MESSAGES = {"open": _l("Đã mở vòng thi cho giám khảo chấm."), "close": _l("Đã khoá vòng thi."),
            "publish": _l("Đã công bố kết quả; người dự thi đã được thông báo.")}


def _round(code: str, round_code: str):
    award = get_cycle(code)
    return award, get_round(award, round_code)


@bp.route("/<code>/rounds/<round_code>/state/<step>", methods=["POST"])
@guard("awards.manage")
def step(code: str, round_code: str, step: str):
    award, award_round = _round(code, round_code)
    if step not in STEPS:
        return redirect(url_for("award_admin.cycle", code=code))
    if ConfirmForm().validate_on_submit():
        attempt(AWARDS, lambda: STEPS[step](award_round, current_user), MESSAGES[step])
    return redirect(url_for("award_admin.cycle", code=code))


@bp.route("/<code>/rounds/<round_code>/reopen", methods=["POST"])
@guard("awards.manage")
def reopen(code: str, round_code: str):
    award, award_round = _round(code, round_code)
    form = ReasonForm()
    if form.validate_on_submit():
        attempt(AWARDS, lambda: reopen_round(award_round, current_user, form.reason.data),
                _("Đã mở lại vòng thi để chấm tiếp."))
    else:
        flash(_("Vui lòng nêu lý do."), "error")
    return redirect(url_for("award_admin.cycle", code=code))


@bp.route("/<code>/rounds/<round_code>/progress")
@guard("awards.manage")
def round_progress(code: str, round_code: str):
    award, award_round = _round(code, round_code)
    return render_template("awards/admin/progress.html", cycle=award, round=award_round, rows=progress(award_round),
                           reason=ReasonForm())


@bp.route("/assignments/<int:assignment_id>/reopen", methods=["POST"])
@guard("awards.manage")
def reopen_assignment(assignment_id: int):
    assignment = get_assignment(assignment_id, "awards.manage")
    form = ReasonForm()
    if form.validate_on_submit():
        attempt(AWARDS, lambda: reopen_sheet(assignment, current_user, form.reason.data),
                _("Đã mở lại phiếu chấm; giám khảo đã được thông báo."))
    else:
        flash(_("Vui lòng nêu lý do."), "error")
    round_ = assignment.round
    return redirect(url_for("award_rounds.round_progress", code=round_.cycle.code, round_code=round_.code))


@bp.route("/<code>/rounds/<round_code>/votes", methods=["GET", "POST"])
@guard("awards.manage")
def votes(code: str, round_code: str):
    award, award_round = _round(code, round_code)
    entries = round_entries(award_round)
    form = votes_form([n.id for n in entries])()
    if request.method == "GET":
        for row in db.session.scalars(select(VoteCount).where(VoteCount.round_id == award_round.id)):
            if f"votes_{row.nomination_id}" in form:
                form[f"votes_{row.nomination_id}"].data = row.votes
    if form.validate_on_submit():
        counts = {n.id: form[f"votes_{n.id}"].data for n in entries if form[f"votes_{n.id}"].data is not None}
        if attempt(AWARDS, lambda: record_votes(award_round, counts, current_user), _("Đã lưu số phiếu bình chọn."))[0]:
            return redirect(url_for("award_rounds.votes", code=code, round_code=round_code))
    return render_template("awards/admin/votes.html", cycle=award, round=award_round, entries=entries, form=form)


@bp.route("/<code>/rounds/<round_code>/results")
@guard("awards.results")
def results(code: str, round_code: str):
    award, award_round = _round(code, round_code)
    require("awards.results", award_round)
    lang = current_locale()
    return render_template("awards/admin/results.html", cycle=award, round=award_round,
                           results=category_results(award_round), confirm=ConfirmForm(), tie_rule=tie_break_rule(),
                           reason_text=lambda r: describe(r, ADVANCE_REASONS, lang),
                           advancement_text=lambda r: advancement_text(r, lang))


@bp.route("/<code>/rounds/<round_code>/export/<kind>.csv")
@guard("awards.results")
def export(code: str, round_code: str, kind: str):
    award, award_round = _round(code, round_code)
    require("awards.results", award_round)
    if kind not in KINDS:
        return redirect(url_for("award_rounds.results", code=code, round_code=round_code))
    name = f"{award.code}-{award_round.code}-{kind}.csv"
    return Response(export_csv(award_round, kind, current_locale()), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.route("/<code>/rounds/<round_code>/export.xlsx")
@guard("awards.results")
def export_workbook(code: str, round_code: str):
    award, award_round = _round(code, round_code)
    require("awards.results", award_round)
    return Response(export_xlsx(award_round, current_locale()),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f"attachment; filename={award.code}-{award_round.code}.xlsx"})
