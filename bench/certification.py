"""Benchmark of the certification cores, printed as JSON: the holiday calendar, working-day
deadlines, condition checks of both rule sets and the revocation warnings over many enterprises.

Run: .venv/bin/python bench/certification.py [--enterprises N]
"""
import argparse
import json
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem.services.certification.rule_sets import (certificate_warnings, deadline_for, evaluate_conditions,  # noqa: E402
                                           parse_rule_sets, read_rule_set_files)
from ecosystem.services.platform.workdays import add_working_days, load_calendar, read_holiday_rows, working_days_between  # noqa: E402,E501

BN = 1_000_000_000


def timed(func, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - begin)
    return round(best * 1000, 2), result


def enterprises(count: int, rnd: random.Random) -> list[dict]:
    sizes = ("large", "medium", "small", "micro")
    out = []
    for _ in range(count):
        years = range(2022, 2025)
        revenue = {y: rnd.randint(1, 2000) * BN for y in years}
        out.append({
            "registered": True, "size_class": rnd.choice(sizes), "age_years": rnd.randint(0, 20),
            "last_fiscal_year": 2024, "first_full_fiscal_year": rnd.randint(2005, 2024),
            "revenue": revenue, "net_revenue": revenue,
            "st_revenue": {y: v * rnd.randint(0, 60) // 100 for y, v in revenue.items()},
            "rd_spending": {y: v * rnd.randint(0, 40) // 1000 for y, v in revenue.items()},
            "rd_staff_with_degree": rnd.randint(0, 30),
            "st_results": [{"type": "invention", "document_number": "1-0001", "right": "owned",
                            "products": ["P"]}],
        })
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--enterprises", type=int, default=10_000)
    args = parser.parse_args()
    rnd = random.Random(6)
    rows = read_holiday_rows()
    load_ms, calendar = timed(lambda: load_calendar(rows))
    nd13, nd268 = parse_rule_sets(read_rule_set_files())
    starts = [date(2019, 1, 1) + timedelta(days=rnd.randint(0, 4000)) for _ in range(10_000)]
    add_ms, _ = timed(lambda: [add_working_days(s, 30, calendar) for s in starts])
    between_ms, _ = timed(lambda: working_days_between(date(2019, 1, 1), date(2030, 12, 31), calendar))
    deadline_ms, _ = timed(lambda: [deadline_for(nd13, "decision", s, calendar, True) for s in starts])
    facts = enterprises(args.enterprises, rnd)
    nd13_ms, r13 = timed(lambda: [evaluate_conditions(nd13, f) for f in facts])
    nd268_ms, r268 = timed(lambda: [evaluate_conditions(nd268, f) for f in facts])
    histories = [{y: {"st_revenue": rnd.randint(0, 50), "total_revenue": 100}
                  for y in range(2019, 2031) if rnd.random() > 0.15} for _ in range(args.enterprises)]
    warn_ms, warned = timed(lambda: [certificate_warnings(nd13, date(2019, 6, 1), h, date(2031, 6, 1),
                                                          warn_missed_after=2, warn_low_share_after=4)
                                     for h in histories])
    print(json.dumps({
        "calendar_rows": len(rows), "load_calendar_ms": load_ms,
        "add_30_working_days_x10000_ms": add_ms, "working_days_2019_2030_ms": between_ms,
        "nd13_decision_deadline_x10000_ms": deadline_ms,
        "enterprises": args.enterprises, "evaluate_nd13_ms": nd13_ms, "evaluate_nd268_ms": nd268_ms,
        "nd13_all_met": sum(all(r.met for r in rs) for rs in r13),
        "nd268_all_met": sum(all(r.met for r in rs) for rs in r268),
        "warnings_ms": warn_ms, "certificates_warned": sum(1 for w in warned if w),
    }, indent=2))


if __name__ == "__main__":
    main()
