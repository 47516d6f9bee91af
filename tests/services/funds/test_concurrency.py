"""Usages racing for one balance from real concurrent writers: never both accepted, never an entry lost.

Runs on SQLite (BEGIN IMMEDIATE serialises writers) and on PostgreSQL (the fund row lock) alike.
"""
import threading
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import FundEntry, StFund, User
from ecosystem.services.funds import ledger as service
from tests.factories import make_org, make_user, valid_tax_code

M = 1_000_000


def _fund_with_balance(amount: int) -> tuple[int, int]:
    org = make_org("Công ty Cổ phần Đua Thử", kind="enterprise", tax_code=valid_tax_code())
    owner = make_user("startup", manages=[org])
    fund = service.save_fund(org, {"decision_number": "7/QĐ", "decision_date": date(2019, 1, 2)}, owner)
    service.record_appropriation(fund, owner, tax_year=2020, taxable_income=amount * 10, rate=Decimal("0.1"),
                                 cit_rate=Decimal("0.2"))
    ids = (fund.id, owner.id)
    db.session.commit()
    db.session.close()  # hold no transaction (SQLite: no write lock) while the writers run
    return ids


def _race(app, fund_id: int, user_id: int, amounts: list[int], keys: list[str | None]) -> list[str]:
    """Post one usage per thread at the same moment; returns 'ok' or the refusal code of each."""
    barrier = threading.Barrier(len(amounts))
    results: list[str] = [""] * len(amounts)

    def post(index: int) -> None:
        with app.app_context():
            fund, user = db.session.get(StFund, fund_id), db.session.get(User, user_id)
            db.session.rollback()  # start the write transaction only after the barrier
            barrier.wait()
            try:
                service.record_usage(fund, user, day=date(2021, 5, 5), amount=amounts[index], category="personnel",
                                     key=keys[index])
                db.session.commit()
                results[index] = "ok"
            except service.FundError as error:
                db.session.rollback()
                results[index] = error.code
            finally:
                db.session.remove()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(amounts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _usages(fund_id: int) -> list[int]:
    return list(db.session.scalars(select(FundEntry.amount).where(
        FundEntry.fund_id == fund_id, FundEntry.kind == "usage")))


def test_two_usages_for_one_balance(app):
    fund_id, user_id = _fund_with_balance(100 * M)
    results = _race(app, fund_id, user_id, [60 * M, 70 * M], [None, None])
    assert sorted(results) == ["beyond_balance", "ok"]
    accepted = [60 * M, 70 * M][results.index("ok")]
    assert _usages(fund_id) == [accepted]


def test_many_writers_never_overdraw_and_lose_nothing(app):
    fund_id, user_id = _fund_with_balance(100 * M)
    results = _race(app, fund_id, user_id, [30 * M] * 6, [None] * 6)
    assert results.count("ok") == 3 and results.count("beyond_balance") == 3
    assert _usages(fund_id) == [30 * M] * 3


def test_a_double_submission_racing_itself_is_recorded_once(app):
    fund_id, user_id = _fund_with_balance(100 * M)
    results = _race(app, fund_id, user_id, [10 * M, 10 * M], ["same-key", "same-key"])
    assert results == ["ok", "ok"]
    assert db.session.scalar(select(func.count(FundEntry.id)).where(FundEntry.idempotency_key == "same-key")) == 1
