"""The fund ledger on a real database: validation, balance, advances, reversals, misuse, transfers."""
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import FundEntry, LedgerIsAppendOnly
from ecosystem.services.funds import ledger as service
from ecosystem.services.funds.queries import fund_state
from tests.factories import make_org, make_user, valid_tax_code

M = 1_000_000
CIT = Decimal("0.2")


@pytest.fixture
def world(app):
    org = make_org("Công ty Cổ phần Cơ khí Thử Nghiệm", kind="enterprise", tax_code=valid_tax_code())
    owner = make_user("startup", manages=[org])
    officer = make_user("officer")
    fund = service.save_fund(org, {"decision_number": "12/QĐ-HĐQT", "decision_date": date(2019, 1, 15),
                                   "organisation_form": "internal", "state_owned": False}, owner)
    return {"org": org, "owner": owner, "officer": officer, "fund": fund}


def appropriate(world, year=2019, income=1000 * M, rate="0.1", actor=None, **extra):
    return service.record_appropriation(world["fund"], actor or world["owner"], tax_year=year, taxable_income=income,
                                        rate=Decimal(rate), cit_rate=CIT, **extra)


def use(world, day, amount, actor=None, **extra):
    extra.setdefault("category", "training")
    return service.record_usage(world["fund"], actor or world["owner"], day=day, amount=amount, **extra)


def count(kind=None):
    query = select(func.count(FundEntry.id))
    return db.session.scalar(query.where(FundEntry.kind == kind) if kind else query)


def test_a_fund_needs_a_tax_code_and_is_one_per_enterprise(world):
    with pytest.raises(service.FundError) as error:
        service.save_fund(make_org("Startup Không Mã"), {"decision_number": "1", "decision_date": date(2020, 1, 1)},
                          world["owner"])
    assert error.value.code == "needs_tax_code"
    with pytest.raises(service.FundError) as error:
        service.save_fund(world["org"], {"decision_number": "2", "decision_date": date(2020, 1, 1)}, world["owner"])
    assert error.value.code == "fund_exists"


def test_appropriation_amount_is_income_times_rate(world):
    entry = appropriate(world, income=1_234_567_891, rate="0.07")
    assert (entry.amount, entry.rate, entry.cit_rate, entry.created_by_id) == (
        86_419_752, Decimal("0.07"), CIT, world["owner"].id)


@pytest.mark.parametrize("rate, state_owned, code", [
    ("0.11", False, "rate_out_of_range"), ("0.02", True, "rate_below_state_minimum")])
def test_appropriation_rate_limits(world, rate, state_owned, code):
    world["fund"].state_owned = state_owned
    with pytest.raises(service.FundError) as error:
        appropriate(world, rate=rate)
    assert error.value.code == code


def test_only_an_officer_overrides_the_amount_and_with_a_reason(world):
    with pytest.raises(service.FundError) as error:
        appropriate(world, amount=90 * M, override_reason="Quyết toán lại")
    assert error.value.code == "override_officer_only"
    with pytest.raises(service.FundError) as error:
        appropriate(world, actor=world["officer"], amount=90 * M)
    assert error.value.code == "override_needs_reason"
    entry = appropriate(world, actor=world["officer"], amount=90 * M, override_reason="Quyết toán lại")
    assert (entry.amount, entry.override_reason) == (90 * M, "Quyết toán lại")


def test_one_appropriation_per_year_until_it_is_reversed(world):
    first = appropriate(world)
    with pytest.raises(service.FundError) as error:
        appropriate(world)
    assert error.value.code == "year_taken"
    service.reverse_entry(world["fund"], world["owner"], first, "Sai thu nhập tính thuế")
    again = appropriate(world, income=900 * M)
    assert again.amount == 90 * M


def test_usage_beyond_balance_is_refused_unless_an_advance(world):
    appropriate(world)  # 100M for 2019
    use(world, date(2020, 2, 1), 60 * M)
    with pytest.raises(service.FundError) as error:
        use(world, date(2020, 3, 1), 50 * M)
    assert (error.value.code, error.value.params["available"]) == ("beyond_balance", 40 * M)
    advance = use(world, date(2020, 3, 1), 50 * M, advance=True)
    covered = use(world, date(2021, 3, 1), 0 + 1, advance=True)
    assert (advance.kind, covered.kind) == ("advance", "advance")
    state = fund_state(world["fund"], date(2021, 12, 31))
    assert state.rows[0]["used"] == 100 * M
    assert state.rows.unallocated_total == 10 * M + 1


def test_an_advance_the_balance_covers_is_an_ordinary_usage(world):
    appropriate(world)
    assert use(world, date(2020, 2, 1), 10 * M, advance=True).kind == "usage"


