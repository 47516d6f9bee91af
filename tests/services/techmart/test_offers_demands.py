"""Offers and demands: the rules a save enforces, the catalogue search and the fund a demand can use."""
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.services.funds import ledger
from ecosystem.services.techmart.demands import fund_support
from ecosystem.services.techmart.offers import offer_query, set_offer_status
from ecosystem.services.techmart.pipeline import TechmartError
from tests import factories as f
from tests.techmart_factories import make_demand, make_offer, sector


def titles(query):
    return sorted(o.title for o in db.session.scalars(query))


def test_a_numbered_ip_title_needs_its_number_and_date(app):
    with pytest.raises(TechmartError) as error:
        make_offer(ip_status="utility_solution", ip_number=" ", ip_date=None)
    assert error.value.code == "ip_number_required" and error.value.field == "ip_number"
    know_how = make_offer(ip_status="know_how", ip_number=None, ip_date=None)
    assert know_how.ip_number is None
    none = make_offer(ip_status="none", ip_number="1-999", ip_date=date(2020, 1, 1))
    assert none.ip_number is None and none.ip_date is None  # no title: no stray number kept


@pytest.mark.parametrize("data, code", [
    ({"price_min_vnd": 900, "price_max_vnd": 100}, "range_order"),
    ({"transfer_forms": []}, "forms_required"),
    ({"transfer_forms": ["gift"]}, "forms_required"),
    ({"sectors": []}, "sector_required"),
    ({"trl": 10}, "trl_range"),
])
def test_an_offer_refuses_bad_data(app, data, code):
    with pytest.raises(TechmartError) as error:
        make_offer(**data)
    assert error.value.code == code


def test_only_enterprises_post_demands_and_budget_bounds_are_ordered(app):
    with pytest.raises(TechmartError) as error:
        make_demand(org=f.make_org("Trường Thử", kind="university"))
    assert error.value.code == "not_an_enterprise"
    with pytest.raises(TechmartError):
        make_demand(budget_min_vnd=5, budget_max_vnd=1)


def test_the_catalogue_search_ignores_accents_and_case_and_filters(app):
    uni = f.make_org("Trường Đại học Thủ Dầu Một Thử", kind="university")
    make_offer(org=uni, title="Chế phẩm vi sinh xử lý nước thải", ip_status="application",
               ip_number="1-2023-01234", ip_date=date(2023, 2, 1), trl=5, sectors=[sector("environment").id])
    make_offer(title="Cảm biến độ ẩm đất", ip_status="none", trl=8)
    assert titles(offer_query(q="xu ly nuoc THAI")) == ["Chế phẩm vi sinh xử lý nước thải"]
    assert titles(offer_query(q="thu dau mot")) == ["Chế phẩm vi sinh xử lý nước thải"]  # the owner's name
    assert titles(offer_query(sector="environment")) == ["Chế phẩm vi sinh xử lý nước thải"]
    assert titles(offer_query(trl="7")) == ["Cảm biến độ ẩm đất"]
    assert titles(offer_query(ip_status="none")) == ["Cảm biến độ ẩm đất"]
    assert titles(offer_query(q="50%_")) == []


def test_a_withdrawn_offer_leaves_the_public_catalogue(app):
    offer = make_offer()
    set_offer_status(offer, "withdrawn", f.make_user("officer"))
    assert titles(offer_query()) == []
    assert len(titles(offer_query(include_withdrawn=True))) == 1


def test_a_demand_intending_cofunding_shows_its_fund_balance_and_the_proper_use(app):
    org = f.make_org("Công ty Cơ khí Có Quỹ", kind="enterprise", tax_code=f.valid_tax_code())
    user = f.make_user("startup", manages=[org])
    fund = ledger.save_fund(org, {"decision_number": "01/QĐ", "decision_date": date(2022, 1, 4)}, user)
    from decimal import Decimal
    ledger.record_appropriation(fund, user, tax_year=2024, taxable_income=2_000_000_000, rate=Decimal("0.1"),
                                cit_rate=Decimal("0.2"), day=date(2025, 3, 1))
    without = make_demand(org=org, fund_cofunding=False)
    assert fund_support(without) is None
    demand = make_demand(org=org, fund_cofunding=True)
    support = fund_support(demand)
    assert support["fund"].id == fund.id and support["category"] == "technology_purchase"
    assert support["balance"] == 200_000_000
    lonely = make_demand(org=f.make_org("Công ty Không Quỹ", kind="enterprise"), fund_cofunding=True)
    assert fund_support(lonely) == {"fund": None, "category": "technology_purchase"}
