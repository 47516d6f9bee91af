"""gunicorn for the web workers: `gunicorn -c deploy/gunicorn.conf.py app:app`.

Each worker is warmed before it takes traffic (graph from the stored snapshot, templates compiled);
run `flask db upgrade && flask warm` (or start the scheduler, which warms first) before the workers.
"""
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
preload_app = False  # each worker opens its own database connections
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")


def post_worker_init(worker):
    """Warm the worker (ecosystem.warmup) before gunicorn hands it a request."""
    from ecosystem.warmup import warm_worker
    warm_worker(worker.wsgi)
