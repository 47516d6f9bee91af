"""Benchmark of the matching core, printed as JSON: assign vs the networkx baseline, and the graph,
suggestions and paths at national scale (50,000 startups, 5,000 mentors, 2,000 investors).

Run: .venv/bin/python bench/matching.py [--skip-baseline] [--skip-database]. `bench_national` takes
plain rows and profiles (the pure core alone); bench/matching_db.py measures the same through the
application on a database loaded by `flask seed-synthetic`, and its figures join this report.
"""
from __future__ import annotations

import argparse
import gc
import json
import random
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem.matching import solve_assignment  # noqa: E402
from ecosystem.matching.assign import allowed_pairs, total_of  # noqa: E402
from ecosystem.matching.assign_exact import assign_by_slots  # noqa: E402
from ecosystem.matching.graph_build import DEFAULT_KIND_WEIGHTS, build_graph  # noqa: E402
from ecosystem.matching.paths import conflict_paths, warm_paths  # noqa: E402
from ecosystem.matching.suggest import InvestorIndex, MentorIndex  # noqa: E402
from ecosystem.matching.suggest_reverse import StartupIndex  # noqa: E402
from matching_synthetic import synthetic  # noqa: E402  (bench/matching_synthetic.py)

AS_OF = date(2025, 11, 1)
HALF_LIFE_DAYS = 730  # bench value for the graph.half_life_days setting
MENTOR_WEIGHTS = {"expertise": 3.0, "stage_fit": 1.5, "mentored_stage": 1.0, "sector": 2.0,
                  "language": 0.5, "location": 0.75, "capacity": 0.5, "proximity": 1.0,
                  "feedback": 1.0}
INVESTOR_WEIGHTS = {"sector": 3.0, "stage": 2.0, "ticket": 1.5, "geography": 0.5,
                    "portfolio_conflict": 3.0, "co_investment": 1.0}
AFFILIATION_KINDS = ("resident", "club_member", "member")


