"""Fund warnings for the homes: the tranches whose use-by deadline is near or passed."""
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models.funds import StFund
from ecosystem.services.funds.queries import all_states, fund_state
from ecosystem.services.funds.statements import warnings_due


def fund_warnings(org_ids) -> list[dict]:
    """Warnings due today on the funds of these organisations (each with its fund)."""
    today = local_today()
    found = []
    for fund in db.session.scalars(select(StFund).where(StFund.organisation_id.in_(list(org_ids)))):
        found += [{**w, "fund": fund} for w in warnings_due(fund_state(fund, today).rows, today)]
    return found


def all_fund_warnings() -> dict:
    """For the DOST: how many funds carry a warning today, how many a breach."""
    today = local_today()
    warned = breached = 0
    for state in all_states(today):
        warnings = warnings_due(state.rows, today)
        warned += bool(warnings)
        breached += any(w["kind"] == "breach" for w in warnings)
    return {"warned": warned, "breached": breached}
