"""The 5-year / 70 % rule of enterprise S&T funds as plain data in, plain data out (RULES.md §2).

No Flask, models or database here: the ledger pages, the 03-6/TNDN report, the warnings job and
the dashboard all call these functions, so one set of hand-computed tests covers them all.
Each tranche is judged under the rule set governing its tax year (funds.rule_sets); the figures
come from there unless a caller overrides them. Money is int VND; rates are Decimal.
"""
import json
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import lru_cache
from pathlib import Path

from ecosystem.services.funds.allocation import Allocation, Tranche, allocate
from ecosystem.services.funds.money import (  # noqa: F401  (re-exported: callers import the rule from here)
    FundRuleError, add_months, as_rate, money, months_between, pct, round_vnd, vnd)
from ecosystem.services.funds.rule_sets import (KNOWN_USES, POSITION_FIGURES, FundRuleSet, RuleBook,
                                                shipped_rule_book)

SETTINGS_FILE = Path(__file__).resolve().parents[3] / "seeds" / "settings" / "funds.json"
USAGE_CATEGORIES = KNOWN_USES
USAGE_KINDS = ("usage", "advance", "transfer_out")
INFLOW_KINDS = ("appropriation", "transfer_in")


@lru_cache(maxsize=1)
def _seed_settings() -> dict:
    raw = json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
    return {key: Decimal(value) if isinstance(value, str) else value for key, value in raw.items()}


def fund_setting(key: str):
    """Default of a [setting] from the seed file, e.g. fund_setting('warning_months')."""
    value = _seed_settings()[f"funds.{key}"]
    return list(value) if isinstance(value, list) else value


def or_setting(value, key):
    """value, or the seed default of the [setting] when the caller passed None."""
    return fund_setting(key) if value is None else value


def as_book(rule_sets) -> RuleBook:
    """A RuleBook from None (the shipped rule sets), a RuleBook, or rule sets."""
    if rule_sets is None:
        return shipped_rule_book()
    return rule_sets if isinstance(rule_sets, RuleBook) else RuleBook(tuple(rule_sets))


def tranche_deadline(tax_year: int, deadline_years: int | None = None, rule_sets=None) -> date:
    """31 December of tax year + the use deadline in years of the rule set governing that year."""
    if deadline_years is None:
        deadline_years = as_book(rule_sets).for_year(tax_year).value("deadline_years")
    return date(tax_year + deadline_years, 12, 31)


class Terms:
    """The figures a tranche is judged by: its rule set's, or the caller's overrides for every year."""

    def __init__(self, rule_sets=None, *, late_rate=None, deadline_years=None, compliance_share=None):
        self.book = as_book(rule_sets)
        self.overrides = {"late_payment_rate_per_day": late_rate, "deadline_years": deadline_years,
                          "compliance_share": compliance_share}
        self._years: dict = {}

    def of(self, year: int) -> dict:
        if year not in self._years:
            rule_set = self.book.for_year(year)
            figures = {key: rule_set.value(key) if self.overrides.get(key) is None else self.overrides[key]
                       for key in POSITION_FIGURES}
            self._years[year] = dict(
                figures, rule_set=rule_set, share=as_rate(figures["compliance_share"]),
                late_rate=as_rate(figures["late_payment_rate_per_day"]),
                unconfirmed=tuple(k for k in rule_set.unconfirmed(POSITION_FIGURES) if self.overrides.get(k) is None))
        return self._years[year]

    def deadline(self, year: int) -> date:
        return tranche_deadline(year, self.of(year)["deadline_years"])

    def allocate(self, appropriations, usages, as_of) -> Allocation:
        return allocate(appropriations, usages, as_of, self.deadline)


class FundPosition(list):
    """The rows of fund_position (a plain list to compare against), the advances and their settlement,
    and the rule sets the rows were judged under."""

    def __init__(self, rows, allocation: Allocation, as_of, rule_sets=()):
        super().__init__(rows)
        self.advances = allocation.advances
        self.unallocated = allocation.unallocated
        self.unallocated_total = sum(item["amount"] for item in self.unallocated)
        self.settled_total = sum(s["amount"] for a in self.advances for s in a["settled"])
        self.as_of = as_of
        self.rule_sets: tuple[FundRuleSet, ...] = tuple(rule_sets)


