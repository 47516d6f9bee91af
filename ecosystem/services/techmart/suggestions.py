"""Offers for a demand and demands for an offer, scored by the pure core (matching/techmart.py) with
the ecosystem graph's closeness between the two organisations."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.matching import techmart as core
from ecosystem.models import Organisation, Relationship, TechDemand, TechOffer
from ecosystem.services.matching.graph_store import fresh_graph
from ecosystem.services.matching.suggestions import key_names
from ecosystem.services.platform.settings import setting
from ecosystem.services.techmart.reasons import TechReasonWords, breakdown, explain

SHARED_SHOWN = 3


@dataclass
class Suggestion:
    """A scored counterpart with its reasons in words."""

    item: object  # TechOffer or TechDemand
    match: core.Match
    reasons: list
    points: list


def transfers_by_org(org_ids) -> Counter:
    """Technology transfers each organisation has made (technology_transfer ties it is the source of)."""
    ids = list(org_ids)
    if not ids:
        return Counter()
    rows = db.session.execute(select(Relationship.source_org_id, func.count(Relationship.id))
                              .where(Relationship.kind == "technology_transfer",
                                     Relationship.source_org_id.in_(ids))
                              .group_by(Relationship.source_org_id))
    return Counter(dict(rows.all()))


def offer_features(offer: TechOffer, past: Counter) -> core.Offer:
    return core.Offer(offer.id, offer.organisation_id, frozenset(s.id for s in offer.sectors), offer.trl,
                      offer.ip_status, offer.price_min_vnd, offer.price_max_vnd, past.get(offer.organisation_id, 0))


def demand_features(demand: TechDemand) -> core.Demand:
    return core.Demand(demand.id, demand.organisation_id, frozenset(s.id for s in demand.sectors),
                       demand.trl_wanted, demand.budget_min_vnd, demand.budget_max_vnd)


def closeness_from(org_id: int, others) -> dict[int, core.Closeness]:
    """Direct tie or shared neighbours (people and organisations, sector tags aside) in the graph."""
    others = set(others) - {org_id}
    if not others:
        return {}
    with fresh_graph() as graph:
        def neighbours(key):
            return {t.target if t.source == key else t.source for t in graph.ties(key) if t.kind != "sector"}
        mine = neighbours(("org", org_id))
        found = {other: (("org", other) in mine, mine & neighbours(("org", other))) for other in others}
    names = key_names({key for _, shared in found.values() for key in shared})
    return {other: core.Closeness(direct, tuple(sorted(names.get(k, "") for k in shared)[:SHARED_SHOWN]))
            for other, (direct, shared) in found.items()}


def _weights() -> dict:
    return setting("techmart.match_weights")


def _present(matches, items: dict, limit: int) -> list[Suggestion]:
    words = TechReasonWords()
    return [Suggestion(items[key], match, explain(match, words), breakdown(match))
            for key, match in matches[:limit]]


def offers_for_demand(demand: TechDemand, limit: int | None = None) -> list[Suggestion]:
    """Published offers of other organisations that answer the demand, best first."""
    limit = limit or setting("techmart.suggestions_shown")
    offers = [o for o in db.session.scalars(
        select(TechOffer).join(Organisation, Organisation.id == TechOffer.organisation_id)
        .where(TechOffer.status == "published", Organisation.status != "archived",
               TechOffer.organisation_id != demand.organisation_id))]
    past = transfers_by_org({o.organisation_id for o in offers})
    near = closeness_from(demand.organisation_id, {o.organisation_id for o in offers})
    want, weights = demand_features(demand), _weights()
    scored = [core.score_pair(want, offer_features(o, past), weights, near.get(o.organisation_id)) for o in offers]
    ranked = core.rank(scored, limit)
    return _present([(m.offer_id, m) for m in ranked], {o.id: o for o in offers}, limit)


def demands_for_offer(offer: TechOffer, limit: int | None = None) -> list[Suggestion]:
    """Open demands of other enterprises that the offer could answer, best first."""
    limit = limit or setting("techmart.suggestions_shown")
    demands = list(db.session.scalars(
        select(TechDemand).join(Organisation, Organisation.id == TechDemand.organisation_id)
        .where(TechDemand.status == "open", Organisation.status != "archived",
               TechDemand.organisation_id != offer.organisation_id)))
    have = offer_features(offer, transfers_by_org([offer.organisation_id]))
    near = closeness_from(offer.organisation_id, {d.organisation_id for d in demands})
    weights = _weights()
    scored = [core.score_pair(demand_features(d), have, weights, near.get(d.organisation_id)) for d in demands]
    ranked = core.rank(scored, limit)
    return _present([(m.demand_id, m) for m in ranked], {d.id: d for d in demands}, limit)
