"""Event pages: the public list and month calendar, the event page, its .ics, create, edit, cancel."""
import calendar as cal
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l, ngettext
from flask_login import current_user

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.forms.directory import ConfirmForm
from ecosystem.forms.events import EventForm, questions_text
from ecosystem.i18n import current_locale
from ecosystem.models import Event
from ecosystem.models.events import EVENT_AUDIENCES, EVENT_KINDS, EVENT_STATUSES, REGISTRATION_STATUSES
from ecosystem.permissions import guard, require
from ecosystem.services.events import registration as reg
from ecosystem.services.events import lifecycle as service
from ecosystem.services.directory.records import all_sectors
from ecosystem.services.platform.process_cache import cached
from ecosystem.views.confirmation import ask_first
from ecosystem.views.errors import attempt
from ecosystem.views.events.messages import EVENTS, message
from ecosystem.views.loading import page_number, sector_choices
from ecosystem.views.once import once
from ecosystem.views.paging import capped_page

bp = Blueprint("events", __name__, url_prefix="/events")
NAV = [("events.index", _l("Sự kiện"), "public", 40)]
ORG_PANELS = ["events/_org_events.html"]
FILTERS = ("q", "kind", "organiser", "sector", "audience")


@bp.context_processor
def vocabularies():
    return {"EVENT_KINDS": EVENT_KINDS, "EVENT_AUDIENCES": EVENT_AUDIENCES,
            "EVENT_STATUSES": EVENT_STATUSES, "REGISTRATION_STATUSES": REGISTRATION_STATUSES,
            "to_local": service.to_local}


@bp.app_context_processor
def organisation_helpers():
    """For templates/events/_org_events.html, included on organisation pages."""
    return {"upcoming_events_of": service.upcoming_of}


def get_event(event_id: int, action: str = "events.view") -> Event:
    event = db.session.get(Event, event_id)
    if event is None:
        abort(404)
    require(action, event)
    return event


def list_filters() -> dict:
    return {name: request.args.get(name, "").strip() for name in FILTERS}


def _drafts_of():
    if not current_user.is_authenticated:
        return None
    return None if not current_user.managed_org_ids else current_user.managed_org_ids


def _filter_options() -> dict:
    return _options_in(current_locale())


@cached("event_options", ("events", "organisations", "sectors"))
def _options_in(locale: str) -> dict:
    """The filters' choices (kept per worker for a few seconds: every events page shows them)."""
    from sqlalchemy import select
    from ecosystem.models import Organisation
    organisers = db.session.execute(select(Organisation.id, Organisation.name).where(
        Organisation.id.in_(select(Event.organiser_id))).order_by(Organisation.name)).all()
    return {"organisers": [(str(i), n) for i, n in organisers],
            "sectors": [(s.code, s.display(locale)) for s in all_sectors()],
            "kinds": list(EVENT_KINDS.items()), "audiences": list(EVENT_AUDIENCES.items())}


@bp.route("/")
@guard("public")
def index():
    filters = list_filters()
    when = "past" if request.args.get("when") == "past" else "upcoming"
    drafts = _drafts_of()
    query = service.event_query(when=when, include_drafts_of=drafts, **filters)
    page = capped_page(query, page_number(), 20,
                       count_key=("events", when, *filters.items(), *sorted(drafts or ())))
    return render_template("events/index.html", page=page, filters=filters, when=when,
                           options=_filter_options())


@bp.route("/calendar")
@guard("public")
def month():
    today = local_today()
    raw = request.args.get("month", "")
    try:
        year, number = (int(part) for part in raw.split("-", 1)) if raw else (today.year, today.month)
        first = date(year, number, 1)
    except ValueError:
        first = date(today.year, today.month, 1)
    filters = list_filters()
    by_day = service.month_events(first.year, first.month, include_drafts_of=_drafts_of(), **filters)
    weeks = cal.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return render_template("events/calendar.html", weeks=weeks, by_day=by_day, first=first,
                           today=today, previous=previous, following=following, filters=filters,
                           options=_filter_options())


