"""What the fund pages, reports and dashboard read: every figure comes from fund_position, under the
rule set of its tax period."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ecosystem.extensions import db
from ecosystem.models import FundEntry, Organisation, StFund
from ecosystem.services.funds.statements import form_03_6, in_force, ledger_inputs, usage_by_category
from ecosystem.services.funds.tranche_rule import FundPosition, fund_position
from ecosystem.services.funds.ledger import entry_dict, ledger
from ecosystem.services.funds.rule_book import rule_book
from ecosystem.services.platform.settings import setting_decimal
from ecosystem.validators import normalize_tax_code


def find_enterprise(text: str) -> Organisation | None:
    """An organisation named by its slug or its tax code, as the ownership form accepts either."""
    text = (text or "").strip()
    return db.session.scalar(select(Organisation).where(or_(
        Organisation.slug == text, Organisation.tax_code == normalize_tax_code(text))))


@dataclass
class FundState:
    """A fund on a day: its tranche rows, ledger and the totals the pages show."""

    fund: StFund
    as_of: date
    rows: FundPosition
    entries: list = field(default_factory=list)
    cancelled: set = field(default_factory=set)

    @property
    def appropriated(self) -> int:
        return sum(r["appropriated"] for r in self.rows)

    @property
    def used(self) -> int:
        return sum(r["used"] for r in self.rows)

    @property
    def balance(self) -> int:
        """Money still usable: the remaining balance of tranches whose deadline has not passed."""
        return sum(r["remaining"] for r in self.rows if r["deadline"] >= self.as_of)

    @property
    def at_risk(self) -> int:
        return sum(r["at_risk"] for r in self.rows if r["status"] == "open")

    @property
    def owed(self) -> int:
        return sum(r["cit_due"] + r["interest_due"] for r in self.rows)

    @property
    def nearest_deadline(self) -> date | None:
        """The nearest deadline of a tranche still under the compliance share."""
        return min((r["deadline"] for r in self.rows if r["status"] == "open"), default=None)

    @property
    def breaches(self) -> int:
        return sum(1 for r in self.rows if r["status"] == "breach")

    @property
    def rule_sets(self) -> tuple:
        """The rule sets this fund's figures came from, oldest tax periods first."""
        return self.rows.rule_sets


def position(entries: list[FundEntry], as_of: date) -> FundPosition:
    """fund_position over ledger entries, each tranche under the rule set of its tax period."""
    appropriations, usages = ledger_inputs([entry_dict(e) for e in entries])
    return fund_position(appropriations, usages, as_of, setting_decimal("funds.bond_rate_1y"), rule_sets=rule_book())


def fund_state(fund: StFund, as_of: date) -> FundState:
    entries = ledger(fund.id)
    cancelled = {entry_id for entry_id, ok in in_force([entry_dict(e) for e in entries]).items() if not ok}
    return FundState(fund, as_of, position(entries, as_of), entries, cancelled)


def all_states(as_of: date) -> list[FundState]:
    """Every fund with its position, in one query for funds and one for all entries."""
    funds = list(db.session.scalars(select(StFund).options(selectinload(StFund.organisation))))
    by_fund: dict[int, list] = {f.id: [] for f in funds}
    for entry in db.session.scalars(select(FundEntry).order_by(FundEntry.id)):
        by_fund[entry.fund_id].append(entry)
    return [FundState(f, as_of, position(by_fund[f.id], as_of), by_fund[f.id]) for f in funds]


SORTS = {
    "at_risk": (lambda s: -s.at_risk, False),
    "deadline": (lambda s: (s.nearest_deadline is None, s.nearest_deadline or date.max), False),
    "name": (lambda s: s.fund.organisation.name.lower(), False),
    "owed": (lambda s: -s.owed, False),
}


def sorted_states(states: list[FundState], sort: str) -> list[FundState]:
    key, _ = SORTS.get(sort, SORTS["at_risk"])
    return sorted(states, key=lambda s: (key(s), s.fund.id))


def totals_by_year(states: list[FundState]) -> list[dict]:
    """Appropriated, used and at risk per tax year across all funds (the officers' totals)."""
    years: dict[int, dict] = {}
    for state in states:
        for row in state.rows:
            total = years.setdefault(row["year"], {"year": row["year"], "appropriated": 0, "used": 0,
                                                   "at_risk": 0, "owed": 0, "funds": set(),
                                                   "rule_set": row["rule_set"], "unconfirmed": row["unconfirmed"]})
            total["appropriated"] += row["appropriated"]
            total["used"] += row["used"]
            total["at_risk"] += row["at_risk"] if row["status"] == "open" else 0
            total["owed"] += row["cit_due"] + row["interest_due"]
            total["funds"].add(state.fund.id)
    return [dict(t, funds=len(t["funds"])) for _, t in sorted(years.items())]


def tax_report(fund: StFund, tax_year: int) -> dict:
    """Form 03-6/TNDN figures of one tax year, from the ledger in force."""
    entries = [entry_dict(e) for e in ledger(fund.id)]
    return form_03_6(entries, tax_year, rule_sets=rule_book())


def dost_report(fund: StFund, tax_year: int) -> dict:
    """The DOST report: the 03-6 figures plus usage by allowed-use category in the year."""
    entries = [entry_dict(e) for e in ledger(fund.id)]
    return {"form": tax_report(fund, tax_year),
            "categories": usage_by_category(entries, date(tax_year, 1, 1), date(tax_year, 12, 31)),
            "position": position(ledger(fund.id), date(tax_year, 12, 31))}


def funds_of(user) -> list[StFund]:
    """The funds of the enterprises a user manages."""
    ids = user.managed_org_ids
    if not ids:
        return []
    return list(db.session.scalars(select(StFund).where(StFund.organisation_id.in_(ids))))


def fund_of_org(org: Organisation) -> StFund | None:
    return db.session.scalar(select(StFund).where(StFund.organisation_id == org.id))


def rule_set_summaries() -> list[dict]:
    """The rule sets that govern tax periods, oldest first, with the years each governs: the limits the
    fund pages quote, so an installed rule set shows there without a release."""
    book = rule_book()
    found = [{"rule_set": rs, "spans": book.governs(rs.code)} for rs in book.active]
    return sorted((item for item in found if item["spans"]), key=lambda item: item["spans"][0][0])
