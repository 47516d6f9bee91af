"""Fund usages posted through the API by concurrent clients (threads, each with its own session):
never both accepted for one balance, a double submission recorded once. SQLite and PostgreSQL alike."""
import threading
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import FundEntry
from ecosystem.services.funds import ledger as service
from tests import factories as f
from tests.views.test_api import bearer, token_for

M = 1_000_000


def _fund_with_balance(amount: int) -> tuple[int, list[str]]:
    org = f.make_org("Công ty Cổ phần Đua API", kind="enterprise", tax_code=f.valid_tax_code())
    owner, officer = f.make_user("startup", manages=[org]), f.make_user("officer")
    fund = service.save_fund(org, {"decision_number": "7/QĐ", "decision_date": date(2019, 1, 2)}, owner)
    service.record_appropriation(fund, owner, tax_year=2020, taxable_income=amount * 10, rate=Decimal("0.1"),
                                 cit_rate=Decimal("0.2"))
    fund_id = fund.id
    tokens = [token_for(owner), token_for(officer)]  # commits
    db.session.close()  # hold no transaction (SQLite: no write lock) while the writers run
    return fund_id, tokens


def _race(app, fund_id: int, bodies: list[dict], tokens: list[str], keys: list[str | None]) -> list:
    """Post one usage per thread at the same moment, each from its own client; (status, body) of each."""
    barrier = threading.Barrier(len(bodies))
    results: list = [None] * len(bodies)

    def post(index: int) -> None:
        client = app.test_client()
        headers = bearer(tokens[index]) | ({"Idempotency-Key": keys[index]} if keys[index] else {})
        barrier.wait()
        try:
            response = client.post(f"/api/v1/funds/{fund_id}/usages", json=bodies[index], headers=headers)
            results[index] = (response.status_code, response.get_json())
        except Exception as error:  # noqa: BLE001 - reported by the assertions
            results[index] = (0, repr(error))

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _usage(amount: int) -> dict:
    return {"day": "2021-05-05", "amount": amount, "category": "personnel"}


def _usages(fund_id: int) -> list[int]:
    db.session.expire_all()
    return list(db.session.scalars(select(FundEntry.amount).where(
        FundEntry.fund_id == fund_id, FundEntry.kind == "usage").order_by(FundEntry.id)))


def test_owner_and_officer_racing_for_one_balance(app):
    fund_id, tokens = _fund_with_balance(100 * M)
    results = _race(app, fund_id, [_usage(60 * M), _usage(70 * M)], tokens, [None, None])
    statuses = sorted(status for status, _body in results)
    assert statuses == [201, 422], results
    refused = next(body for status, body in results if status == 422)
    assert refused["code"] == "beyond_balance"
    accepted = next(body for status, body in results if status == 201)
    assert _usages(fund_id) == [accepted["amount"]]


def test_many_api_writers_never_overdraw(app):
    fund_id, tokens = _fund_with_balance(100 * M)
    results = _race(app, fund_id, [_usage(30 * M)] * 4, tokens * 2, [None] * 4)
    assert sorted(status for status, _body in results) == [201, 201, 201, 422], results
    assert _usages(fund_id) == [30 * M] * 3


def test_a_double_submission_racing_itself_is_one_entry(app):
    fund_id, tokens = _fund_with_balance(100 * M)
    results = _race(app, fund_id, [_usage(10 * M)] * 2, [tokens[0]] * 2, ["phieu-chi-1", "phieu-chi-1"])
    assert [status for status, _body in results] == [201, 201], results
    assert results[0][1]["id"] == results[1][1]["id"]
    assert _usages(fund_id) == [10 * M]
