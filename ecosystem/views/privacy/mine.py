"""My data: what is held about me (page, JSON, XLSX), my consents by purpose, my requests."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from ecosystem.formatting import format_day
from ecosystem.extensions import db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.forms.privacy import PrivacyRequestForm
from ecosystem.models.privacy import PRIVACY_REQUEST_KINDS, PRIVACY_REQUEST_STATUSES
from ecosystem.permissions import guard
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.settings import setting
from ecosystem.services.privacy import my_data, requests as privacy_requests
from ecosystem.services.privacy.consents import ConsentError, consents_of
from ecosystem.services.privacy.notice import consent_purposes, purpose_label
from ecosystem.views.privacy.messages import download, message

bp = Blueprint("my_data", __name__, url_prefix="/me")


def sheet_titles() -> dict[str, str]:
    return {"profile": _("Hồ sơ"), "relationships": _("Quan hệ"),
            "support_requests": _("Yêu cầu hỗ trợ"), "support_comments": _("Trao đổi hỗ trợ"),
            "event_registrations": _("Đăng ký sự kiện"), "attendance": _("Tham dự"),
            "office_hours": _("Giờ tư vấn"), "judge_scores": _("Điểm đã chấm"),
            "notifications": _("Thông báo"), "login_history": _("Lịch sử đăng nhập"),
            "sessions": _("Phiên đăng nhập"), "consents": _("Sự đồng ý"),
            "privacy_requests": _("Yêu cầu về dữ liệu")}


def _page(form: PrivacyRequestForm):
    data = my_data.collect_my_data(current_user)
    counts = {name: len(rows) if isinstance(rows, list) else 1
              for name, rows in data["sections"].items()}
    locale = str(get_locale() or "vi")
    consents = consents_of(current_user)
    live = {c.purpose for c in consents if c.withdrawn_at is None}
    purposes = [(code, purpose_label(code, locale), code in live) for code in consent_purposes()]
    return render_template("privacy/mine.html", data=data, counts=counts, titles=sheet_titles(),
                           consents=consents, purposes=purposes, form=form, confirm=ConfirmForm(),
                           requests=privacy_requests.requests_of(current_user),
                           purpose_names={code: text for code, text, _live in purposes},
                           kinds=PRIVACY_REQUEST_KINDS, statuses=PRIVACY_REQUEST_STATUSES,
                           response_days=setting("privacy.response_days"))


@bp.route("/data")
@guard("privacy.mine")
def mine():
    return _page(PrivacyRequestForm())


@bp.route("/data.<any(json, xlsx):fmt>")
@guard("privacy.mine")
def export(fmt: str):
    data = my_data.collect_my_data(current_user)
    log_action(current_user.id, "privacy.export", "user", current_user.id, format=fmt)
    db.session.commit()
    body = my_data.to_json_bytes(data) if fmt == "json" else my_data.to_xlsx(data, sheet_titles())
    return download(body, "du-lieu-cua-toi", fmt)


@bp.route("/data/requests", methods=["POST"])
@guard("privacy.mine")
def submit():
    form = PrivacyRequestForm()
    if not form.validate_on_submit():
        return _page(form)
    try:
        request = privacy_requests.submit_request(current_user, form.kind.data, form.details.data)
    except privacy_requests.RequestError as error:
        db.session.rollback()
        form.details.errors.append(message(error.code))
        return _page(form)
    db.session.commit()
    flash(_("Đã gửi yêu cầu. Hạn trả lời: %(day)s.", day=format_day(request.due_on)), "success")
    return redirect(url_for("my_data.mine"))


@bp.route("/consents/<purpose>/withdraw", methods=["POST"])
@guard("privacy.mine")
def withdraw(purpose: str):
    if ConfirmForm().validate_on_submit():
        try:
            privacy_requests.withdraw_consent(current_user, purpose)
        except (privacy_requests.RequestError, ConsentError) as error:
            db.session.rollback()
            flash(message(error.code), "error")
        else:
            db.session.commit()
            flash(_("Đã rút lại sự đồng ý. Dữ liệu đã có vẫn được giữ đến khi bạn yêu cầu xoá."), "success")
    return redirect(url_for("my_data.mine"))