def fund_position(appropriations, usages, as_of: date, bond_rate: Decimal, *, rule_sets=None,
                  late_rate: Decimal | None = None, deadline_years: int | None = None,
                  compliance_share: Decimal | None = None) -> FundPosition:
    """One row per appropriation, oldest first: how much is used, by when, what is owed, under which rule set.

    appropriations: (tax_year, amount VND, cit_rate); usages: (day, amount VND, proper); rule_sets: a
    RuleBook (default: the shipped rule sets). Each tranche takes its deadline, compliance share,
    interest years and late-payment rate from the rule set governing its tax year; late_rate,
    deadline_years and compliance_share, when given, override them for every tranche. A usage dated
    after as_of is not yet part of the position and is ignored.

    Decisions where the law is silent or was misread before:
    - Usages draw FIFO on tranches of their year or earlier still within their deadline. What none can
      pay is an advance, settled from the next tranches, oldest first, on 1 January of their tax year
      (funds.allocation): computed, not written to the ledger, and listed in `result.advances`
      ({day, amount, proper, settled: [{year, amount, on}], unsettled}); what no tranche has covered
      yet is `result.unallocated` / `unallocated_total`. A settled misused advance is misuse of the
      tranche that covered it.
    - Zero appropriation: 0 ≥ 70 % of 0, so it is compliant; used_ratio is 0 (no division by zero).
    - used_ratio = (proper + misused) / appropriated; compliance looks only at proper usage.
    - The deadline day itself is still inside the term: a usage on it counts, as_of on it is 'open'.
    - Tax is charged once on each part (CIT Law 14/2008 art. 17(2)): on a breach, the unused part =
      appropriated − proper − misused owes CIT plus the bond rate for the rule set's interest years;
      the misused part, whatever the tranche's status, owes CIT plus late-payment interest for the
      days from 31/12 of the tax year to as_of. cit_due and interest_due are the sums.
    Added keys: cit_rate, proper_used, misused, unused, settled (part that covered advances), at_risk
    (unused money while not compliant), to_comply, months_left, days_left, late_days, the four charge
    components (breach_cit, breach_interest, misuse_cit, misuse_interest), rule_set (code),
    compliance_share, and unconfirmed (figures of the rule set used here not yet confirmed).
    """
    terms = Terms(rule_sets, late_rate=late_rate, deadline_years=deadline_years, compliance_share=compliance_share)
    allocation = terms.allocate(appropriations, usages, as_of)
    rows = [_row(t, as_of, as_rate(bond_rate), terms.of(t.year)) for t in allocation.tranches]
    used = {}
    for tranche in allocation.tranches:
        used.setdefault(terms.of(tranche.year)["rule_set"].code, terms.of(tranche.year)["rule_set"])
    return FundPosition(rows, allocation, as_of, used.values())


def _row(t: Tranche, as_of: date, bond_rate: Decimal, terms: dict) -> dict:
    share = terms["share"]
    used = t.proper + t.misused
    unused = t.balance
    compliant = t.proper >= share * t.amount
    status = "compliant" if compliant else ("breach" if as_of > t.deadline else "open")
    breach_cit = round_vnd(unused * t.cit_rate) if status == "breach" else 0
    breach_interest = round_vnd(breach_cit * bond_rate * terms["unused_interest_years"])
    late_days = max(0, (as_of - date(t.year, 12, 31)).days)
    misuse_cit = round_vnd(t.misused * t.cit_rate)
    misuse_interest = round_vnd(misuse_cit * terms["late_rate"] * late_days)
    return {
        "year": t.year, "appropriated": t.amount, "used": used, "remaining": t.balance,
        "deadline": t.deadline, "used_ratio": Decimal(used) / Decimal(t.amount) if t.amount else Decimal(0),
        "status": status, "cit_due": breach_cit + misuse_cit, "interest_due": breach_interest + misuse_interest,
        "cit_rate": t.cit_rate, "proper_used": t.proper, "misused": t.misused, "unused": unused,
        "settled": t.settled, "at_risk": 0 if compliant else unused,
        "to_comply": int((share * t.amount).to_integral_value(ROUND_CEILING)) - t.proper if status == "open" else 0,
        "months_left": months_between(as_of, t.deadline), "days_left": max(0, (t.deadline - as_of).days),
        "late_days": late_days, "breach_cit": breach_cit, "breach_interest": breach_interest,
        "misuse_cit": misuse_cit, "misuse_interest": misuse_interest,
        "rule_set": terms["rule_set"].code, "compliance_share": share, "unconfirmed": terms["unconfirmed"],
    }


