"""The organiser's desk: registrations, invitations, the phone check-in page, exports, feedback."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db, talisman
from ecosystem.hardening.headers import DESK_PERMISSIONS
from ecosystem.forms.directory import ConfirmForm
from ecosystem.forms.events import CheckinCodeForm, InviteForm, WalkInForm
from ecosystem.models import EventInvitation, Registration
from ecosystem.permissions import guard, is_staff
from ecosystem.services.events import checkin as desk
from ecosystem.services.events import registration as reg
from ecosystem.services.events.exports import export_csv, export_xlsx
from ecosystem.services.events.feedback import feedback_summary
from ecosystem.services.events.invitations import invite
from ecosystem.services.events.qr import format_checkin_code
from ecosystem.text import slugify
from ecosystem.views.confirmation import override_reason
from ecosystem.views.errors import attempt
from ecosystem.views.events.messages import EVENTS
from ecosystem.views.events.pages import get_event

bp = Blueprint("desk", __name__, url_prefix="/events")


@bp.context_processor
def helpers():
    from ecosystem.models.events import REGISTRATION_STATUSES
    from ecosystem.services.events.lifecycle import to_local
    return {"REGISTRATION_STATUSES": REGISTRATION_STATUSES, "to_local": to_local,
            "format_code": format_checkin_code}


@bp.route("/<int:event_id>/registrations")
@guard("events.manage")
def registrations(event_id: int):
    event = get_event(event_id, "events.manage")
    rows = list(db.session.scalars(select(Registration).where(Registration.event_id == event.id)
                                   .order_by(Registration.id)))
    invitations = list(db.session.scalars(select(EventInvitation).where(
        EventInvitation.event_id == event.id).order_by(EventInvitation.email)))
    return render_template("events/registrations.html", event=event, rows=rows,
                           counts=reg.counts(event.id), invitations=invitations,
                           invite_form=InviteForm())


@bp.route("/<int:event_id>/invitations", methods=["POST"])
@guard("events.manage")
def invitations(event_id: int):
    event = get_event(event_id, "events.manage")
    form = InviteForm()
    if form.validate_on_submit():
        added, invalid = invite(event, form.emails.data, current_user)
        db.session.commit()
        flash(ngettext("Đã mời %(num)s địa chỉ.", "Đã mời %(num)s địa chỉ.", len(added)), "success")
        if invalid:
            flash(_("Bỏ qua các địa chỉ không hợp lệ: %(list)s", list=", ".join(invalid)), "error")
    return redirect(url_for("desk.registrations", event_id=event.id))


def _download(event, body: bytes, extension: str, mimetype: str, what: str) -> Response:
    name = f"{slugify(event.title)}-{what}.{extension}"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/<int:event_id>/export.csv")
@guard("events.manage")
def export_to_csv(event_id: int):
    event = get_event(event_id, "events.manage")
    what = "attendance" if request.args.get("what") == "attendance" else "registrations"
    return _download(event, export_csv(event, what), "csv", "text/csv; charset=utf-8", what)


@bp.route("/<int:event_id>/export.xlsx")
@guard("events.manage")
def export_to_xlsx(event_id: int):
    event = get_event(event_id, "events.manage")
    return _download(event, export_xlsx(event), "xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "all")


def _override() -> str | None:
    """An officer's reason to check in outside the window (logged by the service); others have none."""
    return desk.officer_override(current_user, override_reason())


def _window(event) -> dict:
    """What the desk pages say about the check-in window."""
    return {"window": desk.window_state(event), "window_times": desk.checkin_window(event),
            "may_override": is_staff(current_user)}


@bp.route("/<int:event_id>/checkin", methods=["GET", "POST"])
@talisman(permissions_policy=DESK_PERMISSIONS)  # the page scans QR codes with the camera
@guard("events.manage")
def checkin(event_id: int):
    """Type or scan a code; search by name; add a walk-in. Works without JavaScript."""
    event = get_event(event_id, "events.manage")
    form = CheckinCodeForm()
    if form.validate_on_submit():
        ok, attendance = attempt(EVENTS, lambda: desk.check_in_code(event, form.code.data, current_user,
                                                                     override=_override()))
        if ok:
            flash(_("Đã check-in: %(name)s", name=attendance.name), "success")
        return redirect(url_for("desk.checkin", event_id=event.id))
    if form.is_submitted():  # refused above: say why instead of showing the page unchanged
        flash(_("Nhập hoặc quét mã check-in.") if form.code.errors
              else _("Phiên làm việc đã hết hạn, vui lòng tải lại trang."), "error")
    q = request.args.get("q", "").strip()
    return render_template("events/checkin.html", event=event, form=form, q=q,
                           results=desk.search_registrations(event, q) if q else [],
                           counts=reg.counts(event.id), walk_in=WalkInForm(), confirm=ConfirmForm(),
                           **_window(event))


@bp.route("/<int:event_id>/checkin/<int:registration_id>", methods=["POST"])
@guard("events.manage")
def checkin_one(event_id: int, registration_id: int):
    event = get_event(event_id, "events.manage")
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.event_id != event.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        ok, attendance = attempt(EVENTS, lambda: desk.check_in(registration, current_user, method="list",
                                                               admit_waiting=request.form.get("admit") == "1",
                                                               override=_override()))
        if ok:
            flash(_("Đã check-in: %(name)s", name=attendance.name), "success")
    return redirect(url_for("desk.checkin", event_id=event.id, q=request.form.get("q", "")))


@bp.route("/<int:event_id>/walk-in", methods=["POST"])
@guard("events.manage")
def walk_in(event_id: int):
    event = get_event(event_id, "events.manage")
    form = WalkInForm()
    if form.validate_on_submit():
        ok, attendance = attempt(EVENTS, lambda: desk.add_walk_in(event, current_user, name=form.name.data.strip(),
                                                                  email=form.email.data, override=_override()))
        if ok:
            flash(_("Đã thêm người đến trực tiếp: %(name)s", name=attendance.name), "success")
    elif form.email.errors and not form.name.errors:
        flash(_("E-mail người đến trực tiếp không hợp lệ; sửa lại hoặc để trống."), "error")
    else:
        flash(_("Nhập họ tên người đến trực tiếp."), "error")
    return redirect(url_for("desk.checkin", event_id=event.id))


@bp.route("/<int:event_id>/checkin/count")
@guard("events.manage")
def count(event_id: int):
    """The live count the desk page polls (JSON)."""
    event = get_event(event_id, "events.manage")
    return reg.counts(event.id)


@bp.route("/scan/<code>")
@guard("authenticated")
def scan(code: str):
    """Where a phone camera lands after scanning a ticket: confirm, then check in by POST."""
    registration = desk.find_by_code(code)
    if registration is None:
        abort(404)
    event = get_event(registration.event_id, "events.manage")
    return render_template("events/scan.html", event=event, registration=registration,
                           confirm=ConfirmForm(), counts=reg.counts(event.id), **_window(event))


@bp.route("/<int:event_id>/feedback")
@guard("events.manage")
def feedback(event_id: int):
    event = get_event(event_id, "events.manage")
    return render_template("events/feedback_results.html", event=event,
                           summary=feedback_summary(event))
