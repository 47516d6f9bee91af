"""Rule sets and the two corrected computations on a real database (SQLite and PostgreSQL)."""
import copy
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AuditEntry, FundEntry, FundRuleSetRecord
from ecosystem.services.funds import ledger as service
from ecosystem.services.funds.queries import fund_state, tax_report
from ecosystem.services.funds.rule_book import install_rule_set, rule_book
from ecosystem.services.funds.rule_sets import RuleSetError, read_rule_set_files
from tests.factories import make_org, make_user, valid_tax_code

M = 1_000_000
CIT = Decimal("0.2")
DOCS = {doc["code"]: doc for doc in read_rule_set_files()}


@pytest.fixture
def world(app):
    org = make_org("Công ty TNHH Quy Tắc Thử", kind="enterprise", tax_code=valid_tax_code())
    owner = make_user("startup", manages=[org])
    fund = service.save_fund(org, {"decision_number": "7/QĐ", "decision_date": date(2019, 1, 2)}, owner)
    return {"fund": fund, "owner": owner, "officer": make_user("officer"), "admin": make_user("admin")}


def appropriate(world, year, income, rate="0.1"):
    return service.record_appropriation(world["fund"], world["owner"], tax_year=year, taxable_income=income,
                                        rate=Decimal(rate), cit_rate=CIT)


def test_the_misused_part_of_a_breach_is_taxed_once(world):
    # The case: 2019 tranche 100M, 60M used properly, 20M found misused by an officer.
    appropriate(world, 2019, 1000 * M)
    service.record_usage(world["fund"], world["owner"], day=date(2021, 3, 1), amount=60 * M, category="training")
    service.record_usage(world["fund"], world["officer"], day=date(2022, 5, 1), amount=20 * M, category="personnel",
                         proper=False)
    db.session.commit()
    [row] = fund_state(world["fund"], date(2025, 6, 30)).rows
    # unused 20M -> 4M + 4M × 0.02 × 2 = 160,000; misused 20M -> 4M + 4M × 0.0003 × 2,008 days = 2,409,600
    assert (row["status"], row["rule_set"]) == ("breach", "CIT_14_2008")
    assert (row["cit_due"], row["interest_due"]) == (8 * M, 2_569_600)


def test_an_advance_is_settled_by_the_next_tranche_so_it_complies(world):
    # 2020: 100M spent with no tranche yet (an advance). 2021 tranche 1,000M; its own uses 650M.
    advance = service.record_usage(world["fund"], world["owner"], day=date(2020, 9, 1), amount=100 * M,
                                   category="facilities", advance=True)
    appropriate(world, 2021, 10_000 * M)
    assert service.balance_on(world["fund"].id, date(2021, 5, 1)) == 900 * M  # the advance is settled first
    for day, amount in ((date(2021, 5, 1), 400 * M), (date(2022, 8, 1), 250 * M)):
        service.record_usage(world["fund"], world["owner"], day=day, amount=amount, category="training")
    db.session.commit()
    assert advance.kind == "advance"
    state = fund_state(world["fund"], date(2027, 1, 1))
    [row] = state.rows
    assert (row["proper_used"], row["settled"], row["status"], row["cit_due"]) == (750 * M, 100 * M, "compliant", 0)
    assert state.rows.advances[0]["settled"] == [{"year": 2021, "amount": 100 * M, "on": date(2021, 1, 1)}]
    # Computed, not written: the ledger holds the advance, the appropriation and the two usages only.
    assert [e.kind for e in service.ledger(world["fund"].id)] == ["advance", "appropriation", "usage", "usage"]
    form = tax_report(world["fund"], 2021)
    assert [(r["year"], r["used"], r["settled"]) for r in form["rows"]] == [(2021, 500 * M, 100 * M)]


def _replacement(**figures):
    doc = copy.deepcopy(DOCS["CIT_67_2025"])
    doc.update(code="CIT_67_2025_R1", replaces="CIT_67_2025")
    for key, value in figures.items():
        doc["figures"][key] = {"value": value, "confirmed": True, "source": {"document": "198/2025/QH15"}}
    return doc


def test_an_admin_installs_a_replacing_rule_set_without_a_release(world):
    with pytest.raises(service.FundError) as error:
        appropriate(world, 2025, 1000 * M, rate="0.15")
    assert (error.value.code, error.value.params["rule_set"]) == ("rate_out_of_range", "CIT_67_2025")
    record = install_rule_set(_replacement(max_rate="0.20"), world["admin"])
    db.session.commit()
    assert rule_book().for_year(2025).code == "CIT_67_2025_R1"
    assert appropriate(world, 2025, 1000 * M, rate="0.15").amount == 150 * M
    with pytest.raises(service.FundError):
        appropriate(world, 2024, 1000 * M, rate="0.15")  # 2024 stays under CIT_14_2008's 10 %
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "fund.rule_set.install"))
    assert (audit.object_id, audit.data["code"], record.installed_by_id) == (record.id, "CIT_67_2025_R1",
                                                                            world["admin"].id)


@pytest.mark.parametrize("document, problem", [
    (DOCS["CIT_14_2008"], "a rule set with this code exists"),
    (dict(_replacement(), code="CIT_67_2025_R2", replaces=None), "two rule sets start governing in 2025"),
    ({"code": "EMPTY"}, "EMPTY.title"),
])
def test_a_rule_set_is_checked_before_it_is_installed(world, document, problem):
    with pytest.raises(RuleSetError) as error:
        install_rule_set(document, world["admin"])
    assert problem in str(error.value)
    db.session.rollback()
    assert db.session.scalar(select(FundRuleSetRecord.id)) is None


def test_a_usage_category_must_be_a_use_of_its_rule_set(world):
    doc = _replacement()
    doc["uses"]["proper"] = ["training"]
    install_rule_set(doc, world["admin"])
    appropriate(world, 2024, 1000 * M)
    with pytest.raises(service.FundError) as error:
        service.record_usage(world["fund"], world["owner"], day=date(2025, 2, 1), amount=M, category="facilities")
    assert (error.value.code, error.value.params["rule_set"]) == ("category", "CIT_67_2025_R1")
    service.record_usage(world["fund"], world["owner"], day=date(2024, 12, 1), amount=M, category="facilities")
    assert db.session.scalar(select(FundEntry.category).where(FundEntry.kind == "usage")) == "facilities"
