"""A worker is warmed before it takes traffic, and readiness says what is missing until it is."""
import gc
import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

from ecosystem.extensions import db
from ecosystem.services.dashboard import derived
from ecosystem.warmup import derived_ready, warm_worker
from tests import factories as f


def _gunicorn_conf():
    path = Path(__file__).resolve().parents[1] / "deploy" / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readiness_lists_what_is_missing_until_warm(app):
    from ecosystem.models import Relationship
    startup, mentor = f.make_org("Startup Khởi Động"), f.make_person("Cố Vấn Khởi Động")
    db.session.add(Relationship(kind="mentor", source_person_id=mentor.id, target_org_id=startup.id))
    db.session.commit()
    app.extensions.pop("warmed", None)
    assert derived_ready(app) == {"graph_snapshot": False, "network_figures": False,
                                  "dashboard_figures": False, "worker_warmed": False}
    derived.warm()
    assert derived_ready(app)["graph_snapshot"] and not derived_ready(app)["worker_warmed"]
    db.session.commit()  # the worker's own context reads on its own connection
    done = warm_worker(app)
    assert done["graph_nodes"] == 2 and done["templates"] > 50
    assert all(derived_ready(app).values())


def test_gunicorn_configuration_warms_each_worker(app):
    app.extensions.pop("warmed", None)
    derived.warm()
    db.session.commit()
    conf = _gunicorn_conf()
    assert conf.preload_app is False and conf.workers >= 2
    try:
        conf.post_worker_init(SimpleNamespace(wsgi=app))
        assert app.extensions["warmed"] is True
        assert gc.get_freeze_count() > 0  # what the worker keeps is out of the cyclic collector's way
    finally:
        gc.unfreeze()  # this test process is not a worker


def test_a_warmed_worker_still_collects_the_reference_cycles_its_pages_leave():
    """gc.freeze() after a full collection left the collector believing the worker held 400,000
    long-lived objects, so it put off every further full collection: a page's reference cycles (Jinja's
    context and macros, with what the page was given) that reached the oldest generation stayed, and a
    worker serving the network map grew by ~20 KB a view."""
    conf = Path(__file__).resolve().parents[1] / "deploy" / "gunicorn.conf.py"
    script = textwrap.dedent(f"""
        import gc, importlib.util, sys, types, weakref
        sys.modules["ecosystem.warmup"] = types.SimpleNamespace(warm_worker=lambda app: None)
        spec = importlib.util.spec_from_file_location("conf", {str(conf)!r})
        conf = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(conf)
        kept = [[i] for i in range(400_000)]  # what a warm worker keeps: graph, indexes, templates
        conf.post_worker_init(types.SimpleNamespace(wsgi=None))
        class Page:
            pass
        pages, full = [], gc.get_stats()[2]["collections"]
        for _ in range(6000):
            page = Page()
            page.me, page.parts = page, [[n] for n in range(140)]  # a page's objects in one cycle
            pages.append(weakref.ref(page))
            work = [[n] for n in range(300)]  # what the request holds while it runs
            del page, work
        print(sum(1 for ref in pages if ref() is not None), gc.get_stats()[2]["collections"] - full)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    left, full_collections = map(int, out.stdout.split())
    assert full_collections > 0
    assert left <= 20  # the few since the last full collection; 126 and no full collection before the fix


def test_readyz_waits_for_the_derived_data_then_warms_the_worker(app, client):
    app.config["READY_NEEDS_DERIVED"] = True
    app.extensions.pop("warmed", None)
    try:
        waiting = client.get("/readyz")
        assert waiting.status_code == 503 and waiting.json["failed"] == "derived"
        assert set(waiting.json["checks"]["derived"]["missing"]) >= {"graph_snapshot", "network_figures"}
        derived.warm()
        db.session.commit()
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json["checks"]["derived"] == "ok"
        assert app.extensions["warmed"] is True
    finally:
        app.config["READY_NEEDS_DERIVED"] = False
