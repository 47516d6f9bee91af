"""A web worker made ready before it takes traffic (gunicorn's post_worker_init calls warm_worker):
the graph loaded from the stored snapshot, the matching candidates indexed, every template compiled, so the first visitor after a
deploy is served as fast as the hundredth. Readiness (/readyz) asks `derived_ready`."""
from __future__ import annotations

import logging
import time

from flask import Flask

log = logging.getLogger(__name__)


def warm_worker(app: Flask) -> dict:
    """Load what this process holds (graph, templates); returns what it did and how long it took."""
    from ecosystem.services.matching.graph_store import fresh_graph
    started = time.perf_counter()
    templates = 0
    for name in app.jinja_env.list_templates(filter_func=lambda n: n.endswith((".html", ".txt", ".xml"))):
        app.jinja_env.get_template(name)
        templates += 1
    with app.app_context():
        with fresh_graph() as graph:
            nodes = graph.n_nodes
        from ecosystem.services.matching.suggestions import indexes
        indexes()  # the candidates suggestions are drawn from
        from ecosystem.extensions import db
        db.session.remove()
    app.extensions["warmed"] = True
    done = {"templates": templates, "graph_nodes": nodes, "seconds": round(time.perf_counter() - started, 2)}
    log.info("worker warmed: %s", done)
    return done


def derived_ready(app: Flask) -> dict[str, bool]:
    """Each thing the pages read ahead of time, and whether it is there (inside an app context)."""
    from ecosystem.extensions import db
    from ecosystem.models import AggregateCache
    from ecosystem.services.dashboard import derived, figures
    from ecosystem.services.matching.graph_snapshot import latest_snapshot_info
    scope = figures.default_scope()
    return {"graph_snapshot": latest_snapshot_info() is not None,
            "network_figures": db.session.get(AggregateCache, derived.HEALTH) is not None,
            "dashboard_figures": db.session.get(AggregateCache, figures.cache_key(scope, True)) is not None,
            "worker_warmed": bool(app.extensions.get("warmed"))}
