"""The matching figures of issue 4 point 6 measured through the application, on a database filled by
`flask seed-synthetic` (50,000 startups, 5,000 mentors, 2,000 investors): graph build from the
database, suggestion and warm-path latencies with reasons rendered, and a warm worker's memory.

Run alone: .venv/bin/python bench/matching_db.py [--database-url URL] (default: a SQLite file in a
temporary folder, loaded once); bench/matching.py runs it as part of its one report.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem import create_app  # noqa: E402
from ecosystem.extensions import db  # noqa: E402
from matching import percentiles, rss_mb  # noqa: E402  (bench/matching.py)

SCALE = {"startups": 50_000, "mentors": 5_000, "investors": 2_000}


def app_for(url: str):
    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def ensure_loaded(app, scale: dict) -> dict:
    """Create the tables and load the synthetic ecosystem unless it is there already."""
    from sqlalchemy import func, select

    from ecosystem.models import Organisation
    from ecosystem.synthetic_cli import load_synthetic
    with app.app_context():
        db.create_all()
        count = db.session.scalar(select(func.count(Organisation.id)).where(
            Organisation.slug.like("syn-%")))
        if count:
            return {"loaded_now": False, "organisations": count}
        started = time.perf_counter()
        counts = load_synthetic(scale["startups"], scale["mentors"], scale["investors"], 1,
                                app.config["SEEDS_DIR"])
        db.session.commit()
        return {"loaded_now": True, "seconds": round(time.perf_counter() - started, 1), **counts}


def measure(app, queries: int = 200, seed: int = 5) -> dict:
    """Build and query through the services, as a worker does."""
    from sqlalchemy import select

    from ecosystem.models import InvestorProfile, MentorProfile, Organisation, Person
    from ecosystem.services.matching import graph_store as graph_service
    from ecosystem.services.matching import suggestions as matching
    rng = random.Random(seed)
    with app.app_context(), app.test_request_context():
        started = time.perf_counter()
        graph = graph_service.build_from_database()
        build_seconds = time.perf_counter() - started
        with graph_service.fresh_graph():  # the cached copy the services use
            pass
        started = time.perf_counter()
        matching.indexes()
        index_seconds = time.perf_counter() - started
        startups = list(db.session.scalars(select(Organisation.id).where(
            Organisation.kind == "startup")))
        mentors = list(db.session.scalars(select(MentorProfile.person_id)))
        investors = list(db.session.execute(select(InvestorProfile.person_id,
                                                   InvestorProfile.organisation_id)))
        targets = [("person", m) for m in mentors] + [
            ("person", p) if p else ("org", o) for p, o in investors]
        suggest, reverse, paths, reasons, with_path = [], [], [], 0, 0
        for _ in range(queries):
            started = time.perf_counter()
            org = db.session.get(Organisation, rng.choice(startups))
            found = matching.suggestions_for_startup(org)
            suggest.append(time.perf_counter() - started)
            reasons += sum(len(s.reasons) for side in found.values() for s in side)
            started = time.perf_counter()
            matching.suggestions_for_mentor(db.session.get(Person, rng.choice(mentors)))
            reverse.append(time.perf_counter() - started)
            started = time.perf_counter()
            with_path += bool(matching.paths_to(org, rng.choice(targets)))
            paths.append(time.perf_counter() - started)
            db.session.rollback()  # as at the end of a request
        return {"nodes": graph.n_nodes, "edges": graph.live_edge_count(),
                "graph_build_from_db_seconds": round(build_seconds, 2),
                "index_build_from_db_seconds": round(index_seconds, 2),
                "suggestions_startup_with_reasons": percentiles(suggest),
                "reasons_per_startup_page": round(reasons / queries, 1),
                "suggestions_for_a_mentor": percentiles(reverse),
                "warm_paths": {**percentiles(paths), "share_with_a_path": round(with_path / queries, 3)}}


def worker_rss(url: str) -> dict:
    """A fresh process builds the graph and the indexes as a worker would; its resident size."""
    app = app_for(url)
    before = rss_mb()
    with app.app_context(), app.test_request_context():
        from ecosystem.services.matching import suggestions as matching
        from ecosystem.services.matching.graph_store import fresh_graph
        with fresh_graph():
            pass
        matching.indexes()
        return {"rss_after_imports_mb": round(before, 1), "rss_warm_mb": round(rss_mb(), 1)}


def bench_database(url: str | None = None, queries: int = 200, scale: dict = SCALE) -> dict:
    folder = None
    if url is None:
        folder = Path(tempfile.gettempdir()) / "matching-bench"
        folder.mkdir(exist_ok=True)
        url = f"sqlite:///{folder / 'synthetic.db'}"
    app = app_for(url)
    result = {"database": url.split("://")[0], "load": ensure_loaded(app, scale)}
    result.update(measure(app, queries))
    child = subprocess.run([sys.executable, __file__, "--worker-rss", url], capture_output=True,
                           text=True, check=True)
    result["worker"] = json.loads(child.stdout)
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--worker-rss", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker_rss:
        print(json.dumps(worker_rss(args.worker_rss)))
        return
    print(json.dumps(bench_database(args.database_url, args.queries), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