def test_a_repeated_submission_is_a_no_op(world):
    appropriate(world, key="k-appr")
    first = use(world, date(2020, 2, 1), 10 * M, key="k-use")
    second = use(world, date(2020, 2, 1), 10 * M, key="k-use")
    assert first.id == second.id
    assert appropriate(world, key="k-appr").kind == "appropriation"
    assert count() == 2


def test_the_ledger_is_append_only(world):
    entry = appropriate(world)
    db.session.commit()
    entry.amount = 1
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(FundEntry, entry.id))
    with pytest.raises(LedgerIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(FundEntry, entry.id).amount == 100 * M


def test_reversal_cancels_once_and_restores_the_balance(world):
    appropriate(world)
    usage = use(world, date(2020, 2, 1), 70 * M)
    service.reverse_entry(world["fund"], world["owner"], usage, "Nhập nhầm")
    assert service.balance_on(world["fund"].id, date(2020, 6, 1)) == 100 * M
    with pytest.raises(service.FundError) as error:
        service.reverse_entry(world["fund"], world["owner"], usage, "Lần nữa")
    assert error.value.code == "not_reversible"
    with pytest.raises(service.FundError) as error:
        service.reverse_entry(world["fund"], world["owner"], usage, "  ")
    assert error.value.code in ("reason_required", "not_reversible")


def test_misuse_finding_by_an_officer_charges_tax_and_late_interest(world):
    appropriate(world)
    usage = use(world, date(2020, 2, 1), 80 * M)
    with pytest.raises(service.FundError):
        service.flag_misuse(world["fund"], world["owner"], usage, "Tự nhận")
    service.flag_misuse(world["fund"], world["officer"], usage, "Chi tiếp khách, không thuộc nội dung được phép")
    [row] = fund_state(world["fund"], date(2020, 12, 31)).rows
    # 80M misused × 20 % = 16M; late interest 16M × 0.0003 × 366 days (31/12/2019 → 31/12/2020) = 1,756,800
    assert (row["misused"], row["status"], row["cit_due"], row["interest_due"]) == (80 * M, "open", 16 * M, 1_756_800)
    flagged = db.session.scalar(select(FundEntry).where(FundEntry.proper.is_(False)))
    with pytest.raises(service.FundError) as error:
        service.reverse_entry(world["fund"], world["owner"], flagged, "Không đồng ý")
    assert error.value.code == "staff_entry"


def test_transfers_need_full_ownership_and_mirror_on_the_subsidiary(world):
    child = make_org("Công ty TNHH Con Thử Nghiệm", kind="enterprise", tax_code=valid_tax_code())
    child_fund = service.save_fund(child, {"decision_number": "3/QĐ", "decision_date": date(2020, 1, 1)},
                                   world["officer"])
    appropriate(world, year=2019)
    appropriate(world, year=2020, income=500 * M)
    use(world, date(2021, 1, 5), 80 * M)
    args = dict(direction="out", counterparty=child, day=date(2021, 6, 1), amount=50 * M)
    service.add_ownership(world["org"], child, Decimal("0.99"), date(2020, 1, 1), world["officer"])
    with pytest.raises(service.FundError) as error:
        service.record_transfer(world["fund"], world["owner"], **args)
    assert error.value.code == "not_wholly_owned"
    service.add_ownership(world["org"], child, Decimal("1"), date(2020, 1, 1), world["officer"])
    out = service.record_transfer(world["fund"], world["owner"], **args)
    mirrored = sorted((e.tax_year, e.amount) for e in db.session.scalars(
        select(FundEntry).where(FundEntry.fund_id == child_fund.id)))
    assert mirrored == [(2019, 20 * M), (2020, 30 * M)]  # 2019 had 20M left, 2020 pays the rest
    assert [r["year"] for r in fund_state(child_fund, date(2021, 12, 31)).rows] == [2019, 2020]
    service.reverse_entry(world["fund"], world["owner"], out, "Huỷ điều chuyển")
    assert fund_state(child_fund, date(2021, 12, 31)).rows == []
    with pytest.raises(service.FundError) as error:
        service.record_transfer(child_fund, world["owner"], direction="in", counterparty=world["org"],
                                day=date(2021, 6, 1), amount=1, tax_year=2019, cit_rate=CIT)
    assert error.value.code == "record_from_sender"


def test_position_from_the_database_matches_the_rule(world):
    appropriate(world, year=2019)                         # 100M
    appropriate(world, year=2020, income=3000 * M)        # 300M
    use(world, date(2020, 4, 1), 60 * M)
    use(world, date(2024, 12, 31), 10 * M)                # 2019's deadline day: still 2019
    use(world, date(2025, 1, 2), 100 * M)                 # 2019 expired: 2020 pays
    rows = fund_state(world["fund"], date(2025, 3, 1)).rows
    assert [(r["year"], r["used"], r["status"], r["cit_due"]) for r in rows] == [
        (2019, 70 * M, "compliant", 0), (2020, 100 * M, "open", 0)]
