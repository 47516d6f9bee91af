"""Issue 15's figures through HTTP: the 50k ecosystem on PostgreSQL, the app under 2 gunicorn workers
and, in the same run, a bare Flask-SQLAlchemy list of the same table (bench/bare_app.py) as anchor.

Prints JSON: req/s, p50/p95 per page, each page's throughput as a ratio of the anchor's, the first
request of each page after a restart (once /readyz answers 200), and each worker's resident memory
after every page was visited. Load is bounded in time and count and goes to 127.0.0.1 only.

    .venv/bin/python bench/http.py [--startups 50000] [--seconds 8] [--connections 16] [--rounds 1]
"""
from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder leads sys.path and its name would hide the standard `http`.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.parse  # noqa: E402

sys.path.append(str(Path(__file__).resolve().parent))  # after the standard `http` is imported
from http_bench_support import CREDENTIALS, ROOT, VENV, build, ensure_database, pages  # noqa: E402

APP_PORT, BARE_PORT = 5071, 5072
WORKERS = 2  # gunicorn workers of the app and of the bare list, as the issue measures
MAX_REQUESTS = 20_000  # per page: the load ends at this count or at the time bound, whichever first


def start(target: str, port: int, env: dict) -> subprocess.Popen:
    conf = ROOT / "deploy" / "gunicorn.conf.py"
    config = ["-c", str(conf)] if target == "app:app" and conf.exists() else []
    return subprocess.Popen([str(VENV / "gunicorn"), *config, "-w", str(WORKERS), "-b", f"127.0.0.1:{port}",
                             "--timeout", "600", "--access-logfile", "/dev/null", target],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def get(port: int, path: str, cookie: str = "", conn=None):
    """(status, seconds, body) of one GET on 127.0.0.1."""
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
    response = conn.getresponse()
    body = response.read()
    return response.status, time.perf_counter() - started, body, response


def wait_ready(port: int, path: str, timeout: float = 300) -> float:
    """Seconds until `path` answers 200 (a build without /readyz: until the home page does)."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            status = get(port, path)[0]
            if status == 404 and path != "/":
                path = "/"
            elif status == 200:
                return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"127.0.0.1:{port}{path} never answered 200")


def sign_in(port: int, email: str, password: str) -> str:
    """The session cookie after signing in through the login form (with its CSRF token)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    status, _, body, response = get(port, "/login", conn=conn)
    cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
    token = re.search(rb'name="csrf_token"[^>]*?value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password})
    conn.request("POST", "/login", body=form, headers={
        "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    response.read()
    cookies = [c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or []]
    if response.status != 302 or not cookies:
        raise SystemExit(f"sign-in as {email} failed ({response.status})")
    return "; ".join(cookies)


def load(port: int, path: str, cookie: str, seconds: float, connections: int) -> dict:
    """Closed-loop load: `connections` keep-alive clients for `seconds` or MAX_REQUESTS in all."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < deadline and len(times) < MAX_REQUESTS:
            try:
                status, took, _, _ = get(port, path, cookie, conn)
            except (OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                status, took = 0, 0.0
            with lock:
                if status == 200:
                    times.append(took)
                else:
                    errors[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    times.sort()
    pick = lambda q: round(times[min(len(times) - 1, int(q * len(times)))] * 1000, 1) if times else None
    return {"req_s": round(len(times) / wall, 1), "p50_ms": pick(0.50), "p95_ms": pick(0.95),
            "ok": len(times), "errors": errors[0]}


def first_request(path: str, cookie: str):
    """Milliseconds of the first request of a page after the restart (its status when not 200)."""
    try:
        status, took, _, _ = get(APP_PORT, path, cookie)
    except (OSError, http.client.HTTPException) as exc:
        return f"failed: {exc!r}"
    return round(took * 1000, 1) if status == 200 else f"status {status} after {round(took * 1000)} ms"


def workers(master: int) -> list[str]:
    return Path(f"/proc/{master}/task/{master}/children").read_text().split()


def settle(master: int, timeout: float = 180) -> float:
    """Seconds until every worker is up and idle: /readyz answers from the first warm worker while
    another may still be warming, which would take CPU from the first page's measurement."""
    started = time.perf_counter()

    def cpu_ticks() -> int:
        total = 0
        for pid in workers(master):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total

    while time.perf_counter() - started < timeout:
        before = cpu_ticks()
        time.sleep(1.0)
        if len(workers(master)) >= WORKERS and cpu_ticks() - before <= 5:  # ≤ 5 % of a core
            break
    return round(time.perf_counter() - started, 2)


def worker_rss_mb(master: int) -> list[float]:
    children = workers(master)
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(round(int(line.split()[1]) / 1024, 1))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--startups", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database", default="bench_http")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="visit every page this many times; memory is read after each round (a leak grows)")
    opts = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": ensure_database(opts.database), "SECRET_KEY": "bench-secret",
           "ECOSYSTEM_ENV": "development", "PYTHONPATH": str(ROOT),
           # The cached pages serve ~10,000 requests each: gunicorn's periodic worker replacement
           # (deploy/gunicorn.conf.py, every ~20,000) would land inside one page's window.
           "GUNICORN_MAX_REQUESTS": os.environ.get("GUNICORN_MAX_REQUESTS", "0")}
    report = {"startups": opts.startups, "connections": opts.connections, "seconds": opts.seconds,
              "load_average": os.getloadavg()[0], "build": build(env, opts.startups)}
    targets = pages(env)
    if opts.pages:
        targets = {name: targets[name] for name in opts.pages.split(",")}

    app = start("app:app", APP_PORT, env)
    try:
        report["ready_after_s"] = round(wait_ready(APP_PORT, "/readyz"), 2)
        cookies = {role: sign_in(APP_PORT, *CREDENTIALS[role]) for role in CREDENTIALS}
        report["first_request_ms"] = {name: first_request(path, cookies.get(role, ""))
                                      for name, (path, role) in targets.items()}
        report["workers_settled_after_s"] = settle(app.pid)
        rounds = [({name: load(APP_PORT, path, cookies.get(role, ""), opts.seconds, opts.connections)
                    for name, (path, role) in targets.items()}, worker_rss_mb(app.pid))
                  for _ in range(max(1, opts.rounds))]
        results, report["worker_rss_mb"] = rounds[0]  # the figures reported are the first round's
        if len(rounds) > 1:
            report["worker_rss_mb_by_round"] = [rss for _, rss in rounds]
    finally:
        stop(app)

    bare = start("bench.bare_app:app", BARE_PORT, env)
    try:
        wait_ready(BARE_PORT, "/")
        anchor = load(BARE_PORT, "/", "", opts.seconds, opts.connections)
    finally:
        stop(bare)
    for result in results.values():
        result["ratio_to_bare"] = round(result["req_s"] / anchor["req_s"], 2) if anchor["req_s"] else None
    report.update(bare_list=anchor, pages=results, load_average_after=os.getloadavg()[0])
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
