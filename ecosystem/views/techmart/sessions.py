"""Techmart sessions: the public page with booths, free meeting slots and the results report; the DOST
creates sessions, adds booths and books the optimal meeting plan."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms import form_data
from ecosystem.forms.techmart import BookForm, BoothForm, SessionForm
from ecosystem.models import Organisation, TechmartBooth, TechmartSession, TechOffer
from ecosystem.models.base import as_utc, utcnow
from ecosystem.permissions import guard
from ecosystem.services.events.lifecycle import EventError, organiser_choices
from ecosystem.services.platform.settings import setting
from ecosystem.services.techmart import planning, sessions as service
from ecosystem.services.techmart.pipeline import TechmartError
from ecosystem.views.once import once
from ecosystem.views.techmart.common import (attempt, demand_choices, enterprise_orgs, get_session, get_slot,
                                             org_choices, refused)

bp = Blueprint("techmart_sessions", __name__, url_prefix="/techmart/sessions")


@bp.route("/")
@guard("public")
def index():
    return render_template("techmart/sessions.html", sessions=service.sessions(), now=utcnow(), as_utc=as_utc)


@bp.route("/<int:session_id>")
@guard("public")
def detail(session_id: int):
    session = get_session(session_id)
    form = None
    if current_user.is_authenticated:
        orgs = enterprise_orgs()
        if orgs:
            form = BookForm()
            form.organisation.choices = org_choices(orgs)
            form.demand.choices = demand_choices({o.id for o in orgs})
    return render_template("techmart/session.html", session=session, report=service.session_report(session),
                           book_form=form, now=utcnow(), as_utc=as_utc)


@bp.route("/new", methods=["GET", "POST"])
@guard("techmart.session.manage")
def new():
    form = SessionForm(meeting_minutes=setting("techmart.meeting_minutes_default"))
    form.organiser_id.choices = org_choices(organiser_choices(current_user))
    if form.validate_on_submit():
        try:
            session = once("techmart_session", form, TechmartSession,
                           lambda: service.create_session(form_data(form), current_user))()
        except (TechmartError, EventError) as error:
            refused(error, form)
        else:
            db.session.commit()
            flash(_("Đã tạo phiên Techmart."), "success")
            return redirect(url_for("techmart_sessions.detail", session_id=session.id))
    return render_template("techmart/session_form.html", form=form)


@bp.route("/<int:session_id>/booths/new", methods=["GET", "POST"])
@guard("techmart.session.manage")
def booth_new(session_id: int):
    session = get_session(session_id)
    form = BoothForm(capacity=4)
    offers = list(db.session.scalars(select(TechOffer).where(TechOffer.status == "published")
                                     .order_by(TechOffer.organisation_id, TechOffer.title)))
    owners = {o.organisation_id for o in offers}
    form.organisation.choices = org_choices(db.session.scalars(
        select(Organisation).where(Organisation.id.in_(owners or {-1})).order_by(Organisation.name)))
    form.offers.choices = [(o.id, f"{o.organisation.name} — {o.title}") for o in offers]
    if form.validate_on_submit():
        exhibitor = db.session.get(Organisation, form.organisation.data)
        chosen = [o for o in offers if o.id in form.offers.data]
        try:
            once("techmart_booth", form, TechmartBooth,
                 lambda: service.add_booth(session, exhibitor, chosen, form.capacity.data, current_user))()
        except TechmartError as error:
            refused(error, form)
        else:
            db.session.commit()
            flash(_("Đã thêm gian hàng."), "success")
            return redirect(url_for("techmart_sessions.detail", session_id=session.id))
    return render_template("techmart/booth_form.html", form=form, session=session)


@bp.route("/<int:session_id>/plan", methods=["GET", "POST"])
@guard("techmart.session.manage")
def plan(session_id: int):
    session = get_session(session_id)
    if request.method == "POST":
        booked = attempt(lambda: planning.apply_plan(session, current_user))
        flash(ngettext("Đã xếp %(num)s buổi gặp theo kế hoạch.", "Đã xếp %(num)s buổi gặp theo kế hoạch.",
                       booked or 0), "success")
        return redirect(url_for("techmart_sessions.detail", session_id=session.id))
    return render_template("techmart/plan.html", session=session, pairings=planning.plan_session(session))


@bp.route("/slots/<int:slot_id>/book", methods=["POST"])
@guard("techmart.slot.book")
def book(slot_id: int):
    slot = get_slot(slot_id, "techmart.slot.book")
    form = BookForm()
    orgs = enterprise_orgs(exclude=slot.booth.organisation_id)
    form.organisation.choices = org_choices(orgs)
    form.demand.choices = demand_choices({o.id for o in orgs})
    visitor = next((o for o in orgs if o.id == form.organisation.data), None)
    if not form.validate_on_submit() or visitor is None:
        flash(_("Chọn doanh nghiệp của bạn để đặt lịch gặp."), "error")
    else:
        attempt(lambda: service.book_slot(slot, visitor, current_user, form.demand.data or None,
                                          on_behalf=visitor.id not in current_user.managed_org_ids),
                _("Đã đặt lịch gặp."))
    return redirect(url_for("techmart_sessions.detail", session_id=slot.session_id))


@bp.route("/slots/<int:slot_id>/cancel", methods=["POST"])
@guard("techmart.slot.cancel")
def cancel(slot_id: int):
    slot = get_slot(slot_id, "techmart.slot.cancel")
    if request.form.get("confirm") != "1":
        flash(_("Không có thay đổi nào."), "error")
        return redirect(url_for("techmart_sessions.detail", session_id=slot.session_id))
    attempt(lambda: service.cancel_slot(slot, current_user), _("Đã huỷ lịch gặp."))
    return redirect(url_for("techmart_sessions.detail", session_id=slot.session_id))


@bp.route("/slots/<int:slot_id>/held", methods=["POST"])
@guard("techmart.slot.held")
def held(slot_id: int):
    slot = get_slot(slot_id, "techmart.slot.held")
    attempt(lambda: service.mark_held(slot, current_user), _("Đã ghi nhận buổi gặp."))
    return redirect(url_for("techmart_sessions.detail", session_id=slot.session_id))
