"""Benchmark of the award cores, printed as JSON: normalisation of a large round, the judge assignment
flow (k judges, balanced loads, conflicts), eligibility checks and standings with ranking.

Run: .venv/bin/python bench/awards.py [--nominations N] [--judges M] [--k K]
"""
import argparse
import json
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem.services.awards.assignment import assign_judges  # noqa: E402 (pure cores only)
from ecosystem.services.awards.eligibility import check_eligibility  # noqa: E402
from ecosystem.services.awards.ranking import apply_advancement, build_standings, rank_standings  # noqa: E402
from ecosystem.services.awards.rubric import Rubric  # noqa: E402
from ecosystem.services.awards.normalisation import normalize_scores  # noqa: E402

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def timed(func, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - begin)
    return round(best * 1000, 2), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nominations", type=int, default=3000)
    parser.add_argument("--judges", type=int, default=120)
    parser.add_argument("--k", type=int, default=3)
    args = parser.parse_args()
    rnd = random.Random(8)
    judges = [f"J{i}" for i in range(args.judges)]
    panels_count = 4
    size = max(args.k, args.judges // panels_count)
    panels = {n: judges[(n % panels_count) * size:(n % panels_count + 1) * size] or judges[:size]
              for n in range(args.nominations)}
    conflicts = {(rnd.choice(panels[n]), n) for n in range(args.nominations) for _ in range(2)}
    ms_assign, plan = timed(lambda: assign_judges(panels, args.k, conflicts=conflicts), repeat=1)
    loads = list(plan.loads.values())

    setup = json.loads((SEEDS / "awards" / "binh_duong_startup_2024.json").read_text(encoding="utf-8"))
    startup = setup["categories"][0]
    rubric = Rubric.from_data(startup["rounds"][0]["rubric"])
    sheets = {(j, n): {c.code: rnd.randint(int(c.min), int(c.max)) for c in rubric.criteria}
              for n, js in plan.judges.items() for j in js}
    totals = {key: sum(sheet.values()) for key, sheet in sheets.items()}
    ms_normalise, _ = timed(lambda: normalize_scores(totals, (0, 100)))
    tie_break = [{"by": "final"}, {"by": "heaviest_criterion"}, {"by": "submitted_at", "order": "asc"}]
    categories = {n: n % panels_count for n in plan.judges}

    def standings_and_ranking():
        standings, _report = build_standings(sheets, rubric, categories)
        ranked = rank_standings(standings, tie_break, rubric)
        decisions = apply_advancement(standings, {"kind": "top_n", "n": 10}, tie_break, rubric)
        return len(ranked), sum(d.advanced for d in decisions.values())

    ms_results, (ranked, advanced) = timed(standings_and_ranking)
    facts = {"reference_date": date(2026, 6, 1), "first_registration_date": date(2022, 1, 1),
             "province": "Thành phố Hồ Chí Minh", "former_province": "Bình Dương", "contest": "bd-startup",
             "past_wins": [], "team_person_ids": [1, 2, 3], "organisation_ids": [10],
             "person_entry_counts": {1: 1, 2: 2, 3: 1}, "org_entry_counts": {10: 1},
             "staff": [{"role": "judge", "person_id": 90 + i, "organisation_ids": [200 + i]} for i in range(30)]}
    ms_eligibility, _ = timed(lambda: [check_eligibility(startup["eligibility"], facts)
                                       for _ in range(args.nominations)])
    print(json.dumps({
        "nominations": args.nominations, "judges": args.judges, "k": args.k, "conflicts": len(conflicts),
        "assign_ms": ms_assign, "assigned_pairs": sum(len(js) for js in plan.judges.values()),
        "short_nominations": len(plan.shortfalls), "load_min": min(loads), "load_max": max(loads),
        "normalise_ms": ms_normalise, "scores": len(totals),
        "standings_rank_advance_ms": ms_results, "ranked": ranked, "advanced": advanced,
        "eligibility_ms_all_nominations": ms_eligibility,
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
