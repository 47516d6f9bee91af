"""Technology-market indicators: deals by state, contracts signed and their value per period; IP
applications filed and titles granted per year.

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


def ip_indicator(scope: Scope) -> dict:
    """IP applications filed and grants in the period, by type, with both per year as trend. A record
    of a person counts everywhere; one of an organisation only in the organisation's place."""
    found = source("ip_records")
    if found is None:
        return unavailable("ip_outcomes", public=True)
    _, c = found
    place = scope.former_district or scope.ward

    def dated(column):
        query = select(c["type"], column).where(_bounds(column, scope))
        return db.session.execute(_in_place(query.where(c["org"].is_not(None)), c["org"], scope) if place
                                  else query).all()

    filed, granted = dated(c["filed"]), dated(c["granted"])
    by_type = Counter(kind for kind, _ in filed)
    return panel("ip_outcomes", public=True, total=len(filed), dimension="ip_type",
                 rows=[("applications", len(filed)), ("grants", len(granted)), *by_type.most_common()],
                 trend=trend(scope, {"applications": [(day, None) for _, day in filed],
                                     "grants": [(day, None) for _, day in granted]}))
