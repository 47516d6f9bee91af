"""Technology demands: listed for signed-in people; the enterprise sees matching offers with reasons."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms import form_data
from ecosystem.forms.techmart import DemandForm
from ecosystem.models import Event, TechDemand, TechmartBooth, TechmartSession
from ecosystem.models.base import utcnow
from ecosystem.models.funds import USAGE_CATEGORY_LABELS
from ecosystem.models.techmart import booth_offers as booth_offers_table
from ecosystem.permissions import can, guard, require
from ecosystem.services.directory.records import filter_options
from ecosystem.services.techmart import demands as service
from ecosystem.services.techmart.suggestions import offers_for_demand
from ecosystem.views.techmart.common import attempt, enterprise_orgs, get_demand, org_choices, save_for
from ecosystem.views.loading import sector_choices
from ecosystem.views.once import once

bp = Blueprint("techmart_demands", __name__, url_prefix="/techmart/demands")


@bp.route("/")
@guard("techmart.demand.list")
def index():
    sector = request.args.get("sector", "").strip()
    rows = list(db.session.scalars(service.demand_query(sector=sector).limit(200)))
    return render_template("techmart/demands.html", demands=rows, sector=sector,
                           sectors=filter_options(str(get_locale()))["sectors"])


def upcoming_booths(offer_ids) -> dict[int, list[TechmartBooth]]:
    """offer id → booths of Techmart sessions still to come that show it."""
    if not offer_ids:
        return {}
    rows = db.session.execute(
        select(booth_offers_table.c.offer_id, TechmartBooth)
        .join(TechmartBooth, TechmartBooth.id == booth_offers_table.c.booth_id)
        .join(TechmartSession, TechmartSession.id == TechmartBooth.session_id)
        .join(Event, Event.id == TechmartSession.event_id)
        .where(booth_offers_table.c.offer_id.in_(list(offer_ids)), Event.ends_at > utcnow()))
    found: dict[int, list] = {}
    for offer_id, booth in rows:
        found.setdefault(offer_id, []).append(booth)
    return found


@bp.route("/<int:demand_id>")
@guard("techmart.demand.view")
def detail(demand_id: int):
    demand = get_demand(demand_id)
    suggestions = offers_for_demand(demand) if can("techmart.demand.edit", demand) else []
    return render_template("techmart/demand.html", demand=demand, suggestions=suggestions,
                           booths=upcoming_booths({s.item.id for s in suggestions}),
                           fund=service.fund_support(demand) if can("techmart.demand.edit", demand) else None,
                           categories=USAGE_CATEGORY_LABELS)


def _form(demand=None) -> DemandForm:
    form = DemandForm(obj=demand)
    form.sectors.choices = sector_choices()
    form.organisation.choices = org_choices(enterprise_orgs() if demand is None else [demand.organisation])
    if demand is not None and request.method == "GET":
        form.sectors.data = [s.id for s in demand.sectors]
        form.organisation.data = demand.organisation_id
    return form


def _save(form, demand=None):
    org = next((o for o in enterprise_orgs() if o.id == form.organisation.data), None) if demand is None \
        else demand.organisation
    return save_for(form, org, "techmart.demand.create",
                    lambda owner: once("tech_demand", form, TechDemand,
                                       lambda: service.save_demand(owner, form_data(form), current_user, demand))()
                    if demand is None else service.save_demand(owner, form_data(form), current_user, demand),
                    _("Chỉ doanh nghiệp mới đăng được nhu cầu công nghệ."))


@bp.route("/new", methods=["GET", "POST"])
@guard("techmart.demand.create")
def new():
    require("techmart.demand.create")
    form = _form()
    if not form.organisation.choices:
        flash(_("Chỉ doanh nghiệp mới đăng được nhu cầu công nghệ."), "error")
        return redirect(url_for("techmart_demands.index"))
    if form.validate_on_submit() and (saved := _save(form)) is not None:
        flash(_("Đã đăng nhu cầu công nghệ. Dưới đây là các công nghệ phù hợp."), "success")
        return redirect(url_for("techmart_demands.detail", demand_id=saved.id))
    return render_template("techmart/demand_form.html", form=form, demand=None)


@bp.route("/<int:demand_id>/edit", methods=["GET", "POST"])
@guard("techmart.demand.edit")
def edit(demand_id: int):
    demand = get_demand(demand_id, "techmart.demand.edit")
    form = _form(demand)
    if form.validate_on_submit() and _save(form, demand) is not None:
        flash(_("Đã lưu thay đổi."), "success")
        return redirect(url_for("techmart_demands.detail", demand_id=demand.id))
    return render_template("techmart/demand_form.html", form=form, demand=demand)


@bp.route("/<int:demand_id>/status", methods=["POST"])
@guard("techmart.demand.edit")
def status(demand_id: int):
    demand = get_demand(demand_id, "techmart.demand.edit")
    value = request.form.get("status")
    if value not in ("open", "closed"):
        flash(_("Không có thay đổi nào."), "error")
        return redirect(url_for("techmart_demands.detail", demand_id=demand.id))
    attempt(lambda: service.set_demand_status(demand, value, current_user),
            _("Đã mở lại nhu cầu.") if value == "open" else _("Đã đóng nhu cầu."))
    return redirect(url_for("techmart_demands.detail", demand_id=demand.id))
