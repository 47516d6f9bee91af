"""The DOST officers' certification pages: what is due, the rule sets, appraisal decisions, revocation."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.forms.certification import CouncilForm, NoteForm, RevokeForm
from ecosystem.forms.directory import ConfirmForm
from ecosystem.models import Certificate, Organisation
from ecosystem.models.certification import CERTIFICATE_STATUSES
from ecosystem.permissions import guard
from ecosystem.services.certification import appraisal as workflow
from ecosystem.services.certification.context import CertError, calendar, item_text, rule_set, rule_sets
from ecosystem.services.certification.register import revoke_certificate
from ecosystem.services.certification.annual_reports import warnings_for
from ecosystem.views.certification.common import CERT, get_application, get_certificate
from ecosystem.formatting import format_day
from ecosystem.views.confirmation import ask_first
from ecosystem.views.errors import attempt
from ecosystem.views.loading import page_number

bp = Blueprint("cert_office", __name__, url_prefix="/certification/office")
NAV = [("cert_office.due", _l("Hạn xử lý hồ sơ"), "cert.office", 42)]


@bp.route("/due")
@guard("cert.office")
def due():
    today = local_today()
    items = workflow.due_items(today)
    return render_template("certification/due.html", items=items, today=today,
                           holiday=calendar().entry(today))


@bp.route("/rules")
@guard("cert.office")
def rules():
    return render_template("certification/rules.html", rule_sets=rule_sets(), today=local_today())


@bp.route("/rules/<code>")
@guard("cert.office")
def rule(code: str):
    try:
        found = rule_set(code)
    except CertError:
        abort(404)
    return render_template("certification/rule_set.html", rules=found)


@bp.route("/certificates")
@guard("cert.office")
def certificates():
    status = request.args.get("status", "")
    query = select(Certificate).join(Organisation).order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    if status in CERTIFICATE_STATUSES:
        query = query.where(Certificate.status == status)
    page = db.paginate(query, page=page_number(), per_page=30, error_out=False)
    today = local_today()
    warnings = {c.id: warnings_for(c, today) for c in page.items}
    return render_template("certification/certificates.html", page=page, status=status, warnings=warnings)


def _decide(app_id: int, action, success: str):
    app = get_application(app_id, "cert.application.process")
    attempt(CERT, lambda: action(app), success)
    return redirect(url_for("cert.application", app_id=app.id))


def _note(prefix: str) -> str:
    form = NoteForm(prefix=prefix)
    form.validate_on_submit()
    return (form.note.data or "").strip()


@bp.route("/applications/<int:app_id>/request-completion", methods=["POST"])
@guard("cert.application.process")
def request_completion(app_id: int):
    note = _note("complete")
    return _decide(app_id, lambda app: workflow.request_completion(app, current_user, note, local_today()),
                   _("Đã gửi yêu cầu bổ sung hồ sơ."))


@bp.route("/applications/<int:app_id>/accept", methods=["POST"])
@guard("cert.application.process")
def accept(app_id: int):
    form = CouncilForm(prefix="council")
    form.validate_on_submit()
    return _decide(app_id, lambda app: workflow.accept_dossier(app, current_user, local_today(),
                                                               bool(form.with_council.data)),
                   _("Hồ sơ hợp lệ: đã bắt đầu thẩm định."))


@bp.route("/applications/<int:app_id>/council", methods=["POST"])
@guard("cert.application.process")
def council(app_id: int):
    form = CouncilForm(prefix="council")
    form.validate_on_submit()
    return _decide(app_id, lambda app: workflow.set_council(app, current_user, bool(form.with_council.data),
                                                            local_today()),
                   _("Đã cập nhật hội đồng chuyên gia và hạn quyết định."))


@bp.route("/applications/<int:app_id>/forward", methods=["POST"])
@guard("cert.application.process")
def forward(app_id: int):
    note = _note("forward")
    return _decide(app_id, lambda app: workflow.forward_to_ministry(app, current_user, note, local_today()),
                   _("Đã chuyển hồ sơ về Bộ KH&CN."))


@bp.route("/applications/<int:app_id>/refuse", methods=["POST"])
@guard("cert.application.process")
def refuse(app_id: int):
    note = _note("refuse")
    return _decide(app_id, lambda app: workflow.refuse_application(app, current_user, note, local_today()),
                   _("Đã từ chối hồ sơ."))


@bp.route("/applications/<int:app_id>/issue", methods=["POST"])
@guard("cert.application.process")
def issue(app_id: int):
    app = get_application(app_id, "cert.application.process")
    back = url_for("cert.application", app_id=app_id)
    page = ask_first(_("Cấp giấy chứng nhận"), _(
        "%(org)s sẽ được cấp giấy chứng nhận doanh nghiệp KH&CN, có số hiệu và được công khai trên sổ đăng ký; "
        "giấy đã cấp chỉ có thể thu hồi bằng quyết định.", org=app.organisation.name), back,
        button=_("Cấp giấy chứng nhận"))
    if page is not None:
        return page
    if not ConfirmForm().validate_on_submit():
        return redirect(back)
    return _decide(app_id, lambda app: workflow.issue_from_application(app, current_user, local_today()),
                   _("Đã cấp giấy chứng nhận."))


@bp.route("/certificates/<int:cert_id>/revoke", methods=["GET", "POST"])
@guard("cert.certificate.revoke")
def revoke(cert_id: int):
    certificate = get_certificate(cert_id, "cert.certificate.revoke")
    rules = rule_set(certificate.rule_set_code)
    form = RevokeForm()
    form.ground.choices = [(g["code"], item_text(g)) for g in rules.revocation_grounds]
    if request.method == "GET":
        form.decided_on.data = local_today()
    if form.validate_on_submit():
        page = ask_first(_("Thu hồi giấy chứng nhận"), _(
            "Giấy chứng nhận %(number)s của %(org)s sẽ hết hiệu lực và quyết định thu hồi được công khai; "
            "không thể hoàn tác.", number=certificate.number, org=certificate.organisation.name),
            url_for("cert_public.certificate", cert_id=certificate.id), button=_("Thu hồi"))
        if page is not None:
            return page
        if attempt(CERT, lambda: revoke_certificate(certificate, current_user, form.ground.data,
                                                    form.decision_number.data, form.decided_on.data,
                                                    form.note.data or None))[0]:
            flash(_("Đã thu hồi giấy chứng nhận; quyết định được công khai đến hết ngày %(day)s.",
                    day=format_day(certificate.publication_end)), "success")
            return redirect(url_for("cert_public.certificate", cert_id=certificate.id))
    return render_template("certification/revoke.html", certificate=certificate, form=form, rules=rules)
