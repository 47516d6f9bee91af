"""An organisation page loads the other ends of its relationships in a fixed number of queries."""
from sqlalchemy import event

from ecosystem.extensions import db
from ecosystem.models import Relationship
from ecosystem.services.directory.relations import relationships_of
from tests import factories as f


def _count_queries(run) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def _startup_with_mentors(n: int):
    startup = f.make_org()
    for _ in range(n):
        db.session.add(Relationship(kind="mentor", source_person_id=f.make_person().id,
                                    target_org_id=startup.id))
    db.session.commit()
    db.session.expire_all()
    return startup


def test_query_count_does_not_grow_with_relationships(app):
    small, large = _startup_with_mentors(2), _startup_with_mentors(12)

    counts = []
    for org in (small, large):
        org_id = org.id  # loaded before counting, so both runs start from the same state
        db.session.commit()
        db.session.expire_all()
        org = db.session.get(type(org), org_id)
        counts.append(_count_queries(
            lambda: [(r.source_person or r.source_org).id for r in relationships_of(org)]))
    assert counts[0] == counts[1]