@bp.route("/<int:event_id>")
@guard("events.view")
def detail(event_id: int):
    event = get_event(event_id)
    mine = reg.active_registration(event, current_user)
    refusal = None if mine else reg.registration_refusal(event, current_user) \
        if current_user.is_authenticated else None
    return render_template("events/detail.html", event=event, mine=mine,
                           refusal=message(refusal) if refusal else None,
                           position=reg.waiting_position_of(mine) if mine else None,
                           counts=reg.counts(event.id), confirm=ConfirmForm())


@bp.route("/<int:event_id>.ics")
@guard("events.view")
def ics(event_id: int):
    event = get_event(event_id)
    body = service.event_calendar_file(event, current_locale())
    return Response(body, mimetype="text/calendar", headers={
        "Content-Disposition": f'attachment; filename="event-{event.id}.ics"'})


def _form(event=None) -> EventForm:
    form = EventForm(obj=event)
    organisers = service.organisers_for(current_user, event)
    form.organiser_id.choices = [(o.id, o.name) for o in organisers]
    form.sectors.choices = sector_choices()
    if event is not None and event.status == "cancelled":  # stays cancelled while its details are corrected
        form.status.choices = [("cancelled", EVENT_STATUSES["cancelled"])]
    if event is not None and request.method == "GET":
        form.sectors.data = [s.id for s in event.sectors]
        form.questions.data = questions_text(event.questions)
        for name in service.TIMES:
            form[name].data = service.to_local(getattr(event, name))
    return form


def _save(form: EventForm, event=None):
    def call():
        if event is None:
            return once("event", form, Event, lambda: service.create_event(form.data_for_service(), current_user))(), []
        return event, service.update_event(event, form.data_for_service(), current_user)

    ok, saved = attempt(EVENTS, call, form=form, field=lambda error: error.field or "title")
    if not ok:
        return None
    if saved[1]:
        flash(ngettext("%(num)s người trong danh sách chờ đã được xác nhận.",
                       "%(num)s người trong danh sách chờ đã được xác nhận.", len(saved[1])), "success")
    return saved[0]


@bp.route("/new", methods=["GET", "POST"])
@guard("events.create")
def create():
    form = _form()
    if not form.organiser_id.choices:
        flash(_("Bạn cần quản lý một câu lạc bộ hoặc đơn vị tổ chức để tạo sự kiện."), "error")
        return redirect(url_for("events.index"))
    if form.validate_on_submit():
        event = _save(form)
        if event is not None:
            flash(_("Đã tạo sự kiện."), "success")
            return redirect(url_for("events.detail", event_id=event.id))
    return render_template("events/form.html", form=form, event=None)


@bp.route("/<int:event_id>/edit", methods=["GET", "POST"])
@guard("events.manage")
def edit(event_id: int):
    event = get_event(event_id, "events.manage")
    form = _form(event)
    if form.validate_on_submit():
        if _save(form, event) is not None:
            flash(_("Đã lưu thay đổi."), "success")
            return redirect(url_for("events.detail", event_id=event.id))
    return render_template("events/form.html", form=form, event=event)


@bp.route("/<int:event_id>/cancel", methods=["POST"])
@guard("events.manage")
def cancel(event_id: int):
    event = get_event(event_id, "events.manage")
    if event.status != "cancelled":
        counts = reg.counts(event.id)
        page = ask_first(_("Huỷ sự kiện"), ngettext(
            "Sự kiện “%(title)s” sẽ bị huỷ và %(num)s người đăng ký sẽ nhận thông báo huỷ; không thể khôi phục.",
            "Sự kiện “%(title)s” sẽ bị huỷ và %(num)s người đăng ký sẽ nhận thông báo huỷ; không thể khôi phục.",
            counts["confirmed"] + counts["waiting"], title=event.title),
            url_for("events.detail", event_id=event.id), button=_("Huỷ sự kiện"))
        if page is not None:
            return page
    if ConfirmForm().validate_on_submit() and event.status != "cancelled":
        service.cancel_event(event, current_user)
        db.session.commit()
        flash(_("Đã huỷ sự kiện và báo cho người đăng ký."), "success")
    return redirect(url_for("events.detail", event_id=event.id))