def rss_mb() -> float:
    """Resident set size of this process from /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return float("nan")


def percentiles(samples_s: list[float]) -> dict:
    ms = np.array(samples_s) * 1000.0
    return {"p50_ms": round(float(np.percentile(ms, 50)), 3),
            "p95_ms": round(float(np.percentile(ms, 95)), 3), "n": len(samples_s)}


def random_scores(seed: int, n: int, m: int, per_row: int):
    rng = np.random.default_rng(seed)
    rows = np.repeat(np.arange(n), per_row)
    cols = rng.integers(0, m, n * per_row)
    matrix = sp.csr_array((rng.random(n * per_row) + 0.01, (rows, cols)), shape=(n, m))
    matrix.sum_duplicates()
    return matrix, rng.integers(1, 6, m)


def bench_assign_large(n=20_000, m=4_000, per_row=60) -> dict:
    scores, capacity = random_scores(1, n, m, per_row)
    started = time.perf_counter()
    solution = solve_assignment(scores, capacity)
    seconds = time.perf_counter() - started
    pairs = allowed_pairs(scores)
    started = time.perf_counter()
    exact = total_of(pairs, assign_by_slots(pairs, capacity))
    exact_seconds = time.perf_counter() - started
    used = np.bincount(solution.mentor_of[solution.mentor_of >= 0], minlength=m)
    return {"shape": [n, m], "allowed_pairs": int(pairs.weights.size), "seconds": round(seconds, 3),
            "method": solution.method, "total": solution.total, "assigned":
            int((solution.mentor_of >= 0).sum()), "capacity_respected": bool((used <= capacity).all()),
            "proven_gap_bound": solution.gap_bound, "exact_total_scipy_slots": exact,
            "exact_seconds": round(exact_seconds, 3),
            "relative_gap_vs_exact": abs(exact - solution.total) / exact}


def bench_assign_vs_networkx(n=1_000, m=200, per_row=5, skip=False) -> dict:
    import networkx as nx

    scores, capacity = random_scores(2, n, m, per_row)
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        solution = solve_assignment(scores, capacity)
        runs.append(time.perf_counter() - started)
    ours = min(runs)
    result = {"shape": [n, m], "allowed_pairs_per_startup": per_row,
              "assign_seconds": round(ours, 4), "assign_total": solution.total}
    if skip:
        return result
    pairs = allowed_pairs(scores)
    graph = nx.Graph()
    for i, j, w in zip(pairs.rows.tolist(), pairs.cols.tolist(), pairs.weights.tolist()):
        for slot in range(int(capacity[j])):
            graph.add_edge(("s", i), ("m", j, slot), weight=w)
    started = time.perf_counter()
    matching = nx.max_weight_matching(graph)
    baseline = time.perf_counter() - started
    total = sum(graph.edges[a, b]["weight"] for a, b in matching)
    result.update({"networkx_seconds": round(baseline, 3), "networkx_total": total,
                   "speedup": round(baseline / ours, 1),
                   "same_total": abs(total - solution.total) <= 1e-6 * total})
    return result


def traced_mb(build):
    """Live bytes (MB) still allocated by build() once it returns, and its result."""
    gc.collect()
    tracemalloc.start()
    result = build()
    gc.collect()
    live = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return live / 2**20, result


def bench_national(load_rows, make_profiles, target_keys, queries=300, seed=4) -> dict:
    """Graph build, memory, suggestion and path latencies from plain rows and profiles.

    load_rows() returns the edge rows (EdgeRow or tuples); make_profiles(graph) returns
    (startups, mentors, investors) profiles, startups possibly as a generator (the startup index
    keeps them packed); target_keys are the people paths are asked towards.
    """
    started = time.perf_counter()
    rows = list(load_rows())
    load_seconds = time.perf_counter() - started

    def build():
        return build_graph(rows, kind_weights=DEFAULT_KIND_WEIGHTS,
                           half_life_days=HALF_LIFE_DAYS, as_of=AS_OF, version=1)
    started = time.perf_counter()
    graph = build()
    build_seconds = time.perf_counter() - started
    graph_mb, _ = traced_mb(build)  # a second build, only to count its live bytes
    rows = None
    gc.collect()
    profiles_mb, (startups, mentors, investors) = traced_mb(lambda: make_profiles(graph))
    started = time.perf_counter()
    indexes_mb, (m_index, i_index, s_index) = traced_mb(lambda: (
        MentorIndex(mentors), InvestorIndex(investors), StartupIndex(startups)))
    index_seconds = time.perf_counter() - started
    startups = None  # the startup index keeps them packed
    rng = random.Random(seed)
    n_startups = len(s_index.records)
    exclude = {(rng.randint(1, n_startups), rng.choice(mentors).id) for _ in range(100_000)}
    suggest_times, reverse_times, path_times, conflict_times, reasons, found = [], [], [], [], 0, 0
    for _ in range(queries):
        startup = s_index.startup(rng.randrange(n_startups))
        started = time.perf_counter()
        orgs = graph.affiliations(("org", startup.id), AFFILIATION_KINDS)
        profile = replace(startup, orgs={i: f"Tổ chức {i}" for i in orgs})
        top = (m_index.top_for_startup(profile, MENTOR_WEIGHTS, 10, exclude)
               + i_index.top_for_startup(profile, INVESTOR_WEIGHTS, 10, exclude))
        suggest_times.append(time.perf_counter() - started)
        reasons += sum(len(s.reasons) for s in top)
        mentor = rng.choice(mentors)
        started = time.perf_counter()
        s_index.top_for_mentor(mentor, MENTOR_WEIGHTS, 10, exclude)
        reverse_times.append(time.perf_counter() - started)
        target = rng.choice(target_keys)
        started = time.perf_counter()
        found += bool(warm_paths(graph, ("org", startup.id), target))
        path_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        conflict_paths(graph, target, ("org", startup.id), window=(date(2023, 1, 1), None))
        conflict_times.append(time.perf_counter() - started)
    return {
        "nodes": graph.n_nodes, "edges": graph.live_edge_count(),
        "load_rows_seconds": round(load_seconds, 3), "graph_build_seconds": round(build_seconds, 3),
        "index_build_seconds_traced_incl_startup_profiles": round(index_seconds, 3),
        "live_mb": {"graph": round(graph_mb, 1), "indexes": round(indexes_mb, 1),
                    "graph_plus_indexes": round(graph_mb + indexes_mb, 1),
                    "mentor_and_investor_profiles": round(profiles_mb, 1)},
        "graph_array_mb": round(graph.nbytes() / 2**20, 1),
        "suggestions_startup_10_mentors_10_investors": percentiles(suggest_times),
        "mean_reasons_per_suggestion": round(reasons / (20 * queries), 2),
        "suggestions_mentor_over_all_startups": percentiles(reverse_times),
        "warm_paths": {**percentiles(path_times), "share_with_a_path": round(found / queries, 3)},
        "conflict_paths": percentiles(conflict_times),
    }


def worker_rss() -> dict:
    """What one warm worker holds: a fresh process streams the rows into the graph, builds the
    profiles and all three indexes, and reads its own resident size."""
    before = rss_mb()
    rows, make_profiles, _, _ = synthetic(AS_OF, AFFILIATION_KINDS)
    graph = build_graph(rows, kind_weights=DEFAULT_KIND_WEIGHTS, half_life_days=HALF_LIFE_DAYS,
                        as_of=AS_OF, version=1)
    startups, mentors, investors = make_profiles(graph)
    indexes = (MentorIndex(mentors), InvestorIndex(investors), StartupIndex(startups))
    del startups  # the startup index keeps them packed; StartupIndex.startup(pos) unpacks one
    gc.collect()
    return {"rss_after_imports": round(before, 1), "rss_warm": round(rss_mb(), 1),
            "held": [graph.n_nodes, len(indexes)]}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-baseline", action="store_true", help="skip networkx")
    parser.add_argument("--baseline-pairs", type=int, default=5,
                        help="allowed pairs per startup in the networkx comparison (networkx "
                             "needs minutes beyond ~10 on this machine)")
    parser.add_argument("--skip-database", action="store_true",
                        help="skip the seed-synthetic database part (loads 50,000 startups once)")
    parser.add_argument("--database-url", help="database for that part (default: a SQLite file)")
    parser.add_argument("--worker-rss", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker_rss:
        print(json.dumps(worker_rss()))
        return
    child = subprocess.run([sys.executable, __file__, "--worker-rss"], capture_output=True,
                           text=True, check=True)
    rows, make_profiles, _, people = synthetic(AS_OF, AFFILIATION_KINDS)
    national = bench_national(lambda: rows, make_profiles, people)
    national["worker_process_rss_mb"] = json.loads(child.stdout)
    report = {"assign_20000x4000": bench_assign_large(),
              "assign_vs_networkx_1000x200": bench_assign_vs_networkx(
                  per_row=args.baseline_pairs, skip=args.skip_baseline),
              "national_pure_core": national}
    if not args.skip_database:
        from matching_db import bench_database
        report["national_database"] = bench_database(args.database_url)
    report["load_average"] = Path("/proc/loadavg").read_text().split()[:3]
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
