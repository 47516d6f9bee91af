"""Real concurrent writers (threads, each with its own app context and database session): two
officers triaging one request end with one recorded outcome; a double-clicked send makes one row.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
import threading
import time

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import User
from ecosystem.models.support import SupportRequest, SupportRequestEvent
from ecosystem.services.support import requests as support
from ecosystem.services.support import notify as support_notify
from ecosystem.services.support.workflow import WorkflowError
from tests import factories as f


def _race(app, worker, n: int = 2) -> list:
    """Run worker(i) in n threads released together; returns what each returned or raised.

    The test's own session is closed first: on SQLite an open transaction of the test (even a
    read, since transactions begin IMMEDIATE) would hold the write lock the workers need."""
    db.session.close()
    barrier = threading.Barrier(n, timeout=30)
    results: list = [None] * n

    def run(i):
        with app.app_context():
            try:
                barrier.wait()
                results[i] = worker(i)
                db.session.commit()
            except Exception as exc:  # collected and asserted by the test
                db.session.rollback()
                results[i] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_notifications(monkeypatch):
    """Hold each winning transaction open a little after its state change (where notifications
    are sent), so an unlocked read-then-write would certainly interleave with the other writer."""
    original = support_notify.state_changed

    def slow(*args, **kwargs):
        time.sleep(0.3)
        return original(*args, **kwargs)
    monkeypatch.setattr(support_notify, "state_changed", slow)


def _submitted(title: str):
    startup = f.make_org(f"Startup {title}")
    member = f.make_user("startup", manages=[startup])
    req, _ = support.create_request(startup, member, "mentoring", title, submit=True)
    return req, member


def test_two_officers_triaging_at_once_end_with_one_recorded_outcome(app, slow_notifications):
    req, _member = _submitted("Hai cán bộ cùng phân loại")
    officers = [f.make_user("officer"), f.make_user("officer")]
    db.session.commit()
    req_id, officer_ids = req.id, [o.id for o in officers]

    def triage(i):
        support.transition(db.session.get(SupportRequest, req_id), "triage",
                           db.session.get(User, officer_ids[i]), note=f"Cán bộ {i}")
        return i

    results = _race(app, triage)
    winners = [r for r in results if isinstance(r, int)]
    losers = [r for r in results if isinstance(r, WorkflowError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].code == "support.transition.invalid"
    events = db.session.scalars(select(SupportRequestEvent).where(
        SupportRequestEvent.request_id == req_id, SupportRequestEvent.action == "triage")).all()
    assert [(e.actor_id, e.note) for e in events] == [
        (officer_ids[winners[0]], f"Cán bộ {winners[0]}")]
    assert db.session.get(SupportRequest, req_id).state == "triaged"


def test_a_decline_racing_a_withdrawal_leaves_one_final_state(app, slow_notifications):
    """Either order is a complete story (declined, or withdrawn), never both."""
    req, member = _submitted("Từ chối hay rút")
    officer = f.make_user("officer")
    db.session.commit()
    req_id, member_id, officer_id = req.id, member.id, officer.id

    def move(i):
        target = db.session.get(SupportRequest, req_id)
        if i == 0:
            support.transition(target, "decline", db.session.get(User, officer_id),
                               reason="Ngoài phạm vi")
            return "declined"
        support.transition(target, "withdraw", db.session.get(User, member_id))
        return "withdrawn"

    results = _race(app, move)
    done = [r for r in results if isinstance(r, str)]
    assert len(done) == 1 and sum(isinstance(r, WorkflowError) for r in results) == 1, results
    final = db.session.get(SupportRequest, req_id)
    assert final.state == done[0]
    assert db.session.scalar(select(func.count(SupportRequestEvent.id)).where(
        SupportRequestEvent.request_id == req_id,
        SupportRequestEvent.action.in_(["decline", "withdraw"]))) == 1


def test_double_clicked_send_at_the_same_moment_creates_one_request(app):
    startup = f.make_org("Startup Gửi Đúp")
    member = f.make_user("startup", manages=[startup])
    db.session.commit()
    org_id, member_id = startup.id, member.id

    def send(_i):
        from ecosystem.models import Organisation
        req, created = support.create_request(
            db.session.get(Organisation, org_id), db.session.get(User, member_id), "mentoring",
            "Gửi một lần", submit=True, idempotency_key="same-click")
        return req.id, created

    results = _race(app, send)
    assert not any(isinstance(r, Exception) for r in results), results
    assert results[0][0] == results[1][0]
    assert sorted(created for _id, created in results) == [False, True]
    assert db.session.scalar(select(func.count(SupportRequest.id))) == 1
    assert db.session.scalar(select(func.count(SupportRequestEvent.id)).where(
        SupportRequestEvent.action == "submit")) == 1
