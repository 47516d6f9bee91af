"""The 5-year / 70 % rule of enterprise S&T funds as plain data in, plain data out (RULES.md §2).

Ledger entries, reports and warnings built on it live in fund_ledger_rules.

No Flask, models or database here: the ledger pages, the 03-6/TNDN report, the warnings job and
the dashboard all call these functions, so one set of hand-computed tests covers them all.
Money is int VND; rates are Decimal; [setting] values are keyword arguments whose defaults come
from seeds/settings/funds.json (the service passes the officer's current values).
"""
import json
from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from ecosystem.services.platform.errors import DomainError

SETTINGS_FILE = Path(__file__).resolve().parents[3] / "seeds" / "settings" / "funds.json"

USAGE_KINDS = ("usage", "advance", "transfer_out")
INFLOW_KINDS = ("appropriation", "transfer_in")


class FundRuleError(DomainError, ValueError):
    """A rule refused an entry; `code` is stable for callers, `params` hold the limits it broke."""


@lru_cache(maxsize=1)
def _seed_settings() -> dict:
    raw = json.loads(SETTINGS_FILE.read_text(encoding="utf-8"))
    return {key: Decimal(value) if isinstance(value, str) else value for key, value in raw.items()}


def fund_setting(key: str):
    """Default of a [setting] from the seed file, e.g. fund_setting('late_payment_rate_per_day')."""
    value = _seed_settings()[f"funds.{key}"]
    return list(value) if isinstance(value, list) else value


def or_setting(value, key):
    """value, or the seed default of the [setting] when the caller passed None."""
    return fund_setting(key) if value is None else value


