"""Organisers and a round: open, progress (never scores), close, votes, results, exports, publication."""
from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.awards import ReasonForm, votes_form
from ecosystem.forms.directory import ConfirmForm
from ecosystem.i18n import current_locale
from ecosystem.models import Nomination, VoteCount
from ecosystem.permissions import guard, require
from ecosystem.services.awards.catalogue import round_entries
from ecosystem.services.awards.exports import KINDS, export_csv, export_xlsx
from ecosystem.services.awards.judging import (close_round, incomplete_error, open_round, progress, reopen_round,
                                              reopen_sheet, round_readiness)
from ecosystem.services.awards.ranking import ADVANCE_REASONS
from ecosystem.services.awards.results import category_results, publish_round, record_votes, tie_break_rule
from ecosystem.services.awards.rubric import describe
from ecosystem.services.awards.setup_checks import advancement_text
from ecosystem.views.awards.loading import AWARDS, get_assignment, get_cycle, get_round
from ecosystem.views.confirmation import confirmation_page, confirmed, override_reason
from ecosystem.views.errors import attempt

bp = Blueprint("award_rounds", __name__, url_prefix="/manage/awards")
STEPS = {"open": open_round, "close": close_round, "publish": publish_round}
MESSAGES = {"open": _l("Đã mở vòng thi cho giám khảo chấm."), "close": _l("Đã khoá vòng thi."),
            "publish": _l("Đã công bố kết quả; người dự thi đã được thông báo.")}
GUARDED = {  # step -> (title, consequence): irreversible steps ask first and check the sheets
    "close": (_l("Khoá vòng chấm"), _l("Giám khảo sẽ không chấm hay sửa phiếu được nữa; Ban tổ chức sẽ thấy "
                                       "điểm và kết quả. Chỉ mở lại được khi nêu lý do.")),
    "publish": (_l("Công bố kết quả"), _l("Kết quả được công khai và gửi thông báo cho mọi người dự thi; "
                                          "không thể huỷ công bố.")),
}


def readiness_lines(award_round, ready: dict) -> list[str]:
    """x / y sheets and the entries short of judges, in words."""
    lines = [_("Phiếu chấm đã nộp: %(x)s / %(y)s", x=ready["submitted"], y=ready["assigned"])]
    if ready["short"]:
        titles = db.session.scalars(select(Nomination.title).where(Nomination.id.in_(ready["short"])))
        lines.append(_("Hồ sơ chưa đủ %(k)s giám khảo chấm: %(list)s", k=ready["required"], list="; ".join(titles)))
    return lines


def _guarded_step(award_round, step: str, back: str):
    """The confirmation page (with the sheet count and, when incomplete, the override box), or None to go on."""
    ready = round_readiness(award_round)
    reason = override_reason()
    if confirmed() and (ready["complete"] or reason):
        return None
    title, consequence = GUARDED[step]
    refusal = None if ready["complete"] else AWARDS.text(incomplete_error(ready))
    return confirmation_page(f"{title}: {award_round.display_name(current_locale())}", str(consequence), back,
                             button=str(title), details=readiness_lines(award_round, ready), refusal=refusal,
                             allow_override=True)


def _round(code: str, round_code: str):
    award = get_cycle(code)
    return award, get_round(award, round_code)


@bp.route("/<code>/rounds/<round_code>/state/<step>", methods=["POST"])
@guard("awards.manage")
def step(code: str, round_code: str, step: str):
    award, award_round = _round(code, round_code)
    back = url_for("award_admin.cycle", code=code)
    if step not in STEPS:
        return redirect(back)
    if step in GUARDED and award_round.status == {"close": "open", "publish": "closed"}[step]:
        page = _guarded_step(award_round, step, back)
        if page is not None:
            return page
        call = lambda: STEPS[step](award_round, current_user, override=override_reason())  # noqa: E731
    else:
        call = lambda: STEPS[step](award_round, current_user)  # noqa: E731
    if ConfirmForm().validate_on_submit():
        attempt(AWARDS, call, MESSAGES[step])
    return redirect(back)


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
                           ready=round_readiness(award_round), results=category_results(award_round), confirm=ConfirmForm(), tie_rule=tie_break_rule(),
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
