"""Office hours: open slots, a mentor publishes, a startup books, either side cancels."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user

from ecosystem.extensions import db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.forms.events import BookForm, SlotForm
from ecosystem.models import OfficeHourSlot, Organisation
from ecosystem.permissions import guard, require
from ecosystem.services.events import office_hours as service
from ecosystem.services.events.registration import startup_choices
from ecosystem.services.events.lifecycle import to_local
from ecosystem.services.privacy.consents import record_consent
from ecosystem.views.errors import attempt
from ecosystem.views.events.messages import EVENTS
from ecosystem.views.limits import account_or_client_key, limit
from ecosystem.views.loading import arg_int

bp = Blueprint("office_hours", __name__, url_prefix="/office-hours")
NAV = [("office_hours.index", _l("Giờ tư vấn"), "public", 42)]


@bp.context_processor
def helpers():
    return {"to_local": to_local}


def get_slot(slot_id: int, action: str, withdrawn_ok: bool = False) -> OfficeHourSlot:
    slot = db.session.get(OfficeHourSlot, slot_id)
    if slot is None or (slot.withdrawn_at is not None and not withdrawn_ok):
        abort(404)
    require(action, slot)
    return slot


def _book_form() -> BookForm:
    form = BookForm()
    form.startup_id.choices = [(o.id, o.name) for o in startup_choices(current_user)]
    return form


@bp.route("/")
@guard("public")
def index():
    slots = service.open_slots(arg_int("mentor"))
    book = _book_form() if current_user.is_authenticated and current_user.has_role("startup") else None
    return render_template("office_hours/index.html", slots=slots, book=book)


@bp.route("/new", methods=["GET", "POST"])
@guard("office_hours.publish")
def publish():
    form = SlotForm()
    if form.validate_on_submit():
        ok, slots = attempt(EVENTS, lambda: service.publish_slots(
            current_user.person_id, form.starts_at.data, form.minutes.data, form.count.data,
            current_user, place=(form.place.data or "").strip() or None,
            online_url=(form.online_url.data or "").strip() or None, note=form.note.data),
            form=form, field="starts_at")
        if ok:
            flash(ngettext("Đã công bố %(num)s khung giờ.", "Đã công bố %(num)s khung giờ.", len(slots)), "success")
            return redirect(url_for("office_hours.mine"))
    return render_template("office_hours/new.html", form=form)


@bp.route("/mine")
@guard("authenticated")
def mine():
    slots = service.slots_of_mentor(current_user.person_id) if current_user.person_id else []
    bookings = service.bookings_of(current_user.managed_org_ids)
    return render_template("office_hours/mine.html", slots=slots, bookings=bookings,
                           confirm=ConfirmForm())


@bp.route("/<int:slot_id>/book", methods=["POST"])
@guard("office_hours.book")
@limit("accounts.rate_public_forms", key_func=account_or_client_key)
def book(slot_id: int):
    slot = get_slot(slot_id, "office_hours.book")
    form = _book_form()
    if form.validate_on_submit():
        startup = db.session.get(Organisation, form.startup_id.data)
        def book_with_consent():
            booked = service.book_slot(slot, startup, current_user, form.topic.data)
            record_consent(current_user, "office_hours", "office_hours", ref_id=slot.id)
            return booked

        if attempt(EVENTS, book_with_consent,
                   _("Đã đặt lịch tư vấn. Cả bạn và cố vấn sẽ được nhắc trước buổi hẹn."))[0]:
            return redirect(url_for("office_hours.mine"))
        return redirect(url_for("office_hours.index"))
    flash(str(form.consent.errors[0]) if form.consent.errors else _("Chọn startup để đặt lịch."), "error")
    return redirect(url_for("office_hours.index"))


@bp.route("/<int:slot_id>/cancel", methods=["POST"])
@guard("office_hours.change")
def cancel(slot_id: int):
    slot = get_slot(slot_id, "office_hours.change")
    if ConfirmForm().validate_on_submit():
        attempt(EVENTS, lambda: service.cancel_booking(slot, current_user), _("Đã huỷ lịch tư vấn."))
    return redirect(url_for("office_hours.mine"))


@bp.route("/<int:slot_id>/withdraw", methods=["POST"])
@guard("office_hours.withdraw")
def withdraw(slot_id: int):
    slot = get_slot(slot_id, "office_hours.withdraw", withdrawn_ok=True)
    if ConfirmForm().validate_on_submit() and slot.withdrawn_at is None:
        attempt(EVENTS, lambda: service.withdraw_slot(slot, current_user), _("Đã rút khung giờ."))
    return redirect(url_for("office_hours.mine"))