# --- validation --------------------------------------------------------------------------------

def appropriation_amount(taxable_income: int, rate: Decimal) -> int:
    """round(taxable income × rate), half up to the đồng."""
    return round_vnd(money(taxable_income) * as_rate(rate))


def check_appropriation(taxable_income: int, rate: Decimal, *, state_owned: bool = False, amount: int | None = None,
                        override_reason: str | None = None, max_rate: Decimal | None = None,
                        state_owned_min_rate: Decimal | None = None, rule_set: FundRuleSet | None = None) -> int:
    """The amount to record, or FundRuleError: 0 < rate ≤ max, ≥ min if state-owned, overrides need a reason.

    The limits come from rule_set (the one governing the tax year; default: the current shipped one)
    unless given. An officer's override may differ from round(income × rate) but never exceed
    round(income × max rate).
    """
    rule_set = rule_set or shipped_rule_book().current()
    rate = as_rate(rate)
    max_rate = as_rate(max_rate if max_rate is not None else rule_set.value("max_rate"))
    min_rate = as_rate(state_owned_min_rate if state_owned_min_rate is not None
                       else rule_set.value("state_owned_min_rate"))
    if not 0 < rate <= max_rate:
        raise FundRuleError("rate_out_of_range", max_rate=max_rate, rule_set=rule_set.code)
    if state_owned and rate < min_rate:
        raise FundRuleError("rate_below_state_minimum", min_rate=min_rate, rule_set=rule_set.code)
    computed = appropriation_amount(taxable_income, rate)
    if amount is None or amount == computed:
        return computed
    if not (override_reason or "").strip():
        raise FundRuleError("override_needs_reason", computed=computed)
    if money(amount) > appropriation_amount(taxable_income, max_rate):
        raise FundRuleError("amount_above_cap", max_rate=max_rate, rule_set=rule_set.code)
    return amount


def available_balance(appropriations, usages, day: date, *, deadline_years: int | None = None,
                      rule_sets=None) -> int:
    """The largest new usage on `day` the fund can pay without anything becoming an advance.

    The service refuses a usage above this unless it is recorded as an advance. When a usage is
    back-dated before existing ones, the exact figure is found by bisection on the FIFO outcome.
    """
    terms = Terms(rule_sets, deadline_years=deadline_years)

    def advanced(extra: int) -> int:
        return terms.allocate(appropriations, [*usages, (day, extra, True)], None).advanced_total

    tranches = terms.allocate(appropriations, usages, None).tranches
    if all(d <= day for d, _, _ in usages):
        return sum(t.balance for t in tranches if t.year <= day.year and day <= t.deadline)
    base, low = advanced(0), 0
    high = sum(t.amount for t in tranches if t.year <= day.year and day <= t.deadline)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if advanced(middle) == base else (low, middle - 1)
    return low


def usage_draws(appropriations, usages, new_usage, *, deadline_years: int | None = None,
                rule_sets=None) -> list[tuple]:
    """(tax_year, amount, cit_rate) that adding new_usage takes from each tranche, oldest first.

    Used to mirror a transfer out as transfers in of the same years and rates on the receiving
    fund. Exact when new_usage is dated on or after every other usage (the service requires it).
    """
    terms = Terms(rule_sets, deadline_years=deadline_years)
    before = terms.allocate(appropriations, usages, None).tranches
    after = terms.allocate(appropriations, [*usages, new_usage], None).tranches
    draws = [(t.year, (t.proper + t.misused) - (b.proper + b.misused), t.cit_rate) for b, t in zip(before, after)]
    return [draw for draw in draws if draw[1] > 0]
