"""Awards for the public and nominees: the rules, published results, nominations and their feedback."""
import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.clock import local_today
from ecosystem.forms.awards import DocumentForm, nomination_data
from ecosystem.forms.directory import ConfirmForm
from ecosystem.hardening.downloads import send_upload
from ecosystem.i18n import current_locale
from ecosystem.permissions import can, guard, require
from ecosystem.services.awards import catalogue
from ecosystem.services.awards import nominations
from ecosystem.services.awards.eligibility import rule_text
from ecosystem.services.awards.results import nominee_feedback, published_results, tie_break_rule
from ecosystem.services.awards.setup_checks import advancement_text
from ecosystem.views.awards.nomination_forms import nomination_form_class
from ecosystem.views.awards.loading import (AWARDS, failure_texts, get_cycle, get_document, get_nomination,
                                          get_round)
from ecosystem.views.errors import attempt

bp = Blueprint("awards", __name__, url_prefix="/awards")
NAV = [("awards.index", _l("Giải thưởng"), "awards.browse", 60)]


@bp.route("/")
@guard("awards.browse")
def index():
    return render_template("awards/index.html", cycles=catalogue.list_cycles(), today=local_today(),
                           submission_open=catalogue.submission_open)


@bp.route("/<code>")
@guard("awards.browse")
def cycle(code: str):
    award = get_cycle(code)
    lang = current_locale()
    return render_template("awards/cycle.html", cycle=award, rule_text=lambda r: rule_text(r, lang),
                           advancement_text=lambda r: advancement_text(r, lang), stage_of=catalogue.stage_of,
                           rubric_of=catalogue.rubric_of, open_now=catalogue.submission_open(award, local_today()))


@bp.route("/<code>/results/<round_code>")
@guard("awards.results.public")
def public_results(code: str, round_code: str):
    award = get_cycle(code)
    award_round = get_round(award, round_code)
    require("awards.results.public", award_round)
    return render_template("awards/results_public.html", cycle=award, round=award_round,
                           results=published_results(award_round), tie_rule=tie_break_rule())


@bp.route("/<code>/nominate", methods=["GET", "POST"])
@guard("awards.nominate")
def nominate(code: str):
    award = get_cycle(code)
    category = next((c for c in award.categories if c.code == request.values.get("category")), None)
    if category is None:
        return render_template("awards/choose_category.html", cycle=award,
                               open_now=catalogue.submission_open(award, local_today()))
    form = nomination_form_class(category, creating=True)()
    if request.method == "GET":
        form.idempotency_key.data = secrets.token_hex(16)
    if form.validate_on_submit():
        data = nomination_data(form, category, creating=True)
        ok, nomination = attempt(AWARDS, lambda: nominations.start_nomination(
            award, category, current_user, data, local_today(), form.idempotency_key.data or None),
            _("Đã lưu bản nháp. Bổ sung thành viên, tài liệu rồi nộp hồ sơ."))
        if ok:
            return redirect(url_for("awards.edit", nomination_id=nomination.id))
    return render_template("awards/nomination_form.html", form=form, cycle=award, category=category,
                           nomination=None)


@bp.route("/mine")
@guard("awards.nominate")
def mine():
    return render_template("awards/mine.html", nominations=nominations.nominations_of(current_user))


@bp.route("/nominations/<int:nomination_id>")
@guard("awards.nomination.view")
def nomination(nomination_id: int):
    entry = get_nomination(nomination_id)
    owner = entry.spoken_for_by(current_user)
    return render_template("awards/nomination.html", nomination=entry, owner=owner,
                           feedback=nominee_feedback(entry) if owner else [],
                           failures=failure_texts(entry.eligibility) if owner or can("awards.manage") else [],
                           confirm=ConfirmForm(), document_form=DocumentForm())


@bp.route("/nominations/<int:nomination_id>/edit", methods=["GET", "POST"])
@guard("awards.nomination.edit")
def edit(nomination_id: int):
    entry = get_nomination(nomination_id, "awards.nomination.edit")
    form = nomination_form_class(entry.category, creating=False, nomination=entry)(obj=entry)
    if request.method == "GET":
        form.team.data = [m.person_id for m in entry.members]
        for item in entry.category.form or ():
            form[f"answer_{item['code']}"].data = (entry.answers or {}).get(item["code"])
    if form.validate_on_submit():
        data = nomination_data(form, entry.category, creating=False)
        if attempt(AWARDS, lambda: nominations.update_nomination(entry, current_user, data, local_today()),
                   _("Đã lưu hồ sơ."))[0]:
            return redirect(url_for("awards.nomination", nomination_id=entry.id))
    return render_template("awards/nomination_form.html", form=form, cycle=entry.cycle, category=entry.category,
                           nomination=entry)


@bp.route("/nominations/<int:nomination_id>/documents", methods=["POST"])
@guard("awards.nomination.edit")
def upload(nomination_id: int):
    entry = get_nomination(nomination_id, "awards.nomination.edit")
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.document.data
        attempt(AWARDS, lambda: nominations.add_document(entry, current_user, upload.filename, upload.stream,
                                                         local_today()), _("Đã tải lên tài liệu."))
    else:
        flash(_("Vui lòng chọn một tệp."), "error")
    return redirect(url_for("awards.nomination", nomination_id=entry.id))


@bp.route("/documents/<int:document_id>")
@guard("awards.nomination.view")
def document(document_id: int):
    doc = get_document(document_id)
    return send_upload(nominations.document_path(doc), doc.mime, doc.original_name)


@bp.route("/nominations/<int:nomination_id>/submit", methods=["POST"])
@guard("awards.nomination.edit")
def submit(nomination_id: int):
    entry = get_nomination(nomination_id, "awards.nomination.edit")
    if ConfirmForm().validate_on_submit():
        attempt(AWARDS, lambda: nominations.submit_nomination(entry, current_user, local_today()),
                _("Đã nộp hồ sơ. Ban tổ chức sẽ kiểm tra và thông báo."), keep=("ineligible",))
    return redirect(url_for("awards.nomination", nomination_id=entry.id))
