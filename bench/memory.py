"""How a web worker's resident memory grows with the ecosystem: for 5k, 20k and 50k startups on
PostgreSQL, a fresh process warmed as gunicorn warms it, then every page of bench/http.py visited.

    .venv/bin/python bench/memory.py [--sizes 5000 20000 50000]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder leads sys.path and bench/http.py would hide the standard `http`.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
import http.client  # noqa: E402,F401

sys.path.append(str(ROOT / "bench"))
from http_bench_support import CREDENTIALS, build, ensure_database, pages  # noqa: E402

WORKER = """
import json, sys
from pathlib import Path
def rss():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
from ecosystem import create_app
from ecosystem.warmup import warm_worker
app = create_app({"WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False})
report = {"started_mb": rss()}
warm_worker(app)
report["warmed_mb"] = rss()
pages = json.loads(sys.argv[1])
clients = {}
for role, (email, password) in json.loads(sys.argv[2]).items():
    clients[role] = app.test_client()
    clients[role].post("/login", data={"email": email, "password": password})
clients[None] = app.test_client()
status = {name: clients.get(role, clients[None]).get(path).status_code for name, (path, role) in pages.items()}
report.update(after_every_page_mb=rss(), status=status)
print(json.dumps(report))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5_000, 20_000, 50_000])
    opts = parser.parse_args()
    results = {}
    for size in opts.sizes:
        env = {**os.environ, "DATABASE_URL": ensure_database(f"bench_mem_{size}" if size != 50_000 else "bench_http"),
               "SECRET_KEY": "bench-secret", "PYTHONPATH": str(ROOT)}
        built = build(env, size)
        out = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", WORKER, json.dumps(pages(env)),
                              json.dumps(CREDENTIALS)], env=env, cwd=ROOT, capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(out.stderr[-3000:])
        results[size] = {"organisations": built["organisations"], **json.loads(out.stdout.strip().splitlines()[-1])}
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