def round_vnd(value) -> int:
    """Whole đồng, half up: the only rounding money gets."""
    return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def as_rate(value) -> Decimal:
    """A rate as Decimal; a float is read through its text so 0.1 stays 0.1."""
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _money(value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FundRuleError("bad_amount", value=value)
    return value


def add_months(day: date, months: int) -> date:
    """Same day-of-month `months` later (negative: earlier), clamped to the month's last day."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    return date(year, month0 + 1, min(day.day, monthrange(year, month0 + 1)[1]))


def months_between(start: date, end: date) -> int:
    """Whole months from start to end, 0 when end is not after start."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(0, months)


def tranche_deadline(tax_year: int, deadline_years: int | None = None) -> date:
    """31 December of tax year + the offset [setting, 5]."""
    return date(tax_year + or_setting(deadline_years, "deadline_offset_years"), 12, 31)


# --- allocation core ---------------------------------------------------------------------------

@dataclass
class _Tranche:
    year: int
    amount: int
    cit_rate: Decimal
    deadline: date
    proper: int = 0
    misused: int = 0

    @property
    def balance(self) -> int:
        return self.amount - self.proper - self.misused


def allocate(appropriations, usages, as_of, deadline_years):
    """FIFO draws in a canonical order, so the outcome never depends on the order entries came in.

    Tranches: by (tax year, amount, cit rate). Usages: by day, proper before misused on the same day
    (a day's misuse is taken from the newest eligible money), then amount. Usages after as_of
    (None: no cut-off) are ignored. Returns (tranches, draws, unallocated); a draw is
    (day, tranche index, amount, proper).
    """
    tranches = sorted(
        (_Tranche(int(y), _money(a), as_rate(r), tranche_deadline(int(y), deadline_years)) for y, a, r in appropriations),
        key=lambda t: (t.year, t.amount, t.cit_rate))
    ordered = sorted(((d, _money(a), bool(p)) for d, a, p in usages), key=lambda u: (u[0], not u[2], u[1]))
    draws, unallocated = [], []
    for day, amount, proper in ordered:
        if as_of is not None and day > as_of:
            continue
        left = amount
        for index, tranche in enumerate(tranches):
            if left == 0:
                break
            if tranche.balance == 0 or tranche.year > day.year or day > tranche.deadline:
                continue
            take = min(left, tranche.balance)
            if proper:
                tranche.proper += take
            else:
                tranche.misused += take
            draws.append((day, index, take, proper))
            left -= take
        if left:
            unallocated.append({"day": day, "amount": left, "proper": proper})
    return tranches, draws, unallocated


class FundPosition(list):
    """The rows of fund_position (a plain list to compare against) plus what no tranche could take."""

    def __init__(self, rows, unallocated, as_of):
        super().__init__(rows)
        self.unallocated = unallocated
        self.unallocated_total = sum(item["amount"] for item in unallocated)
        self.as_of = as_of


def fund_position(appropriations, usages, as_of: date, bond_rate: Decimal, *, late_rate: Decimal | None = None,
                  deadline_years: int | None = None, compliance_share: Decimal | None = None) -> FundPosition:
    """One row per appropriation, oldest first: how much is used, by when, and what is owed (issue 7).

    appropriations: (tax_year, amount VND, cit_rate); usages: (day, amount VND, proper). A usage
    dated after as_of is not yet part of the position and is ignored. Each usage is drawn FIFO
    from the oldest tranche with a balance whose tax year is not after the usage's year and whose
    deadline (31/12 of year + deadline_years) is on or after the usage's day.

    Decisions where the issue is silent:
    - A usage (or the part of it) that no tranche can take is an advance: it is not charged to any
      tranche (a later tax year may not pay for an earlier day) and is reported in
      `result.unallocated` ({day, amount, proper}) and `result.unallocated_total`; it never raises.
      A misused advance has no tranche and so no CIT rate: it owes nothing here; the service flags it.
    - Zero appropriation: 0 ≥ 70 % of 0, so it is compliant; used_ratio is 0 (no division by zero).
    - used_ratio = used / appropriated with used = proper + misused (the "% used" of the views);
      compliance looks only at proper usage (proper_used ≥ compliance_share × appropriated).
    - The deadline day itself is still inside the term: a usage on it counts, as_of on it is 'open'.
    - Misuse, read literally: for a breach, unused = appropriated − proper usage, which includes the
      misused part, and the misused part also owes its own CIT and late-payment interest
      "whatever the tranche's status". So for a breached tranche with misuse the two charges add
      up and the misused part bears CIT twice. Components are kept apart (breach_cit,
      breach_interest, misuse_cit, misuse_interest) so the service can net them if the officer
      reads the law (tax once on the misused part) differently; cit_due and interest_due are sums.
    - Late-payment interest = round(misuse_cit × late_rate × days), days from 31/12 of the tax year
      to as_of (0 if as_of is earlier); interest_due for a breach uses the rounded cit_due.
    Added keys: cit_rate, proper_used, misused, unused, at_risk (unused money while not compliant),
    to_comply (proper usage still needed to reach the share while open), months_left, days_left, late_days
    and the four charge components above.
    """
    late_rate = as_rate(or_setting(late_rate, "late_payment_rate_per_day"))
    share = as_rate(or_setting(compliance_share, "compliance_share"))
    bond_rate = as_rate(bond_rate)
    tranches, _, unallocated = allocate(appropriations, usages, as_of, deadline_years)
    rows = [_row(t, as_of, bond_rate, late_rate, share) for t in tranches]
    return FundPosition(rows, unallocated, as_of)


def _row(t: _Tranche, as_of: date, bond_rate: Decimal, late_rate: Decimal, share: Decimal) -> dict:
    used = t.proper + t.misused
    unused = t.amount - t.proper
    compliant = t.proper >= share * t.amount
    status = "compliant" if compliant else ("breach" if as_of > t.deadline else "open")
    breach_cit = round_vnd(unused * t.cit_rate) if status == "breach" else 0
    breach_interest = round_vnd(breach_cit * bond_rate * 2)
    late_days = max(0, (as_of - date(t.year, 12, 31)).days)
    misuse_cit = round_vnd(t.misused * t.cit_rate)
    misuse_interest = round_vnd(misuse_cit * late_rate * late_days)
    return {
        "year": t.year, "appropriated": t.amount, "used": used, "remaining": t.balance,
        "deadline": t.deadline, "used_ratio": Decimal(used) / Decimal(t.amount) if t.amount else Decimal(0),
        "status": status, "cit_due": breach_cit + misuse_cit, "interest_due": breach_interest + misuse_interest,
        "cit_rate": t.cit_rate, "proper_used": t.proper, "misused": t.misused, "unused": unused,
        "at_risk": 0 if compliant else unused,
        "to_comply": int((share * t.amount).to_integral_value(ROUND_CEILING)) - t.proper if status == "open" else 0,
        "months_left": months_between(as_of, t.deadline), "days_left": max(0, (t.deadline - as_of).days),
        "late_days": late_days, "breach_cit": breach_cit, "breach_interest": breach_interest,
        "misuse_cit": misuse_cit, "misuse_interest": misuse_interest,
    }


# --- validation --------------------------------------------------------------------------------

def appropriation_amount(taxable_income: int, rate: Decimal) -> int:
    """round(taxable income × rate), half up to the đồng."""
    return round_vnd(_money(taxable_income) * as_rate(rate))


def check_appropriation(taxable_income: int, rate: Decimal, *, state_owned: bool = False, amount: int | None = None,
                        override_reason: str | None = None, max_rate: Decimal | None = None,
                        state_owned_min_rate: Decimal | None = None) -> int:
    """The amount to record, or FundRuleError: 0 < rate ≤ max, ≥ min if state-owned, overrides need a reason.

    An officer's override may differ from round(income × rate) but never exceed round(income × max rate).
    """
    rate = as_rate(rate)
    max_rate = as_rate(or_setting(max_rate, "max_rate"))
    min_rate = as_rate(or_setting(state_owned_min_rate, "state_owned_min_rate"))
    if not 0 < rate <= max_rate:
        raise FundRuleError("rate_out_of_range", max_rate=max_rate)
    if state_owned and rate < min_rate:
        raise FundRuleError("rate_below_state_minimum", min_rate=min_rate)
    computed = appropriation_amount(taxable_income, rate)
    if amount is None or amount == computed:
        return computed
    if not (override_reason or "").strip():
        raise FundRuleError("override_needs_reason", computed=computed)
    if _money(amount) > appropriation_amount(taxable_income, max_rate):
        raise FundRuleError("amount_above_cap", max_rate=max_rate)
    return amount


def available_balance(appropriations, usages, day: date, *, deadline_years: int | None = None) -> int:
    """The largest new usage on `day` the fund can absorb without leaving any usage unallocated.

    The service refuses a usage above this unless it is recorded as an advance. When a usage is
    back-dated before existing ones, the exact figure is found by bisection on the FIFO outcome.
    """
    def unallocated(extra: int) -> int:
        _, _, rest = allocate(appropriations, [*usages, (day, extra, True)], None, deadline_years)
        return sum(item["amount"] for item in rest)

    tranches, _, _ = allocate(appropriations, usages, None, deadline_years)
    if all(d <= day for d, _, _ in usages):
        return sum(t.balance for t in tranches if t.year <= day.year and day <= t.deadline)
    base, low = unallocated(0), 0
    high = sum(t.amount for t in tranches if t.year <= day.year and day <= t.deadline)
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if unallocated(middle) == base else (low, middle - 1)
    return low



def usage_draws(appropriations, usages, new_usage, *, deadline_years: int | None = None) -> list[tuple]:
    """(tax_year, amount, cit_rate) that adding new_usage takes from each tranche, oldest first.

    Used to mirror a transfer out as transfers in of the same years and rates on the receiving
    fund. Exact when new_usage is dated on or after every other usage (the service requires it).
    """
    before, _, _ = allocate(appropriations, usages, None, deadline_years)
    after, _, _ = allocate(appropriations, [*usages, new_usage], None, deadline_years)
    draws = [(t.year, (t.proper + t.misused) - (b.proper + b.misused), t.cit_rate) for b, t in zip(before, after)]
    return [draw for draw in draws if draw[1] > 0]
