"""Webhooks pages: register a URL for chosen events, see each delivery's answer, switch a hook off."""
from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.api import WebhookForm
from ecosystem.models import Organisation, Webhook
from ecosystem.permissions import guard, require
from ecosystem.services.api import webhooks as service
from ecosystem.views.errors import Messages, attempt

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")

EVENT_LABELS = {
    "support.request.state_changed": _l("Yêu cầu hỗ trợ đổi trạng thái"),
    "events.registration.confirmed": _l("Đăng ký sự kiện được xác nhận"),
    "events.registration.promoted": _l("Đăng ký được chuyển từ danh sách chờ"),
    "certification.certificate.issued": _l("Đã cấp giấy chứng nhận"),
    "certification.certificate.revoked": _l("Đã thu hồi giấy chứng nhận"),
    "awards.results.published": _l("Công bố kết quả giải thưởng"),
}
WEBHOOKS = Messages({
    "webhook_url": _l("Địa chỉ phải là http:// hoặc https:// có tên máy."),
    "webhook_events": _l("Chọn ít nhất một sự kiện hợp lệ."),
    "webhook_owner": _l("Bạn không quản lý tổ chức này."),
    "webhook_https": _l("Địa chỉ phải bắt đầu bằng https://."),
    "webhook_private": _l("Không gửi webhook vào mạng nội bộ: %(host)s trỏ tới %(address)s (địa chỉ không công khai)."),
    "webhook_unresolved": _l("Không tìm thấy máy chủ %(host)s."),
})


def _form() -> WebhookForm:
    form = WebhookForm()
    orgs = db.session.scalars(select(Organisation).where(
        Organisation.id.in_(current_user.managed_org_ids or {0})).order_by(Organisation.name))
    choices = [("", _("Mọi tổ chức (quản trị)"))] if current_user.has_role("admin") else []
    form.organisation.choices = choices + [(str(o.id), o.name) for o in orgs]
    form.events.choices = [(code, str(EVENT_LABELS[code])) for code in service.EVENTS]
    return form


def get_hook(hook_id: int) -> Webhook:
    hook = db.session.get(Webhook, hook_id)
    if hook is None:
        abort(404)
    require("webhook.view", hook)
    return hook


@bp.route("/", methods=["GET", "POST"])
@guard("webhook.manage")
def index():
    form = _form()
    if form.validate_on_submit():
        org = db.session.get(Organisation, int(form.organisation.data)) if form.organisation.data else None
        ok, hook = attempt(WEBHOOKS, lambda: service.create_webhook(current_user, form.url.data, form.events.data,
                                                                    org), form=form)
        if ok:
            return redirect(url_for("webhooks.detail", hook_id=hook.id))
    return render_template("api/webhooks.html", form=form, hooks=service.hooks_visible_to(current_user),
                           labels=EVENT_LABELS)


@bp.route("/<int:hook_id>")
@guard("webhook.view")
def detail(hook_id: int):
    """The hook, its secret (for its owners, to check signatures) and the last deliveries' answers."""
    hook = get_hook(hook_id)
    return render_template("api/webhook.html", hook=hook, deliveries=hook.deliveries[:100], labels=EVENT_LABELS)


@bp.route("/<int:hook_id>/disable", methods=["POST"])
@guard("webhook.view")
def disable(hook_id: int):
    hook = get_hook(hook_id)
    attempt(WEBHOOKS, lambda: service.disable_webhook(hook), _("Đã tắt webhook."))
    return redirect(url_for("webhooks.detail", hook_id=hook.id))
