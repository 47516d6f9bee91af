"""Admin pages: the mail outbox, users and roles, and settings overrides."""
import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.admin import RolesForm, SettingForm
from ecosystem.forms.directory import ConfirmForm
from ecosystem.models import OutboxMessage, RoleRequest, User
from ecosystem.permissions import guard
from ecosystem.services.accounts import roles
from ecosystem.services.platform.settings import defaults, reload_settings, set_setting, setting
from ecosystem.text import fold
from ecosystem.views.loading import page_number

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/outbox")
@guard("admin")
def outbox():
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc())
    page = db.paginate(query, page=page_number(), per_page=30, error_out=False)
    return render_template("admin/outbox.html", page=page)


@bp.route("/jobs")
@guard("admin")
def jobs():
    from ecosystem.jobs import JOBS
    from ecosystem.services.platform.job_runs import recent_runs
    runs = recent_runs(job_id=request.args.get("job", "")[:80])
    counts = {status: sum(r.status == status for r in runs) for status in ("failed", "stuck", "running", "ok")}
    return render_template("admin/jobs.html", runs=runs, counts=counts, jobs=JOBS,
                           chosen=request.args.get("job", ""))


@bp.route("/users")
@guard("staff")
def users():
    """Officers and admins: role requests to decide and accounts to verify; admins edit roles."""
    q = fold(request.args.get("q", ""))
    query = select(User).order_by(User.email)
    if q:
        query = query.where(User.email.contains(q))
    page = db.paginate(query, page=page_number(), per_page=30, error_out=False)
    return render_template("admin/users.html", page=page, q=request.args.get("q", ""),
                           requests=roles.pending_role_requests(), confirm=ConfirmForm())


@bp.route("/role-requests/<int:request_id>/<any(approve, decline):decision>", methods=["POST"])
@guard("staff")
def decide_role_request(request_id: int, decision: str):
    asked = db.session.get(RoleRequest, request_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            roles.decide_role_request(asked, decision == "approve", current_user)
        except roles.RoleRequestError:
            db.session.rollback()
            flash(_("Yêu cầu này đã được xử lý trước đó."), "info")
        else:
            db.session.commit()
            flash(_("Đã duyệt vai trò.") if decision == "approve" else _("Đã từ chối vai trò."),
                  "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/verify", methods=["POST"])
@guard("staff")
def verify_user(user_id: int):
    """An officer vouches for an account, which then sees members-only contact details."""
    user = db.session.get(User, user_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        roles.verify_member(user, current_user)
        db.session.commit()
        flash(_("Đã xác minh thành viên %(email)s.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@guard("admin")
def user_roles(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = RolesForm()
    if request.method == "GET":
        form.roles.data = sorted(user.role_codes)
        form.manages.data = ", ".join(m.organisation.slug for m in user.managed)
    if form.validate_on_submit():
        slugs = [s.strip() for s in (form.manages.data or "").split(",") if s.strip()]
        missing = roles.set_roles(user, form.roles.data or [], slugs, current_user)
        if missing:
            db.session.rollback()
            form.manages.errors.append(_("Không tìm thấy tổ chức: %(slugs)s", slugs=", ".join(missing)))
        else:
            db.session.commit()
            flash(_("Đã cập nhật vai trò."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_roles.html", user=user, form=form)


@bp.route("/settings", methods=["GET", "POST"])
@guard("admin")
def settings():
    form = SettingForm()
    if form.validate_on_submit():
        try:
            value = json.loads(form.value.data)
            set_setting(form.key.data, value, current_user.id)
        except json.JSONDecodeError:
            form.value.errors.append(_("Giá trị phải là JSON hợp lệ, ví dụ 5 hoặc \"0.03\"."))
        except KeyError:
            form.key.errors.append(_("Không có thiết lập này."))
        else:
            db.session.commit()
            flash(_("Đã lưu thiết lập."), "success")
            return redirect(url_for("admin.settings"))
    reload_settings()  # the page shows what is stored now, not this worker's copy
    rows = [(key, default, setting(key)) for key, default in sorted(defaults().items())]
    return render_template("admin/settings.html", rows=rows, form=form)
