"""Which tranche pays for which usage: FIFO draws, and advances settled from the next tranches.

Pure and deterministic: the outcome never depends on the order entries came in. Settlements are
computed here, not written to the ledger: the ledger keeps what happened (an advance entry), the
rule decides which later appropriation covers it, and the position page shows that settlement.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ecosystem.services.funds.money import as_rate, money


@dataclass
class Tranche:
    year: int
    amount: int
    cit_rate: Decimal
    deadline: date
    proper: int = 0
    misused: int = 0
    settled: int = 0  # part of proper + misused that settled earlier advances

    @property
    def balance(self) -> int:
        return self.amount - self.proper - self.misused


@dataclass
class Allocation:
    """tranches oldest first; draws (day, tranche index, amount, proper, advance day or None);
    advances: every usage part no tranche could pay on its day, with the settlements that covered it."""

    tranches: list
    draws: list = field(default_factory=list)
    advances: list = field(default_factory=list)

    @property
    def unallocated(self) -> list[dict]:
        """What of each advance is still unsettled: {day, amount, proper}."""
        return [{"day": a["day"], "amount": a["unsettled"], "proper": a["proper"]} for a in self.advances
                if a["unsettled"]]

    @property
    def advanced_total(self) -> int:
        return sum(a["amount"] for a in self.advances)


def _take(allocation: Allocation, index: int, day: date, amount: int, proper: bool, advance_day=None) -> None:
    tranche = allocation.tranches[index]
    if proper:
        tranche.proper += amount
    else:
        tranche.misused += amount
    if advance_day is not None:
        tranche.settled += amount
    allocation.draws.append((day, index, amount, proper, advance_day))


def _open(allocation: Allocation, index: int, pending: list) -> None:
    """Tranche `index` becomes usable on 1 January of its tax year: it first settles the advances of
    earlier years still pending, oldest first."""
    tranche = allocation.tranches[index]
    opened_on = date(tranche.year, 1, 1)
    for advance in pending:
        if tranche.balance == 0:
            break
        if advance["unsettled"] == 0 or advance["day"].year >= tranche.year:
            continue
        take = min(advance["unsettled"], tranche.balance)
        _take(allocation, index, opened_on, take, advance["proper"], advance["day"])
        advance["unsettled"] -= take
        advance["settled"].append({"year": tranche.year, "amount": take, "on": opened_on})
    pending[:] = [a for a in pending if a["unsettled"]]


def allocate(appropriations, usages, as_of: date | None, deadline_of) -> Allocation:
    """FIFO draws in a canonical order, then advances settled as later tranches open.

    Tranches: by (tax year, amount, cit rate); deadline_of(year) gives a tranche's last usable day.
    Usages: by day, proper before misused on the same day (a day's misuse is taken from the newest
    eligible money), then amount. A usage draws on tranches of its year or earlier whose deadline has
    not passed; what none can pay is an advance, settled on 1 January of the next tranche's tax year
    (before that year's own usages). Usages after as_of (None: no cut-off) are ignored, and tranches
    whose year starts after as_of settle nothing yet.
    """
    tranches = sorted((Tranche(int(y), money(a), as_rate(r), deadline_of(int(y))) for y, a, r in appropriations),
                      key=lambda t: (t.year, t.amount, t.cit_rate))
    ordered = sorted(((d, money(a), bool(p)) for d, a, p in usages), key=lambda u: (u[0], not u[2], u[1]))
    allocation, pending, opened = Allocation(tranches), [], 0
    for day, amount, proper in ordered:
        if as_of is not None and day > as_of:
            continue
        while opened < len(tranches) and tranches[opened].year <= day.year:
            _open(allocation, opened, pending)
            opened += 1
        left = amount
        for index, tranche in enumerate(tranches):
            if left == 0:
                break
            if tranche.balance == 0 or tranche.year > day.year or day > tranche.deadline:
                continue
            take = min(left, tranche.balance)
            _take(allocation, index, day, take, proper)
            left -= take
        if left:
            advance = {"day": day, "amount": left, "proper": proper, "unsettled": left, "settled": []}
            allocation.advances.append(advance)
            pending.append(advance)
    while opened < len(tranches) and (as_of is None or date(tranches[opened].year, 1, 1) <= as_of):
        _open(allocation, opened, pending)
        opened += 1
    return allocation
