"""Derived data computed once per deployment: the graph snapshot workers load instead of building,
network figures and maps stored by the scheduler, dashboard figures refreshed in the background."""
import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from ecosystem.extensions import db
from ecosystem.models import AggregateCache, GraphSnapshot, Relationship
from ecosystem.models.base import utcnow
from ecosystem.services.dashboard import derived, figures, recompute_requests
from ecosystem.services.directory.relations import create_relationship
from ecosystem.services.matching import graph_snapshot, graph_store
from ecosystem.services.matching.graph_store import forget_graph, fresh_graph
from tests import factories as f


@pytest.fixture
def small_world(app):
    startup = f.make_org("Startup Ảnh Chụp", former_district="Dĩ An")
    lonely = f.make_org("Startup Chưa Ai Kèm")
    mentor = f.make_person("Cố Vấn Ảnh Chụp", mentor_capacity=2)
    db.session.add(Relationship(kind="mentor", source_person_id=mentor.id, target_org_id=startup.id))
    officer = f.make_user("officer")
    db.session.commit()
    return {"startup": startup, "lonely": lonely, "mentor": mentor, "officer": officer}


def _no_build(*_args, **_kwargs):
    raise AssertionError("a web worker built the graph instead of loading the snapshot")


def test_warm_stores_snapshot_health_maps_and_dashboard(app, small_world):
    done = derived.warm()
    assert done["network"] is True and done["dashboard"] == 2 and done["graph_bytes"] > 0
    keys = set(db.session.scalars(db.select(AggregateCache.key)))
    assert derived.HEALTH in keys
    assert {k for k in keys if k.startswith(derived.MAP)} == {
        f"{derived.MAP}vi|{derived.filter_key(derived.NO_FILTER)}",
        f"{derived.MAP}en|{derived.filter_key(derived.NO_FILTER)}"}
    health = derived.stored_health()
    assert health["lonely_count"] == 1 and health["lonely"][0][1]["label"] == "Startup Chưa Ai Kèm"
    english, computed_at = derived.stored_map("en", {})
    assert "Nothing" not in english.svg and english.total_nodes == 3 and computed_at is not None


def test_a_worker_loads_the_snapshot_and_applies_the_changes_after_it(app, small_world, monkeypatch):
    derived.warm()
    version = db.session.scalar(db.select(GraphSnapshot.version))
    forget_graph()
    monkeypatch.setattr(graph_store, "build_from_database", _no_build)
    with fresh_graph() as graph:
        assert graph.version == version
        assert ("person", small_world["mentor"].id) in graph
    create_relationship("mentor", small_world["mentor"], small_world["lonely"])
    db.session.commit()
    forget_graph()  # a worker started after the change: snapshot + the one change since
    with fresh_graph() as graph:
        assert graph.version > version
        assert graph.ties(("org", small_world["lonely"].id), kinds=("mentor",))


def test_without_a_snapshot_the_worker_still_builds(app, small_world):
    forget_graph()
    assert db.session.scalar(db.select(GraphSnapshot.id)) is None
    with fresh_graph() as graph:
        assert ("org", small_world["startup"].id) in graph


def test_a_snapshot_signed_under_another_key_is_never_unpickled(app, small_world, monkeypatch):
    derived.warm()
    assert graph_snapshot.load_snapshot() is not None
    monkeypatch.setitem(app.config, "SECRET_KEY", "rotated-key")
    monkeypatch.setattr(graph_snapshot.pickle, "loads", _no_build)
    assert graph_snapshot.load_snapshot() is None


def test_a_snapshot_of_another_layout_is_rebuilt_not_loaded(app, small_world, monkeypatch):
    derived.warm()
    loaded = graph_snapshot.load_snapshot()
    assert loaded is not None and loaded.n_nodes and ("org", small_world["startup"].id) in loaded
    monkeypatch.setattr(graph_snapshot.EcosystemGraph, "FORMAT", loaded.FORMAT + 1)  # a new release
    assert graph_snapshot.load_snapshot() is None


def test_a_loaded_snapshot_answers_like_the_built_graph(app, small_world):
    derived.warm()
    loaded = graph_snapshot.load_snapshot()
    built = graph_store.build_from_database()
    assert loaded.n_nodes == built.n_nodes and list(loaded.keys) == list(built.keys)
    for key in built.index:
        assert loaded.index[key] == built.index[key]
        assert sorted(map(repr, loaded.ties(key))) == sorted(map(repr, built.ties(key)))


