"""The optimal meeting plan of a Techmart: open demands × booths scored by the pure core, then the
capacity-aware assignment (each booth's free slots); an officer previews it and books it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.matching import techmart as core
from ecosystem.models import Organisation, TechDemand, TechmartBooth, TechmartSession, TechmartSlot
from ecosystem.services.platform.settings import setting
from ecosystem.services.techmart.pipeline import TechmartError
from ecosystem.services.techmart.sessions import book_slot, visitor_busy
from ecosystem.services.techmart.suggestions import demand_features, offer_features, transfers_by_org


@dataclass
class Pairing:
    """One proposed meeting: a demand's enterprise at a booth, with the best offer's match."""

    demand: TechDemand
    booth: TechmartBooth
    match: core.Match


def _free(booth: TechmartBooth) -> list[TechmartSlot]:
    return [s for s in booth.slots if s.visitor_org_id is None]


def plan_session(session: TechmartSession) -> list[Pairing]:
    """Optimal pairs (total score) for open demands whose enterprise has no meeting at that booth yet."""
    booths = [b for b in session.booths if _free(b)]
    demands = [d for d in db.session.scalars(
        select(TechDemand).join(Organisation, Organisation.id == TechDemand.organisation_id)
        .where(TechDemand.status == "open", Organisation.status != "archived").order_by(TechDemand.id))]
    if not booths or not demands:
        return []
    met = {(s.visitor_org_id, s.booth_id) for s in db.session.scalars(
        select(TechmartSlot).where(TechmartSlot.session_id == session.id, TechmartSlot.visitor_org_id.is_not(None)))}
    past = transfers_by_org({b.organisation_id for b in booths})
    weights = setting("techmart.match_weights")
    best: dict[tuple[int, int], core.Match] = {}
    scores = [[0.0] * len(booths) for _ in demands]
    for i, demand in enumerate(demands):
        want = demand_features(demand)
        for j, booth in enumerate(booths):
            if demand.organisation_id == booth.organisation_id or (demand.organisation_id, booth.id) in met:
                continue
            matches = [core.score_pair(want, offer_features(o, past), weights) for o in booth.offers]
            top = max(matches, key=lambda m: m.score, default=None)
            if top is not None and top.score > 0:
                best[(i, j)], scores[i][j] = top, top.score
    chosen = core.plan_meetings(scores, [len(_free(b)) for b in booths])
    return [Pairing(demands[i], booths[j], best[(i, j)]) for i, j in enumerate(chosen) if j >= 0]


def apply_plan(session: TechmartSession, actor) -> int:
    """Book each planned pair at the booth's first free slot where the enterprise is free; returns
    how many were booked (a pair whose every free slot clashes is left for the enterprise to book)."""
    booked = 0
    for pairing in plan_session(session):
        visitor = pairing.demand.organisation
        for slot in _free(pairing.booth):
            if visitor_busy(slot, visitor.id):
                continue
            try:
                book_slot(slot, visitor, actor, demand_id=pairing.demand.id, on_behalf=True)
            except TechmartError:
                continue
            booked += 1
            break
    return booked
