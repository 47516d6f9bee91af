"""Contact requests and deals between the two sides; the DOST sees every deal."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ecosystem.forms.techmart import ContactDecisionForm, ContactForm, DealMoveForm, DealStartForm
from ecosystem.models.techmart import CONTACT_STATUSES, DEAL_STATES, TRANSFER_FORMS, TechContactRequest
from ecosystem.permissions import can, guard
from ecosystem.services.techmart import contacts, deals as service
from ecosystem.services.techmart.contacts import contacts_of
from ecosystem.services.techmart.demands import demand_query
from ecosystem.services.techmart.offers import offers_of
from ecosystem.services.techmart.pipeline import NEXT
from ecosystem.services.techmart.sessions import meetings_of, sessions
from ecosystem.views.once import once
from ecosystem.views.techmart.common import (attempt, demand_choices, get_contact, get_deal, get_offer, my_orgs,
                                             org_choices)
from ecosystem.extensions import db

bp = Blueprint("techmart_deals", __name__, url_prefix="/techmart")
bp.context_processor(lambda: {"deal_states": DEAL_STATES, "contact_statuses": CONTACT_STATUSES,
                              "transfer_forms": TRANSFER_FORMS})


@bp.route("/mine")
@guard("techmart.mine")
def mine():
    ids = current_user.managed_org_ids
    return render_template("techmart/mine.html", offers=offers_of(ids),
                           demands=list(db.session.scalars(demand_query(org_ids=ids or {-1}, include_closed=True))),
                           contacts=contacts_of(current_user), deals=service.deals_of(ids), meetings=meetings_of(ids))


def _buyer(form, offer):
    org = next((o for o in my_orgs(exclude=offer.organisation_id) if o.id == form.organisation.data), None)
    if org is None:
        flash(_("Bạn không quản lý tổ chức này."), "error")
    return org


def _fill(form, offer) -> None:
    orgs = my_orgs(exclude=offer.organisation_id)
    form.organisation.choices = org_choices(orgs)
    form.demand.choices = demand_choices({o.id for o in orgs})


@bp.route("/offers/<int:offer_id>/contact", methods=["POST"])
@guard("techmart.contact.request")
def contact(offer_id: int):
    offer = get_offer(offer_id, "techmart.contact.request")
    form = ContactForm(prefix="c")
    _fill(form, offer)
    if form.validate_on_submit() and (org := _buyer(form, offer)) is not None:
        row = attempt(once("tech_contact", form, TechContactRequest,
                           lambda: contacts.request_contact(offer, org, current_user, form.message.data,
                                                            form.demand.data or None)),
                      _("Đã gửi đề nghị liên hệ. Thông tin liên hệ sẽ hiển thị khi bên chào bán đồng ý."))
        if row:
            return redirect(url_for("techmart_deals.contact_detail", contact_id=row.id))
    return redirect(url_for("techmart.offer", offer_id=offer.id))


@bp.route("/contacts/<int:contact_id>")
@guard("techmart.contact.view")
def contact_detail(contact_id: int):
    row = get_contact(contact_id)
    return render_template("techmart/contact.html", row=row, details=contacts.contact_details(row, current_user),
                           form=ContactDecisionForm())


@bp.route("/contacts/<int:contact_id>/decide", methods=["POST"])
@guard("techmart.contact.decide")
def contact_decide(contact_id: int):
    row = get_contact(contact_id, "techmart.contact.decide")
    accept = request.form.get("decision") == "accept"
    attempt(lambda: contacts.decide_contact(row, current_user, accept),
            _("Đã đồng ý liên hệ.") if accept else _("Đã từ chối đề nghị."))
    return redirect(url_for("techmart_deals.contact_detail", contact_id=row.id))


@bp.route("/offers/<int:offer_id>/deal", methods=["POST"])
@guard("techmart.deal.start")
def deal_start(offer_id: int):
    offer = get_offer(offer_id, "techmart.deal.start")
    form = DealStartForm(prefix="d")
    _fill(form, offer)
    form.session.choices = [(0, "—")] + [(s.id, s.event.title) for s in sessions()]
    if form.validate_on_submit() and (org := _buyer(form, offer)) is not None:
        deal = attempt(lambda: service.start_deal(offer, org, current_user, demand_id=form.demand.data or None,
                                                  session_id=form.session.data or None, note=form.note.data),
                       _("Đã mở thương vụ."))
        if deal:
            return redirect(url_for("techmart_deals.deal", deal_id=deal.id))
    else:
        flash(_("Chọn tổ chức nhận chuyển giao."), "error")
    return redirect(url_for("techmart.offer", offer_id=offer.id))


def _move_form(deal) -> DealMoveForm:
    form = DealMoveForm()
    form.target.choices = [(state, DEAL_STATES[state]) for state in NEXT[deal.state]]
    return form


@bp.route("/deals/<int:deal_id>")
@guard("techmart.deal.view")
def deal(deal_id: int):
    row = get_deal(deal_id)
    form = _move_form(row) if can("techmart.deal.move", row) and NEXT[row.state] else None
    return render_template("techmart/deal.html", deal=row, form=form)


@bp.route("/deals/<int:deal_id>/move", methods=["POST"])
@guard("techmart.deal.move")
def deal_move(deal_id: int):
    row = get_deal(deal_id, "techmart.deal.move")
    form = _move_form(row)
    if not form.validate_on_submit():
        flash(_("Không thể chuyển thương vụ sang bước này."), "error")
    else:
        attempt(lambda: service.move_deal(
            row, form.target.data, current_user, value=form.contract_value_vnd.data,
            form=form.contract_form.data or None, day=form.contract_date.data, reason=form.reason.data,
            note=form.note.data), _("Đã cập nhật thương vụ: %(state)s.", state=DEAL_STATES[form.target.data]))
    return redirect(url_for("techmart_deals.deal", deal_id=deal_id))


@bp.route("/deals")
@guard("techmart.deals.all")
def deals():
    state = request.args.get("state", "")
    return render_template("techmart/deals.html", deals=service.all_deals(state), state=state)
