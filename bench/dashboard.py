"""Benchmark of the DOST's view at synthetic scale, printed as JSON: dashboard figures cold and
cached, the dashboard page, network graph/health/map, the annual report and a 10,000-row import.

Run: /work/main/.venv/bin/python bench/dashboard.py [--startups 50000] [--database-url URL]
Without --database-url a throwaway SQLite file is built (the synthetic ecosystem of
ecosystem/services/synthetic.py, loaded with executemany), so timings include a realistic graph.
"""
import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from ecosystem import create_app  # noqa: E402
from ecosystem.config import TestConfig  # noqa: E402
from ecosystem.extensions import db  # noqa: E402
from ecosystem.text import fold  # noqa: E402


def load_synthetic(startups: int, seed: int) -> dict:
    """The synthetic ecosystem through Core executemany, for trees without `flask seed-synthetic`."""
    from ecosystem.models import (InvestorProfile, MentorProfile, Organisation, Person, Relationship, Sector,
                                  StartupProfile)
    from ecosystem.models.directory import org_sectors, person_sectors
    from ecosystem.services.directory.synthetic import generate, seed_vocab
    sectors, _needs = seed_vocab()
    db.session.execute(insert(Sector), [{"id": i, "code": s["code"], "name_vi": s["vi"], "name_en": s["en"]}
                                        for i, s in enumerate(sectors, start=1)])
    sector_id = {s["code"]: i for i, s in enumerate(sectors, start=1)}
    ids, rows = {}, {name: [] for name in ("org", "startup", "org_sector", "person", "mentor", "investor",
                                           "person_sector", "rel")}
    org_cols = {c.name for c in Organisation.__table__.columns}
    person_cols = {c.name for c in Person.__table__.columns}
    for kind, row in generate(startups, startups // 10, startups // 25, seed=seed):
        if kind == "organisation":
            oid = ids[f"o:{row['key']}"] = len(ids) + 1
            data = {k: v for k, v in row.items() if k in org_cols}
            for day in ("founded_on", "first_registered_on"):
                data[day] = date.fromisoformat(data[day]) if data.get(day) else None
            rows["org"].append({**data, "id": oid, "slug": row["key"], "search_key": fold(row["name"])})
            if row["kind"] == "startup":
                rows["startup"].append({"organisation_id": oid})
            rows["org_sector"] += [{"organisation_id": oid, "sector_id": sector_id[c]} for c in row.get("sectors", [])]
        elif kind == "person":
            pid = ids[f"p:{row['key']}"] = len(ids) + 1
            rows["person"].append({**{k: v for k, v in row.items() if k in person_cols}, "id": pid,
                                   "search_key": fold(row["full_name"])})
            if row.get("mentor"):
                rows["mentor"].append({"person_id": pid, **row["mentor"]})
            if row.get("investor"):
                rows["investor"].append({"person_id": pid, "stages": row["investor"].get("stages", [])})
            rows["person_sector"] += [{"person_id": pid, "sector_id": sector_id[c]} for c in row.get("sectors", [])]
        else:
            rel = {"kind": row["kind"], "source": "synthetic", "amount_vnd": row.get("amount_vnd"),
                   "started_on": date.fromisoformat(row["started_on"]) if row.get("started_on") else None,
                   "ended_on": date.fromisoformat(row["ended_on"]) if row.get("ended_on") else None}
            for side in ("source", "target"):
                key = row[side]
                rel[f"{side}_{'person' if key.startswith('p:') else 'org'}_id"] = ids[key]
            rows["rel"].append(rel)
    targets = [(Organisation, "org"), (StartupProfile, "startup"), (org_sectors, "org_sector"), (Person, "person"),
               (MentorProfile, "mentor"), (InvestorProfile, "investor"), (person_sectors, "person_sector"),
               (Relationship, "rel")]
    for target, name in targets:
        for start in range(0, len(rows[name]), 5000):
            chunk = rows[name][start:start + 5000]
            if name == "rel":  # executemany needs the same keys in every row
                keys = {"source_person_id", "source_org_id", "target_person_id", "target_org_id"}
                chunk = [{**dict.fromkeys(keys), **r} for r in chunk]
            db.session.execute(insert(getattr(target, "__table__", target)), chunk)  # Core executemany
    db.session.commit()
    return {"organisations": len(rows["org"]), "startups": len(rows["startup"]), "people": len(rows["person"]),
            "relationships": len(rows["rel"])}


def load(app, startups: int, seed: int) -> dict:
    """`flask seed-synthetic`'s loader when it is installed, else the small one above."""
    try:
        from ecosystem.synthetic_cli import load_synthetic as seeds_loader
    except ImportError:
        return load_synthetic(startups, seed)
    counts = seeds_loader(startups, startups // 25, startups // 80, seed, app.config["SEEDS_DIR"])
    db.session.commit()
    return counts


def timed(func):
    begin = time.perf_counter()
    result = func()
    return round(time.perf_counter() - begin, 3), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--startups", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--import-rows", type=int, default=10_000)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-dashboard-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    config = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    app = create_app({**config, "SQLALCHEMY_DATABASE_URI": url, "UPLOAD_ROOT": os.path.join(folder, "uploads"),
                      "IMPORT_INLINE": True})
    out: dict = {"database": url.split(":")[0], "startups_requested": args.startups}
    with app.app_context():
        db.drop_all()
        db.create_all()
        out["load_seconds"], out["loaded"] = timed(lambda: load(app, args.startups, args.seed))
        from ecosystem.services.dashboard import annual_report
        from ecosystem.services.imports import runs as bulk_import
        from ecosystem.services.dashboard import figures as dashboard
        from ecosystem.services.dashboard import network_figures as network
        from tests.factories import make_user
        officer = make_user("officer", email="bench-officer@example.vn")
        db.session.commit()
        scope = dashboard.default_scope()
        out["dashboard_compute_cold_seconds"], panels = timed(lambda: dashboard.compute_panels(scope, public=False))
        dashboard.dashboard_panels(scope, public=False)
        dashboard.dashboard_panels(scope, public=True)
        dashboard.save_cache()
        out["dashboard_cached_seconds"], _ = timed(lambda: dashboard.dashboard_panels(scope, public=False))
        client = app.test_client()
        client.post("/login", data={"email": officer.email, "password": "password-123"})
        for name, path in (("page_officer", "/dashboard/"), ("page_public", "/dashboard/public")):
            seconds, response = timed(lambda: client.get(path))
            out[f"{name}_cached_seconds"] = seconds
            assert response.status_code == 200, response.status_code
        stage = dashboard.panel_by_code(panels, "startups_by_stage")
        out["startups_counted"] = stage["total"]
        out["graph_build_seconds"], graph = timed(network.ecosystem_graph)
        out["graph"] = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges()}
        out["health_seconds"], health = timed(lambda: network.health(graph))
        out["lonely_startups"] = len(health["lonely"])
        out["map_seconds"], result = timed(lambda: network.network_map(None, {}, "Bản đồ"))
        out["map"] = {"shown": result.shown_nodes, "total": result.total_nodes, "clusters": len(result.clusters),
                      "svg_kb": round(len(result.svg) / 1024)}
        out["map_page_seconds"], _ = timed(lambda: client.get("/network/map"))
        year = date.today().year
        out["annual_report_seconds"], report = timed(lambda: annual_report.build_report(year))
        dashboard.save_cache()
        out["annual_xlsx_seconds"], data = timed(lambda: annual_report.report_xlsx(report))
        out["annual_xlsx_kb"] = round(len(data) / 1024)
        out["export_orgs_xlsx_seconds"], response = timed(lambda: client.get("/exports/orgs.xlsx?kind=startup"))
        out["export_orgs_xlsx_mb"] = round(len(response.data) / 2**20, 1)
        out["import"] = bench_import(officer, args.import_rows)
    print(json.dumps(out, ensure_ascii=False, indent=2))


