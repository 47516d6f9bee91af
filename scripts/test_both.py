"""Run the whole suite on SQLite, then on PostgreSQL, and print one summary naming both runs.

Under CI=true a PostgreSQL that cannot be reached is a failure, never a silent skip.
"""
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

PG_URL = os.environ.get("TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
OUT = Path("build")


def postgres_up() -> bool:
    import psycopg
    try:
        psycopg.connect(PG_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=5).close()
        return True
    except psycopg.OperationalError:
        return False


def run(name: str, env: dict, args: list[str]) -> tuple[int, dict]:
    report = OUT / f"{name}.xml"
    print(f"\n===== {name}: pytest {' '.join(args)} =====", flush=True)
    code = subprocess.call([sys.executable, "-m", "pytest", f"--junitxml={report}", *args],
                           env={**os.environ, **env})
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    if report.exists():
        for suite in ET.parse(report).getroot().iter("testsuite"):
            total = int(suite.get("tests", 0))
            failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
            skipped = int(suite.get("skipped", 0))
            counts["failed"] += failed
            counts["skipped"] += skipped
            counts["passed"] += total - failed - skipped
    return code, counts


def main() -> int:
    OUT.mkdir(exist_ok=True)
    args = sys.argv[1:]
    results = {}
    code_sqlite, results["sqlite"] = run("sqlite", {"TEST_DATABASE_URL": ""}, args)
    if postgres_up():
        code_pg, results["postgresql"] = run("postgresql", {"TEST_DATABASE_URL": PG_URL}, args)
    elif os.environ.get("CI") == "true":
        print(f"PostgreSQL is not reachable at {PG_URL}: failing (CI=true).")
        code_pg, results["postgresql"] = 1, {"passed": 0, "failed": 1, "skipped": 0}
    else:
        print(f"\n!!! PostgreSQL is not reachable at {PG_URL}: the PostgreSQL run was NOT done.")
        code_pg = 0
    print("\n===== summary =====")
    for name, counts in results.items():
        print(f"{name}: {counts['passed']} passed, {counts['failed']} failed, "
              f"{counts['skipped']} skipped")
    total_passed = sum(c["passed"] for c in results.values())
    total_failed = sum(c["failed"] for c in results.values())
    print(f"total: {total_passed} passed, {total_failed} failed")
    return 1 if (code_sqlite or code_pg) else 0


if __name__ == "__main__":
    sys.exit(main())
