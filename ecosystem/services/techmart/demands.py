"""Technology demands of enterprises, and the S&T fund that could co-fund a purchase."""
from __future__ import annotations

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Organisation, Sector, TechDemand
from ecosystem.services.directory.records import sectors_by_ids
from ecosystem.services.funds.queries import fund_of_org, fund_state
from ecosystem.services.platform.audit import log_action
from ecosystem.services.techmart.offers import check_range
from ecosystem.services.techmart.pipeline import TechmartError

DEMAND_ORG_KINDS = ("enterprise", "startup")  # a startup is an enterprise too, in law
FIELDS = ("title", "problem", "trl_wanted", "budget_min_vnd", "budget_max_vnd", "deadline", "fund_cofunding")
FUND_CATEGORY = "technology_purchase"  # Circular 05/2022 art. 4: buying technology is a proper fund use


def may_post_demand(org: Organisation) -> bool:
    return org.kind in DEMAND_ORG_KINDS and org.status != "archived"


def save_demand(org: Organisation, data: dict, actor, demand: TechDemand | None = None) -> TechDemand:
    """Create or edit an enterprise's demand."""
    if not may_post_demand(org):
        raise TechmartError("not_an_enterprise", "organisation")
    if not 1 <= int(data["trl_wanted"]) <= 9:
        raise TechmartError("trl_range", "trl_wanted")
    check_range(data.get("budget_min_vnd"), data.get("budget_max_vnd"), "budget_max_vnd")
    sectors = sectors_by_ids(data.get("sectors") or [])
    if not sectors:
        raise TechmartError("sector_required", "sectors")
    created = demand is None
    if created:
        demand = TechDemand(organisation_id=org.id, created_by_id=actor.id if actor else None)
        db.session.add(demand)
    for name in FIELDS:
        setattr(demand, name, data.get(name))
    demand.trl_wanted, demand.fund_cofunding = int(demand.trl_wanted), bool(demand.fund_cofunding)
    demand.sectors = sectors
    db.session.flush()
    log_action(actor.id if actor else None, "techmart.demand." + ("create" if created else "edit"),
               "tech_demand", demand.id)
    return demand


def set_demand_status(demand: TechDemand, status: str, actor) -> None:
    demand.status = status
    db.session.flush()
    log_action(actor.id, f"techmart.demand.{status}", "tech_demand", demand.id)


def demand_query(sector: str = "", org_ids=None, include_closed: bool = False):
    query = select(TechDemand).join(Organisation, Organisation.id == TechDemand.organisation_id)
    if sector:
        query = query.where(TechDemand.sectors.any(Sector.code == sector))
    if org_ids is not None:
        query = query.where(TechDemand.organisation_id.in_(list(org_ids)))
    if not include_closed:
        query = query.where(TechDemand.status == "open", Organisation.status != "archived")
    return query.order_by(TechDemand.created_at.desc(), TechDemand.id.desc())


def fund_support(demand: TechDemand) -> dict | None:
    """The enterprise's S&T fund when the demand intends co-funding: its balance and the proper use."""
    if not demand.fund_cofunding:
        return None
    fund = fund_of_org(demand.organisation)
    if fund is None:
        return {"fund": None, "category": FUND_CATEGORY}
    state = fund_state(fund, local_today())
    return {"fund": fund, "balance": state.balance, "category": FUND_CATEGORY}