def bench_import(officer, count: int) -> dict:
    """Check and import `count` new organisations from an XLSX file (the issue's 10,000-row case)."""
    from ecosystem.services.imports import runs as bulk_import
    from ecosystem.services.platform.spreadsheets import to_xlsx_bytes
    from ecosystem.validators import tax_code_check_digit
    codes = [f"97{n:07d}{d}" for n in range(count * 2) if (d := tax_code_check_digit(f"97{n:07d}")) is not None]
    rows = [{"name": f"Startup Nhập Khẩu Demo {i}", "kind": "startup", "tax_code": codes[i],
             "sectors": "agritech", "stage": "seed", "founded_on": "01/02/2023"} for i in range(count)]
    book = to_xlsx_bytes({"s": (["name", "kind", "tax_code", "sectors", "stage", "founded_on"], rows)})
    check_seconds, run = timed(lambda: bulk_import.check_file("organisation", book, "bench.xlsx", officer))
    bulk_import.confirm(run, officer)
    db.session.commit()
    import_seconds, _ = timed(lambda: bulk_import.start(run))
    db.session.refresh(run)
    return {"rows": count, "errors": run.error_count, "status": run.status, "dry_run_seconds": check_seconds,
            "import_seconds": import_seconds, "total_seconds": round(check_seconds + import_seconds, 3)}


if __name__ == "__main__":
    main()
