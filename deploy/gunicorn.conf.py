"""Gunicorn settings for the web workers (deploy/systemd/ecosystem-web@.service starts one gunicorn per
instance). Every value that differs between machines comes from the environment.

    WEB_CONCURRENCY   worker processes of this instance (default: 2 × cores + 1, at most 8)
    GUNICORN_BIND     address to listen on (default 127.0.0.1:8000; the unit passes its port)
    GUNICORN_TIMEOUT  seconds a request may take before its worker is replaced (default 60)
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"

# Off: each worker imports the app itself, so a restart picks up new code, and no database connection
# or the matching graph is shared across a fork. The scheduler is a separate process (never here).
preload_app = False

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30  # a deploy lets running requests finish this long
keepalive = 5  # nginx keeps upstream connections open (deploy/nginx/ecosystem.conf)
# Replace workers now and then (bounds slow leaks), rarely: a new worker loads the graph snapshot before
# it serves (≈10 s at 50,000 startups), and meanwhile the other workers carry its share.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
worker_tmp_dir = "/dev/shm"  # heartbeat files off the disk

# Logs go to stdout/stderr, which systemd hands to the journal (journalctl -u 'ecosystem-web@*').
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Client address as the app sees it (after ProxyFix), method, path, status, bytes, time in µs, agent.
access_log_format = '%({x-forwarded-for}i)s %(h)s "%(r)s" %(s)s %(B)s %(D)sus "%(a)s" %({x-request-id}o)s'

# Only nginx on this machine talks to gunicorn; the app itself trusts PROXY_COUNT hops (ProxyFix).
forwarded_allow_ips = "127.0.0.1"

# gunicorn ≥ 25 opens a control socket in the user's home; the units run with ProtectHome, and two
# instances would fight over one path: put it in the runtime folder, one per port.
control_socket = f"/tmp/gunicorn-{bind.rsplit(':', 1)[-1]}.ctl"


def post_worker_init(worker):
    """Warm the worker before gunicorn hands it a request (ecosystem.warmup: the graph from the stored
    snapshot, the matching indexes, every template); run `flask warm` or the scheduler first."""
    import gc

    from ecosystem.warmup import warm_worker
    warm_worker(worker.wsgi)
    # The graph, indexes and templates live as long as the worker: out of the cyclic collector's way,
    # so a full collection does not walk millions of them in a request (suggestions' p95: 412 → 260 ms).
    gc.collect()
    gc.freeze()
    # Collect once more with them frozen: the collector counts the long-lived objects at each full
    # collection and puts off the next until a quarter as many again have piled up; counting the
    # frozen ones, it put it off for thousands of views while the pages' reference cycles stayed.
    gc.collect()
