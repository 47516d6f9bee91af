"""Technology-market indicators: deals by state, contracts signed and their value per period.

Read through programme_indicators.source, like the other domains' figures: without the techmart
tables the panels say 'unavailable'. A deal counts in the period it was opened (by state) and, once
signed, in the period of its contract date; an abandoned contract still counts as signed then.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.services.dashboard.directory_indicators import Scope, panel, trend, unavailable
from ecosystem.services.dashboard.programme_indicators import _bounds, _in_place, source

STATES = ("interest", "nda", "negotiation", "contract", "completed", "abandoned")  # pipeline order


def signed_contracts(scope: Scope) -> list[tuple]:
    """(contract date, value) of the deals signed in the period; None without the techmart tables."""
    found = source("tech_deals")
    if found is None:
        return None
    _, c = found
    query = _in_place(select(c["signed"], c["value"]).where(c["signed"].is_not(None), _bounds(c["signed"], scope)),
                      c["org"], scope)
    return db.session.execute(query).all()


def transfer_indicators(scope: Scope) -> list[dict]:
    """Two panels: deals opened in the period by state, with contracts signed as trend; contract value."""
    found = source("tech_deals")
    if found is None:
        return [unavailable("technology_deals", public=False), unavailable("technology_contracts", public=False,
                                                                          unit="vnd")]
    _, c = found
    opened = db.session.execute(_in_place(select(c["state"]).where(_bounds(c["at"], scope)), c["org"], scope)).all()
    by_state = Counter(state for (state,) in opened)
    signed = signed_contracts(scope)
    value = sum(v or 0 for _, v in signed)
    return [
        panel("technology_deals", public=False, total=len(opened), dimension="deal_state",
              rows=[(state, by_state[state]) for state in STATES if by_state.get(state)],
              trend=trend(scope, {"contracts": [(day, None) for day, _ in signed]})),
        panel("technology_contracts", public=False, unit="vnd", total=value, dimension="transfer_money",
              rows=[("contracts", len(signed)), ("contract_value", value)],
              trend=trend(scope, {"contract_value": [(day, v or 0) for day, v in signed]})),
    ]
