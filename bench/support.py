"""Benchmark of the support pipeline, printed as JSON: the pure state machine, the completeness
meter, the upload check on a 10 MB file, and the officers' list (filter, counts, median, CSV/XLSX
export) over N requests in a throwaway SQLite database.

Run: .venv/bin/python bench/support.py [--requests N]
"""
import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ecosystem.services.support import profile_rules
from ecosystem.services.support import workflow as wf
from ecosystem.services.platform import uploads


def timed(func, repeat: int = 3) -> float:
    """Best of `repeat` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        begin = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - begin)
    return round(best * 1000, 2)


def pure(rnd: random.Random) -> dict:
    actions = [a.value for a in wf.Action]
    roles = sorted(wf.ROLES)
    steps = [(rnd.choice(actions), {rnd.choice(roles)}) for _ in range(100_000)]

    def walk():
        state = "draft"
        for action, who in steps:
            try:
                state = wf.apply(state, action, who, **({"reason": "x"} if action in (
                    "decline", "reopen") else {"assignee_kind": "person", "assignee_id": 1}
                    if action == "assign" else {}))
            except wf.WorkflowError:
                pass
            if state == "withdrawn":
                state = "draft"
    profile = {"founders": ["A"], "sectors": ["agritech"], "stage": "seed", "product": "x",
               "address": {"city": "HCM", "ward": "Phú Lợi"}, "contact": {"email": "a@b.vn"}}
    pdf = b"%PDF-1.7\n" + b"0" * (10 * 1024 * 1024 - 20) + b"\n%%EOF\n"
    base = date(2020, 1, 1)
    pairs = [(base + timedelta(days=rnd.randint(0, 2000)),) * 2 for _ in range(100_000)]
    pairs = [(s, s + timedelta(days=rnd.randint(0, 90))) for s, _ in pairs]
    return {
        "apply_100k_random_moves_ms": timed(walk),
        "completeness_10k_profiles_ms": timed(
            lambda: [profile_rules.profile_completeness(profile) for _ in range(10_000)]),
        "inspect_10mb_pdf_ms": timed(lambda: uploads.inspect_upload(pdf, "deck.pdf", len(pdf))),
        "median_100k_pairs_ms": timed(lambda: wf.median_time_to_resolve(pairs)),
    }


def database(n: int, rnd: random.Random) -> dict:
    from ecosystem import create_app
    from ecosystem.extensions import db
    from ecosystem.models import Organisation
    from ecosystem.models.base import utcnow
    from ecosystem.models.support import SUPPORT_TYPE_CODES, SupportRequest
    from ecosystem.services.platform import spreadsheets as exports
    from ecosystem.services.support import queries as q
    from ecosystem.services.support.export import export_table

    folder = tempfile.mkdtemp(prefix="bench-support-")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "UPLOAD_ROOT": f"{folder}/uploads"})
    with app.app_context(), app.test_request_context():
        db.create_all()
        orgs = [Organisation(kind="startup", name=f"Startup {i}", slug=f"s-{i}", status="verified",
                             former_district=rnd.choice(["Thủ Dầu Một", "Dĩ An", "Bến Cát"]))
                for i in range(max(1, n // 10))]
        db.session.add_all(orgs)
        db.session.flush()
        now = utcnow()
        states = [s.value for s in wf.State if s != wf.State.DRAFT]
        rows = []
        for i in range(n):
            state = rnd.choice(states)
            submitted = now - timedelta(days=rnd.randint(0, 400))
            rows.append({"organisation_id": rnd.choice(orgs).id, "title": f"Yêu cầu {i}",
                         "type_code": rnd.choice(SUPPORT_TYPE_CODES), "state": state,
                         "description": "", "submitted_at": submitted,
                         "resolved_at": submitted + timedelta(days=rnd.randint(1, 60))
                         if state == "resolved" else None,
                         "decline_reason": "Ngoài phạm vi" if state == "declined" else None,
                         "created_at": now, "updated_at": now})
        db.session.execute(SupportRequest.__table__.insert(), rows)
        db.session.commit()
        today = date.today()
        everything = q.RequestFilters()
        late = q.RequestFilters(overdue="1", former_district="Dĩ An")

        def page():
            return db.session.scalars(q.request_query(everything, now, today).limit(30)).all()

        def export():
            columns, table = export_table(everything, now, today, "vi")
            return exports.to_csv_bytes(table, columns)
        result = {
            "requests": n,
            "list_first_page_ms": timed(page),
            "counts_by_state_ms": timed(lambda: q.state_counts(everything, now, today)),
            "overdue_filter_counts_ms": timed(lambda: q.state_counts(late, now, today)),
            "median_time_to_resolve_ms": timed(
                lambda: q.median_time_to_resolve(everything, now, today)),
            "export_csv_all_rows_ms": timed(export, repeat=1),
        }
        db.session.remove()
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20_000)
    args = parser.parse_args()
    rnd = random.Random(3)
    print(json.dumps({"pure": pure(rnd), "database_sqlite": database(args.requests, rnd)},
                     indent=2))


if __name__ == "__main__":
    main()
