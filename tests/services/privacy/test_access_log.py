"""log_contact_access: one bulk insert, never the viewer's own person, anonymous viewers as None."""
import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import event, select

from ecosystem.extensions import db
from ecosystem.models.privacy import ContactAccess
from ecosystem.services.privacy.access_log import access_log_query, log_contact_access
from tests import factories as f


def test_one_insert_for_a_whole_export_without_the_viewers_own_row(app):
    own = f.make_person()
    viewer = f.make_user("officer", person=own, email="can.bo@example.vn")
    people = [f.make_person() for _ in range(5)]
    statements = []
    listener = lambda conn, cursor, statement, *rest: statements.append(statement)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        written = log_contact_access(viewer, [p.id for p in people] + [own.id, people[0].id], "export")
        db.session.flush()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert written == 5
    assert len([s for s in statements if s.lstrip().upper().startswith("INSERT")]) == 1
    rows = db.session.scalars(select(ContactAccess)).all()
    assert {r.person_id for r in rows} == {p.id for p in people}
    assert {(r.viewer_id, r.channel) for r in rows} == {(viewer.id, "export")}


def test_an_anonymous_visitor_is_logged_without_a_viewer(app):
    person = f.make_person()
    assert log_contact_access(AnonymousUserMixin(), [person.id], "page") == 1
    assert log_contact_access(None, [person.id], "api") == 1
    assert {r.viewer_id for r in db.session.scalars(select(ContactAccess))} == {None}


def test_nothing_written_for_nobody_and_an_unknown_channel_is_an_error(app):
    viewer = f.make_user()
    assert log_contact_access(viewer, [], "export") == 0
    with pytest.raises(ValueError):
        log_contact_access(viewer, [1], "fax")


def test_the_admin_query_filters_by_person_viewer_and_channel(app):
    a, b = f.make_person(), f.make_person()
    alice, bob = f.make_user(email="alice@example.vn"), f.make_user(email="bob@example.vn")
    log_contact_access(alice, [a.id, b.id], "export")
    log_contact_access(bob, [a.id], "page")
    db.session.flush()

    def found(**filters):
        return sorted((r.viewer_id, r.person_id, r.channel)
                      for r in db.session.scalars(access_log_query(**filters)))
    assert found(person_id=a.id) == sorted([(alice.id, a.id, "export"), (bob.id, a.id, "page")])
    assert found(viewer="BOB@") == [(bob.id, a.id, "page")]
    assert found(channel="export") == sorted([(alice.id, a.id, "export"), (alice.id, b.id, "export")])
    assert len(found(channel="nonsense")) == 3
