"""The deals pipeline with append-only history; a signed contract becomes a graph edge
('technology_transfer', seller → buyer, with the contract value) and counts on the dashboard."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Organisation, Relationship, TechDeal, TechDealEvent, TechOffer
from ecosystem.models.techmart import DEAL_STATES, TRANSFER_FORMS
from ecosystem.services.directory.relations import create_relationship, end_relationship
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.notifications import notify
from ecosystem.services.techmart.contacts import org_users
from ecosystem.services.techmart.pipeline import OPEN, TechmartError, move_refusal


def _record(deal: TechDeal, from_state: str | None, note: str | None, actor) -> None:
    db.session.add(TechDealEvent(deal_id=deal.id, from_state=from_state, to_state=deal.state,
                                 note=(note or "").strip()[:2000] or None, actor_id=actor.id if actor else None))
    db.session.flush()


def _tell_other_side(deal: TechDeal, actor) -> None:
    users = [u for u in org_users(deal.seller_org_id) + org_users(deal.buyer_org_id)
             if actor is None or u.id != actor.id]
    params = {"offer": deal.offer.title, "state": DEAL_STATES[deal.state]}
    notify(users, "techmart.deal", lambda: (_l("Thương vụ chuyển giao công nghệ"),
                                             _l("“%(offer)s”: %(state)s.") % params),
           link=f"/techmart/deals/{deal.id}")


def start_deal(offer: TechOffer, buyer: Organisation, actor, *, demand_id: int | None = None,
               session_id: int | None = None, note: str | None = None) -> TechDeal:
    """Open a deal at 'interest' between the offer's owner and a buyer; one open deal per pair."""
    if buyer.id == offer.organisation_id:
        raise TechmartError("own_offer")
    if db.session.scalar(select(TechDeal.id).where(TechDeal.offer_id == offer.id,
                                                   TechDeal.buyer_org_id == buyer.id,
                                                   TechDeal.state.in_(OPEN))):
        raise TechmartError("deal_exists")
    deal = TechDeal(offer_id=offer.id, seller_org_id=offer.organisation_id, buyer_org_id=buyer.id,
                    demand_id=demand_id, session_id=session_id, state="interest",
                    created_by_id=actor.id if actor else None)
    db.session.add(deal)
    db.session.flush()
    _record(deal, None, note, actor)
    log_action(actor.id if actor else None, "techmart.deal.start", "tech_deal", deal.id)
    _tell_other_side(deal, actor)
    return deal


def move_deal(deal: TechDeal, target: str, actor, *, value: int | None = None, form: str | None = None,
              day: date | None = None, reason: str | None = None, note: str | None = None,
              today: date | None = None) -> TechDeal:
    """One step along the pipeline; the contract step adds the transfer to the graph."""
    db.session.refresh(deal, with_for_update=True)
    refusal = move_refusal(deal.state, target, value=value, form=form, day=day, reason=reason,
                           today=today or local_today(), forms=TRANSFER_FORMS)
    if refusal:
        raise TechmartError(refusal)
    before = deal.state
    deal.state = target
    if target == "contract":
        deal.contract_value_vnd, deal.contract_form, deal.contract_date = value, form, day
        deal.relationship_id = _transfer_edge(deal, actor).id
    elif target == "abandoned":
        deal.abandoned_reason = reason.strip()
        if deal.relationship_id:
            rel = db.session.get(Relationship, deal.relationship_id)
            if rel.ended_on is None:
                end_relationship(rel, actor, on=max(today or local_today(), rel.started_on or date.min))
    db.session.flush()
    _record(deal, before, reason if target == "abandoned" else note, actor)
    log_action(actor.id if actor else None, "techmart.deal.move", "tech_deal", deal.id, state=target)
    _tell_other_side(deal, actor)
    return deal


def _transfer_edge(deal: TechDeal, actor) -> Relationship:
    return create_relationship("technology_transfer", deal.seller, deal.buyer, actor,
                               started_on=deal.contract_date, amount_vnd=deal.contract_value_vnd,
                               source="techmart", note=deal.offer.title[:2000])


def deals_of(org_ids, states=None) -> list[TechDeal]:
    """Deals where any of the organisations is a party, newest first."""
    ids = list(org_ids or [])
    if not ids:
        return []
    query = select(TechDeal).where(or_(TechDeal.seller_org_id.in_(ids), TechDeal.buyer_org_id.in_(ids)))
    if states:
        query = query.where(TechDeal.state.in_(states))
    return list(db.session.scalars(query.order_by(TechDeal.id.desc())))


def all_deals(state: str = "") -> list[TechDeal]:
    query = select(TechDeal)
    if state in DEAL_STATES:
        query = query.where(TechDeal.state == state)
    return list(db.session.scalars(query.order_by(TechDeal.id.desc())))


def is_party(deal: TechDeal, user) -> bool:
    return user.is_authenticated and bool({deal.seller_org_id, deal.buyer_org_id} & user.managed_org_ids)