def test_only_the_newest_snapshots_are_kept(app, small_world):
    for _ in range(4):
        graph_snapshot.build_snapshot()
    db.session.commit()
    assert db.session.scalar(db.select(db.func.count(GraphSnapshot.id))) == graph_snapshot.KEEP


def test_stale_dashboard_figures_are_shown_and_recomputed_in_the_background(app, small_world):
    scope = figures.default_scope()
    first = figures.dashboard_panels(scope, public=True)
    figures.save_cache()
    assert first["from_cache"] is False
    row = db.session.get(AggregateCache, figures.cache_key(scope, True))
    row.computed_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    shown = figures.dashboard_panels(scope, public=True)
    figures.save_cache()
    assert shown["from_cache"] and shown["stale"]  # the visitor does not wait for a recount
    assert [r.key for r in recompute_requests.pending()] == ["request|" + figures.cache_key(scope, True)]
    assert derived.refresh_derived()["dashboard"] >= 1
    assert not recompute_requests.pending()
    assert figures.dashboard_panels(scope, public=True)["stale"] is False


def test_network_figures_follow_the_network_but_not_more_often_than_the_setting(app, small_world):
    assert derived.refresh_network() is True
    assert derived.refresh_network() is False  # nothing moved
    create_relationship("mentor", small_world["mentor"], small_world["lonely"])
    db.session.commit()
    assert derived.refresh_network() is False  # moved, but computed less than the setting ago
    row = db.session.get(AggregateCache, derived.HEALTH)
    row.computed_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    assert derived.refresh_network() is True
    assert derived.stored_health()["lonely_count"] == 0


def test_web_pages_do_not_import_networkx_pandas_or_the_solvers(app, database_url, small_world):
    """A worker serving the network pages, the dashboard and the directory to an officer holds no
    networkx graph and no pandas (the scheduler's process computed what they show), nor scipy and
    ortools (imported when a cohort or a jury is assigned)."""
    derived.warm()
    email = small_world["officer"].email
    db.session.commit()
    db.session.close()  # SQLite: leave the file to the other process
    script = textwrap.dedent(f"""
        import sys
        from ecosystem import create_app
        from tests.conftest import _config_dict
        from tests.factories import PASSWORD
        app = create_app({{**_config_dict(), "SQLALCHEMY_DATABASE_URI": {database_url!r}}})
        client = app.test_client()
        assert client.post("/login", data={{"email": {email!r}, "password": PASSWORD}}).status_code == 302
        for path in ("/", "/orgs/", "/dashboard/", "/dashboard/public", "/network/", "/network/map"):
            assert client.get(path).status_code == 200, path
        print(sorted(m for m in ("networkx", "pandas", "scipy", "ortools") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.app_config(PROCESS_CACHE_SECONDS=30)
def test_a_stored_payload_is_read_once_per_computation(app, small_world, empty_process_cache):
    derived.warm()
    db.session.commit()
    assert derived.stored_health() is not None
    row = db.session.get(AggregateCache, derived.HEALTH)
    row.payload = {**row.payload, "marker": 1}  # the same computation: the worker's copy is shown
    db.session.commit()
    assert "marker" not in derived.stored_health()
    row.computed_at = row.computed_at + timedelta(seconds=1)  # computed again
    db.session.commit()
    assert derived.stored_health()["marker"] == 1


@pytest.mark.app_config(PROCESS_CACHE_SECONDS=30)
def test_a_stored_map_is_made_once_per_computation_and_written_into_the_page_as_it_is(
        app, small_world, empty_process_cache, login_as):
    """Each view used to make its own 600 KB copy of the SVG, which the page's reference cycles kept
    until the next full collection: a worker serving the map grew by ~20 KB a view."""
    derived.warm()
    db.session.commit()
    first, computed_at = derived.stored_map("vi", {})
    again, _ = derived.stored_map("vi", {})
    assert again is first and again.svg is first.svg and str(first.svg).startswith("<svg")
    row = db.session.get(AggregateCache, f"{derived.MAP}vi|{derived.filter_key(derived.NO_FILTER)}")
    row.computed_at = computed_at + timedelta(seconds=1)  # drawn again: the worker makes the new one
    db.session.commit()
    assert derived.stored_map("vi", {})[0] is not first
    page = login_as(f.make_user("officer")).get("/network/map").get_data(as_text=True)
    assert '<div class="netmap-wrap"><svg xmlns="http://www.w3.org/2000/svg" class="netmap"' in page
