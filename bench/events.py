"""Benchmark of the events domain, printed as JSON: the pure registration rules over a rush, the
attendance ties of a large event, an iCalendar feed, QR tickets; with --db, a concurrent rush of
registrations against a real database (SQLite file or PostgreSQL URL).

Run: .venv/bin/python bench/events.py [--rush N] [--attendees N] [--db URL --writers N --places N]
"""
import argparse
import json
import random
import sys
import threading
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem.services.events import capacity_rules as rules
from ecosystem.services.events.ical import IcsEvent, feed_ics  # noqa: E402
from ecosystem.services.events.qr import new_checkin_code, qr_svg  # noqa: E402


def timed(func, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        begin = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - begin)
    return round(best * 1000, 2), result


def rush(people: int, capacity: int, cancels: int, seed: int = 7) -> dict:
    """Everyone registers, then random cancellations each promote the head of the queue."""
    rnd = random.Random(seed)
    rows: list[rules.Registration] = []
    for person in range(people):
        decision = rules.decide_registration(capacity, rows, person)
        rows.append(rules.Registration(person, person, decision.status, person))
    for key in rnd.sample(range(people), cancels):
        promoted = rules.on_cancel(capacity, rows, key)
        rows = [replace(r, status=rules.CANCELLED) if r.key == key else
                replace(r, status=rules.CONFIRMED) if promoted and r.key == promoted.key else r
                for r in rows]
    return {s: sum(1 for r in rows if r.status == s) for s in (rules.CONFIRMED, rules.WAITING)}


def feed(events: int) -> int:
    start = datetime(2027, 1, 5, 19, 0)
    items = [IcsEvent(uid=f"event-{n}@bench", starts_at=start + timedelta(days=n % 300),
                      ends_at=start + timedelta(days=n % 300, hours=2),
                      summary=f"Hội thảo đổi mới sáng tạo số {n}, Thủ Dầu Một; Bình Dương",
                      description="Chia sẻ kinh nghiệm gọi vốn hạt giống cho startup nông nghiệp "
                                  "công nghệ cao ở Bến Cát và Dầu Tiếng.\n" * 3,
                      location="Trung tâm Hội nghị và Triển lãm Bình Dương")
             for n in range(events)]
    return len(feed_ics(items, dtstamp=start, name="CLB Khởi nghiệp").encode())


def db_rush(url: str, writers: int, places: int) -> dict:
    """`writers` threads register at once for `places` places on a fresh schema at `url`."""
    from ecosystem import create_app
    from ecosystem.extensions import db
    from ecosystem.models import Event, Organisation, Registration, User
    from ecosystem.services.events.registration import register

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH": {
        "time_cost": 1, "memory_cost": 8, "parallelism": 1}})
    with app.app_context():
        db.drop_all()
        db.create_all()
        club = Organisation(kind="club", name="CLB Bench", slug="clb-bench", status="verified")
        db.session.add(club)
        db.session.flush()
        start = datetime.now() + timedelta(days=3)
        event = Event(kind="pitch", title="Bench", organiser_id=club.id, starts_at=start,
                      ends_at=start + timedelta(hours=2), venue="x", capacity=places)
        users = [User(email=f"u{n}@bench.vn", password_hash="x") for n in range(writers)]
        db.session.add_all([event, *users])
        db.session.commit()
        event_id, user_ids = event.id, [u.id for u in users]
    barrier, errors = threading.Barrier(writers), []

    def work(user_id):
        with app.app_context():
            barrier.wait()
            try:
                register(db.session.get(Event, event_id), db.session.get(User, user_id))
                db.session.commit()
            except Exception as exc:  # counted in the output
                db.session.rollback()
                errors.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=work, args=(u,)) for u in user_ids]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - begin
    with app.app_context():
        statuses = [s for (s,) in db.session.execute(db.select(Registration.status))]
        db.session.close()  # release the read (and, on SQLite, the write lock) before dropping
        db.drop_all()
    return {"database": url.split(":", 1)[0], "writers": writers, "places": places,
            "seconds": round(seconds, 3), "registrations_per_second": round(writers / seconds, 1),
            "confirmed": statuses.count("confirmed"), "waiting": statuses.count("waiting"),
            "errors": errors[:3]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rush", type=int, default=2000)
    parser.add_argument("--attendees", type=int, default=300)
    parser.add_argument("--db", default=None)
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--places", type=int, default=20)
    args = parser.parse_args()
    checkins = [rules.Checkin(n, n // 3 if n % 3 == 0 else None) for n in range(args.attendees)]
    rush_ms, counts = timed(lambda: rush(args.rush, args.rush // 4, args.rush // 10), repeat=1)
    ties_ms, ties = timed(lambda: rules.attendance_ties(
        checkins, attended_on=date(2026, 3, 10), as_of=date(2026, 11, 26), half_life_days=365,
        full_weight_size=30))
    feed_ms, feed_bytes = timed(lambda: feed(500))
    qr_ms, _svg = timed(lambda: [qr_svg(f"https://ecosystem.example/events/scan/{new_checkin_code()}")
                                 for _ in range(100)])
    out = {
        "rules_rush": {"people": args.rush, "capacity": args.rush // 4, "cancellations": args.rush // 10,
                       "ms": rush_ms, **counts},
        "attendance_ties": {"attendees": args.attendees, "ties": len(ties), "ms": ties_ms,
                            "weight": round(ties[0].weight, 4)},
        "ical_feed": {"events": 500, "bytes": feed_bytes, "ms": feed_ms},
        "qr_tickets": {"count": 100, "ms": qr_ms, "ms_each": round(qr_ms / 100, 2)},
    }
    if args.db:
        out["db_rush"] = db_rush(args.db, args.writers, args.places)
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
