"""An attendee's side: register (with the event's questions), the ticket with its QR code, cancel,
my registrations, and the feedback form after the event."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.forms.events import FeedbackForm, answers_of, registration_form
from ecosystem.models import Attendance, Registration
from ecosystem.models.events import REGISTRATION_STATUSES
from ecosystem.permissions import guard, require
from ecosystem.services.events import registration as reg
from ecosystem.services.events.feedback import feedback_refusal, submit_feedback
from ecosystem.services.events.lifecycle import to_local
from ecosystem.services.events.qr import format_checkin_code, qr_svg
from ecosystem.views.errors import attempt
from ecosystem.views.events.messages import EVENTS, message
from ecosystem.views.events.pages import get_event
from ecosystem.views.limits import account_or_client_key, limit

bp = Blueprint("tickets", __name__, url_prefix="/events")
NAV = [("tickets.mine", _l("Vé của tôi"), "authenticated", 44)]


@bp.context_processor
def helpers():
    return {"REGISTRATION_STATUSES": REGISTRATION_STATUSES, "to_local": to_local,
            "format_code": format_checkin_code}


def get_registration(registration_id: int) -> Registration:
    registration = db.session.get(Registration, registration_id)
    if registration is None:
        abort(404)
    require("events.registration", registration)
    return registration


@bp.route("/<int:event_id>/register", methods=["GET", "POST"])
@guard("events.register")
@limit("accounts.rate_public_forms", key_func=account_or_client_key)
def register(event_id: int):
    event = get_event(event_id, "events.register")
    mine = reg.active_registration(event, current_user)
    if mine is not None:
        return redirect(url_for("tickets.ticket", registration_id=mine.id))
    refusal = reg.registration_refusal(event, current_user)
    form = registration_form(event.questions, reg.startup_choices(current_user))
    if refusal is None and form.validate_on_submit():
        ok, registration = attempt(EVENTS, lambda: reg.register(
            event, current_user, startup_id=form.startup_id.data or None,
            answers=answers_of(form, event.questions)))
        if ok:
            if registration.status == "confirmed":
                flash(_("Đăng ký thành công. Đây là vé của bạn."), "success")
            else:
                flash(_("Sự kiện đã hết chỗ: bạn đang ở danh sách chờ."), "success")
            return redirect(url_for("tickets.ticket", registration_id=registration.id))
    return render_template("events/register.html", event=event, form=form,
                           refusal=message(refusal) if refusal else None)


@bp.route("/registrations/<int:registration_id>")
@guard("events.registration")
def ticket(registration_id: int):
    registration = get_registration(registration_id)
    svg = qr_svg(reg.scan_url(registration), title=_("Mã QR check-in của %(name)s", name=registration.name))
    return render_template("events/ticket.html", registration=registration, event=registration.event,
                           qr=svg, position=reg.waiting_position_of(registration),
                           confirm=ConfirmForm())


@bp.route("/registrations/<int:registration_id>/cancel", methods=["POST"])
@guard("events.registration")
def cancel(registration_id: int):
    registration = get_registration(registration_id)
    if ConfirmForm().validate_on_submit():
        attempt(EVENTS, lambda: reg.cancel_registration(registration, current_user), _("Đã huỷ đăng ký."))
    return redirect(url_for("events.detail", event_id=registration.event_id))


@bp.route("/mine")
@guard("authenticated")
def mine():
    from sqlalchemy import select
    attendances = {a.registration_id: a for a in db.session.scalars(
        select(Attendance).where(Attendance.user_id == current_user.id))}
    return render_template("events/mine.html", registrations=reg.my_registrations(current_user),
                           attendances=attendances)


@bp.route("/attendance/<int:attendance_id>/feedback", methods=["GET", "POST"])
@guard("events.feedback")
def feedback(attendance_id: int):
    attendance = db.session.get(Attendance, attendance_id)
    if attendance is None:
        abort(404)
    require("events.feedback", attendance)
    refusal = feedback_refusal(attendance, current_user)
    form = FeedbackForm()
    if refusal is None and form.validate_on_submit():
        if attempt(EVENTS, lambda: submit_feedback(attendance, current_user, form.rating.data, form.comment.data),
                   _("Cảm ơn bạn đã góp ý!"))[0]:
            return redirect(url_for("tickets.mine"))
    return render_template("events/feedback_form.html", attendance=attendance,
                           event=attendance.event, form=form,
                           refusal=message(refusal) if refusal else None)
