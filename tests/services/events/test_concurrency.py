"""Rushes with real concurrent writers (threads, each with its own app context, session and
connection): on PostgreSQL (TEST_DATABASE_URL) the row lock decides, on SQLite BEGIN IMMEDIATE does."""
import threading
from collections import Counter

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Event, OfficeHourSlot, Organisation, Registration, User
from ecosystem.services.events import registration as reg
from ecosystem.services.events.office_hours import SlotError, book_slot
from tests import factories as f
from tests.event_factories import make_event, make_slot


def run_together(app, work, arguments) -> list:
    """Start one thread per argument, release them at once, return what each returned or raised."""
    barrier = threading.Barrier(len(arguments))
    results: list = [None] * len(arguments)

    def worker(index, argument):
        with app.app_context():
            barrier.wait()
            try:
                results[index] = work(argument)
                db.session.commit()
            except Exception as exc:  # recorded, asserted on by the test
                db.session.rollback()
                results[index] = exc
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, a)) for i, a in enumerate(arguments)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return results


def test_fifty_simultaneous_registrations_for_twenty_places(app):
    event_id = make_event(capacity=20, title="Pitching tháng 3").id
    user_ids = [f.make_user("startup").id for _ in range(50)]
    db.session.commit()

    def register(user_id):
        return reg.register(db.session.get(Event, event_id), db.session.get(User, user_id)).status

    results = run_together(app, register, user_ids)
    assert [r for r in results if isinstance(r, Exception)] == []
    assert Counter(results) == {"confirmed": 20, "waiting": 30}
    db.session.expire_all()
    rows = list(db.session.scalars(select(Registration).where(Registration.event_id == event_id)
                                   .order_by(Registration.id)))
    assert Counter(r.status for r in rows) == {"confirmed": 20, "waiting": 30}
    assert [r.status for r in rows] == ["confirmed"] * 20 + ["waiting"] * 30, "queue is not FIFO"
    assert len({r.user_id for r in rows}) == 50
    assert [reg.waiting_position_of(r) for r in rows[20:]] == list(range(1, 31))


def test_the_same_account_clicking_five_times_at_once_gets_one_place(app):
    event_id = make_event(capacity=3).id
    user_id = f.make_user().id
    db.session.commit()

    def register(_):
        return reg.register(db.session.get(Event, event_id), db.session.get(User, user_id)).status

    results = run_together(app, register, range(5))
    assert results.count("confirmed") == 1
    assert all(isinstance(r, reg.RegistrationError) and r.code == "already_registered"
               for r in results if r != "confirmed")


def test_simultaneous_cancellations_and_registrations_never_overbook(app):
    event_id = make_event(capacity=10).id
    holders = [f.make_user() for _ in range(15)]
    event = db.session.get(Event, event_id)
    held = [reg.register(event, user).id for user in holders]
    newcomers = [f.make_user().id for _ in range(10)]
    db.session.commit()

    def act(item):
        kind, ident = item
        if kind == "cancel":
            registration = db.session.get(Registration, ident)
            return reg.cancel_registration(registration, registration.user)
        return reg.register(db.session.get(Event, event_id), db.session.get(User, ident))

    results = run_together(app, act, [("cancel", i) for i in held[:8]] +
                           [("register", u) for u in newcomers])
    assert [r for r in results if isinstance(r, Exception)] == []
    db.session.expire_all()
    rows = list(db.session.scalars(select(Registration).where(Registration.event_id == event_id)
                                   .order_by(Registration.id)))
    statuses = Counter(r.status for r in rows)
    assert statuses["confirmed"] == 10 and statuses["waiting"] == 7 and statuses["cancelled"] == 8
    waiting = [r.id for r in rows if r.status == "waiting"]
    confirmed = [r.id for r in rows if r.status == "confirmed"]
    assert max(confirmed) < min(waiting), "someone who came later holds a place"


def test_ten_startups_booking_one_slot_at_once_get_it_exactly_once(app):
    mentor = f.make_person("Cố Vấn Thử", mentor_capacity=3)
    slot_id = make_slot(mentor).id
    bookers = []
    for n in range(10):
        startup = f.make_org(f"Startup Đặt Lịch {n}")
        bookers.append((f.make_user("startup", manages=[startup]).id, startup.id))
    db.session.commit()

    def book(pair):
        user_id, startup_id = pair
        slot = db.session.get(OfficeHourSlot, slot_id)
        return book_slot(slot, db.session.get(Organisation, startup_id),
                         db.session.get(User, user_id), "Gọi vốn").booked_org_id

    results = run_together(app, book, bookers)
    winners = [r for r in results if isinstance(r, int)]
    assert len(winners) == 1
    assert all(isinstance(r, SlotError) and r.code == "slot_taken"
               for r in results if not isinstance(r, int))
    db.session.expire_all()
    assert db.session.get(OfficeHourSlot, slot_id).booked_org_id == winners[0]
