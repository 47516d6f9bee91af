"""Benchmark of the pure fund rules, printed as JSON: a large fund's position, its balance check
(today and back-dated), the 03-6 table, and a province's worth of funds (the officers' page).

Run: .venv/bin/python bench/funds.py [--funds N]
"""
import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem.services.funds.statements import form_03_6, warnings_due  # noqa: E402
from ecosystem.services.funds.tranche_rule import available_balance, fund_position  # noqa: E402

BOND = Decimal("0.02")
AS_OF = date(2026, 11, 26)


def ledger(rnd: random.Random, years: int, usages: int):
    appropriations = [(y, rnd.randint(10**8, 10**10), Decimal("0.2")) for y in range(2026 - years, 2026)]
    start = date(2026 - years, 1, 1)
    spend = [(start + timedelta(days=rnd.randint(0, 365 * years)), rnd.randint(10**6, 10**8), rnd.random() > 0.03)
             for _ in range(usages)]
    return appropriations, spend


def timed(func, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        begin = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - begin)
    return round(best * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--funds", type=int, default=2000)
    args = parser.parse_args()
    rnd = random.Random(7)
    appropriations, usages = ledger(rnd, 10, 5000)
    entries = [{"id": i, "kind": "appropriation", "tax_year": y, "amount": a, "cit_rate": c, "rate": Decimal("0.1")}
               for i, (y, a, c) in enumerate(appropriations)]
    entries += [{"id": 100 + i, "kind": "usage", "day": d, "amount": a, "proper": p, "category": "training"}
                for i, (d, a, p) in enumerate(usages)]
    province = [ledger(rnd, 6, 40) for _ in range(args.funds)]
    result = {
        "fund_position_10_tranches_5000_usages_ms": timed(lambda: fund_position(appropriations, usages, AS_OF, BOND)),
        "available_balance_today_ms": timed(lambda: available_balance(appropriations, usages, AS_OF)),
        "available_balance_backdated_ms": timed(lambda: available_balance(appropriations, usages, date(2020, 6, 1)), 2),
        "form_03_6_ms": timed(lambda: form_03_6(entries, 2022)),
        f"officers_page_{args.funds}_funds_ms": timed(
            lambda: [warnings_due(fund_position(a, u, AS_OF, BOND), AS_OF) for a, u in province], 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
