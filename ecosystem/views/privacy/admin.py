"""Admin pages of personal data: the requests with their due days, the contact-access log and the
processing register export."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.privacy import HandleRequestForm
from ecosystem.clock import local_today
from ecosystem.models.privacy import (CONTACT_CHANNELS, PRIVACY_REQUEST_KINDS, PRIVACY_REQUEST_STATUSES,
                                      PrivacyRequest)
from ecosystem.permissions import can, guard
from ecosystem.services.platform.spreadsheets import to_csv_bytes, to_xlsx_bytes
from ecosystem.services.privacy import requests as privacy_requests
from ecosystem.services.privacy.access_log import access_log_query
from ecosystem.services.privacy.notice import purpose_label, register_table
from ecosystem.views.loading import page_number
from ecosystem.views.privacy.messages import download, message

bp = Blueprint("privacy_admin", __name__, url_prefix="/admin/privacy")


@bp.context_processor
def helpers():
    return {"KINDS": PRIVACY_REQUEST_KINDS, "STATUSES": PRIVACY_REQUEST_STATUSES,
            "CHANNELS": CONTACT_CHANNELS, "today": local_today(), "purpose_label": purpose_label}


@bp.route("/requests")
@guard("privacy.admin")
def requests():
    status = request.args.get("status", "open")
    if status not in ("open", "all", *PRIVACY_REQUEST_STATUSES):
        status = "open"
    query = privacy_requests.request_queue("" if status == "all" else status)
    page = db.paginate(query, page=page_number(), per_page=30, error_out=False)
    return render_template("privacy/admin_requests.html", page=page, status=status)


@bp.route("/requests/<int:request_id>", methods=["GET", "POST"])
@guard("privacy.admin")
def handle(request_id: int):
    row = db.session.get(PrivacyRequest, request_id) or abort(404)
    form = HandleRequestForm()
    if request.method == "POST" and not can("privacy.request.handle", row):
        flash(message("not_open"), "error")
        return redirect(url_for("privacy_admin.handle", request_id=row.id))
    if form.validate_on_submit():
        try:
            if form.action.data == "start":
                privacy_requests.start_request(row, current_user)
            elif form.action.data == "done":
                privacy_requests.complete_request(row, current_user, form.note.data)
            else:
                privacy_requests.refuse_request(row, current_user, form.note.data)
        except privacy_requests.RequestError as error:
            db.session.rollback()
            form.action.errors.append(message(error.code))
        else:
            db.session.commit()
            flash(_("Đã cập nhật yêu cầu."), "success")
            return redirect(url_for("privacy_admin.handle", request_id=row.id))
    return render_template("privacy/admin_request.html", row=row, form=form)


@bp.route("/access-log")
@guard("privacy.admin")
def access_log():
    person = request.args.get("person", "").strip()
    viewer = request.args.get("viewer", "").strip()
    channel = request.args.get("channel", "")
    query = access_log_query(int(person) if person.isdigit() else None, viewer, channel)
    page = db.paginate(query, page=page_number(), per_page=50, error_out=False)
    return render_template("privacy/access_log.html", page=page,
                           filters={"person": person, "viewer": viewer, "channel": channel})


@bp.route("/register.<any(csv, xlsx):fmt>")
@guard("privacy.admin")
def register(fmt: str):
    headers = {"code": _("Mã"), "activity": _("Hoạt động xử lý"), "subjects": _("Chủ thể dữ liệu"),
               "data": _("Loại dữ liệu"), "purpose": _("Mục đích"), "legal_basis": _("Căn cứ pháp lý"),
               "retention": _("Thời hạn lưu trữ"), "recipients": _("Bên nhận"),
               "consent": _("Cần sự đồng ý"), "settings": _("Thiết lập đang áp dụng"),
               "yes": _("có"), "no": _("không")}
    columns, rows = register_table(str(get_locale() or "vi"), headers)
    if fmt == "csv":
        data = to_csv_bytes(rows, columns)
    else:
        data = to_xlsx_bytes({_("Hồ sơ hoạt động xử lý"): (columns, rows)})
    return download(data, "ho-so-xu-ly-du-lieu", fmt)
