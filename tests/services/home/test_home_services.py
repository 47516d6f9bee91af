"""The homes' data gatherers: right rows, few queries, no graph build on a large ecosystem."""
from sqlalchemy import event

from ecosystem.extensions import db
from ecosystem.services.home import office, roles, startup
from ecosystem.services.home import suggestions as home_suggestions
from tests import factories as f
from tests.home_world import build_home_world


def count_queries(run) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_officer_and_admin_panels_take_few_queries(app):
    build_home_world()
    assert count_queries(office.officer_home) <= 15
    assert count_queries(office.admin_home) <= 8


def test_coordinator_counts_registrations_per_event(app):
    w = build_home_world()
    data = roles.coordinator_home(w.user("coordinator"))
    row = next(r for r in data["events"] if r["event"].id == w.event.id)
    assert (row["confirmed"], row["waiting"]) == (2, 1)
    assert w.event in data["today"]
    assert [r["club"].id for r in data["requests"]] == [w.matching.club.id]


def test_introductions_wait_on_the_connector_then_the_target(app):
    w = build_home_world()
    assert roles.awaiting_answer(w.user("coordinator")) == [w.intro]
    assert roles.awaiting_answer(w.user("investor")) == []
    w.intro.status = "forwarded"
    assert roles.awaiting_answer(w.user("investor")) == [w.intro]
    assert roles.awaiting_answer(w.user("coordinator")) == []


def test_startup_home_is_none_without_a_startup(app):
    assert startup.startup_home(f.make_user("startup")) is None


def test_no_suggestions_on_a_large_cold_ecosystem(app, monkeypatch):
    w = build_home_world()
    monkeypatch.setattr(home_suggestions, "SMALL_ECOSYSTEM", 1)
    from ecosystem.services.matching.graph_store import forget_graph
    from ecosystem.services.matching.suggestions import forget_indexes
    forget_graph()
    forget_indexes()
    assert home_suggestions.top_suggestions(w.matching.startup) is None
    data = startup.startup_home(w.user("startup"))
    assert data["suggestions"] is None and data["requests"]
