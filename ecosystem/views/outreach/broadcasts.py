"""Broadcast pages: save an audience, write, preview recipients and each language, send, see counts."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import force_locale, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.outreach import AudienceForm, BroadcastForm
from ecosystem.models import Audience, Broadcast
from ecosystem.models.accounts import is_staff
from ecosystem.permissions import guard, require
from ecosystem.services.outreach import broadcasts as service
from ecosystem.views.errors import Messages, attempt

bp = Blueprint("broadcasts", __name__, url_prefix="/broadcasts")
NAV = [("broadcasts.index", _l("Gửi thư nhóm"), "outreach.broadcast", 90)]
MESSAGES = Messages({
    "audience_name": _l("Hãy đặt tên cho nhóm nhận."),
    "audience_forbidden": _l("Bạn không được gửi thư tới nhóm này."),
    "broadcast_empty": _l("Cần có tiêu đề và nội dung."),
    "bad_reply_to": _l("Địa chỉ nhận thư trả lời không hợp lệ."),
})
ROLES_FOR_STAFF = ("startup", "mentor", "investor", "judge", "coordinator")


def _targets() -> list[tuple[str, str]]:
    choices = [(f"{kind}:{ref}", f"{label}") for kind, ref, label in service.audience_choices(current_user)]
    if is_staff(current_user):
        choices += [(f"directory:{role}", str(_l("Mọi tài khoản có vai trò %(role)s", role=role)))
                    for role in ROLES_FOR_STAFF]
    return choices


def _audience_form() -> AudienceForm:
    form = AudienceForm()
    form.target.choices = _targets()
    return form


def _broadcast_form() -> BroadcastForm:
    form = BroadcastForm()
    form.audience_id.choices = [(a.id, a.name) for a in service.audiences_for(current_user)]
    return form


@bp.route("/")
@guard("outreach.broadcast")
def index():
    return render_template("outreach/broadcasts.html", audience_form=_audience_form(),
                           form=_broadcast_form(), sent=service.broadcasts_for(current_user))


@bp.route("/audiences", methods=["POST"])
@guard("outreach.broadcast")
def save_audience():
    form = _audience_form()
    if form.validate_on_submit():
        kind, _sep, ref = form.target.data.partition(":")
        if kind == "directory":
            call = lambda: service.save_audience(current_user, form.name.data, kind, None, {"role": ref})  # noqa: E731
        else:
            call = lambda: service.save_audience(current_user, form.name.data, kind, int(ref))  # noqa: E731
        attempt(MESSAGES, call, _l("Đã lưu nhóm nhận."))
    return redirect(url_for("broadcasts.index"))


@bp.route("/send", methods=["POST"])
@guard("outreach.broadcast")
def send():
    """action=preview shows recipients and each language; action=send queues the messages."""
    form = _broadcast_form()
    if not form.validate_on_submit():
        return render_template("outreach/broadcasts.html", audience_form=_audience_form(), form=form,
                               sent=service.broadcasts_for(current_user))
    audience = db.session.get(Audience, form.audience_id.data) or abort(404)
    ok, draft = attempt(MESSAGES, lambda: service.draft(
        current_user, audience, form.subject.data, form.body.data, form.reply_to.data,
        form.subject_en.data, form.body_en.data))
    if not ok:
        return redirect(url_for("broadcasts.index"))
    if request.form.get("action") != "send":
        recipients = service.resolve(audience)
        compose = service.compose_for(draft)
        versions = {}
        for locale in sorted({u.locale or "vi" for u in recipients} or {"vi"}):
            with force_locale(locale):
                versions[locale] = compose()
        db.session.expunge(draft) if draft in db.session else None
        return render_template("outreach/broadcast_preview.html", form=form, recipients=recipients,
                               versions=versions, audience=audience)
    ok, sent = attempt(MESSAGES, lambda: service.send(current_user, draft), _l("Đã xếp thư vào hộp thư đi."))
    return redirect(url_for("broadcasts.detail", broadcast_id=sent.id) if ok else url_for("broadcasts.index"))


@bp.route("/<int:broadcast_id>")
@guard("outreach.broadcast_view")
def detail(broadcast_id: int):
    broadcast = db.session.get(Broadcast, broadcast_id) or abort(404)
    require("outreach.broadcast_view", broadcast)
    return render_template("outreach/broadcast_detail.html", broadcast=broadcast,
                           counts=service.delivery_counts(broadcast.id))
