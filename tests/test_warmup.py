"""A worker is warmed before it takes traffic, and readiness says what is missing until it is."""
import gc
import importlib.util
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
