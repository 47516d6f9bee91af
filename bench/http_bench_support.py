"""What bench/http.py and bench/memory.py share: the 50k ecosystem on PostgreSQL, built once, and the
pages they measure. (Not named http_*.py's `http`: that name would hide the standard library.)"""
from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv" / "bin"
PG_ROOT = "postgresql+psycopg://postgres@127.0.0.1:5432"


def run(args: list[str], env: dict) -> str:
    return subprocess.run(args, env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout


def ensure_database(name: str) -> str:
    import psycopg
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{PG_ROOT}/{name}"


def build(env: dict, startups: int) -> dict:
    """Migrate, load the demo and the synthetic ecosystem once, then run the deploy's warm step."""
    flask = [str(VENV / "flask"), "--app", "app"]
    started = time.perf_counter()
    run(flask + ["db", "upgrade"], env)
    if _org_count(env) == 0:
        run(flask + ["seed-demo"], env)
    loaded = _org_count(env)
    if loaded < startups:
        run(flask + ["seed-synthetic", "--startups", str(startups)], env)
    _analyse(env)  # a database built before seed-synthetic analysed (or with autovacuum off) has no statistics
    # The load comes from one address: lift the API's per-client limit as an admin would for a partner.
    run([str(VENV / "python"), "-c", "from ecosystem import create_app; app = create_app()\n"
         "with app.app_context():\n from ecosystem.services.platform.settings import set_setting\n"
         " from ecosystem.extensions import db\n set_setting('accounts.rate_api', '1000000 per minute', None)\n"
         " db.session.commit()"], env)
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    warm = subprocess.run(flask + ["warm"], env=env, cwd=ROOT, capture_output=True, text=True)
    return {"organisations": _org_count(env), "build_s": round(build_s, 1),
            "warm_s": round(time.perf_counter() - started, 1) if warm.returncode == 0 else None}


def _connect(env: dict, **options):
    """psycopg straight to the bench database (its SQLAlchemy URL names the driver)."""
    import psycopg
    return psycopg.connect(env["DATABASE_URL"].replace("postgresql+psycopg", "postgresql"), **options)


def _analyse(env: dict) -> None:
    with _connect(env, autocommit=True) as conn:
        conn.execute("ANALYZE")


def _org_count(env: dict) -> int:
    import psycopg
    with _connect(env) as conn:
        try:
            return conn.execute("SELECT count(*) FROM organisations").fetchone()[0]
        except psycopg.errors.UndefinedTable:
            return 0


def pages(env: dict) -> dict:
    """Path and role of each page measured, with a real startup's slug from the database."""
    with _connect(env) as conn:
        slug = conn.execute("SELECT o.slug FROM organisations o JOIN org_managers m ON m.organisation_id = o.id "
                            "JOIN users u ON u.id = m.user_id WHERE u.email = 'startup@demo.sokhcn.vn' "
                            "LIMIT 1").fetchone()[0]
    return {"directory": ("/orgs/", None), "search": ("/orgs/?q=nong+nghiep", None),
            "organisation": (f"/orgs/{slug}", None),
            "suggestions": (f"/matching/startups/{slug}", "startup"),
            "dashboard": ("/dashboard/", "officer"), "network": ("/network/", "officer"),
            "network_map": ("/network/map", "officer"), "api_list": ("/api/v1/organisations", None)}


CREDENTIALS = {"startup": ("startup@demo.sokhcn.vn", "demo-startup-2026"),
               "officer": ("officer@demo.sokhcn.vn", "demo-officer-2026")}
