"""Each indicator on a hand-built database: every figure counted by hand."""
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.models import InvestorProfile, Relationship
from ecosystem.services.dashboard import figures as dashboard
from ecosystem.services.dashboard.directory_indicators import Scope
from tests import factories as f


def rows(panel):
    return {code: value for code, value in panel["rows"]}


@pytest.fixture
def world(app):
    agri = f.make_sector("agritech")
    bio = f.make_sector("biotech", "Công nghệ sinh học", "Biotechnology")
    s1 = f.make_org("Startup Một", stage="seed", former_district="Thủ Dầu Một", ward="Phường Phú Lợi",
                    first_registered_on=date(2022, 3, 1))
    s1.sectors = [agri, bio]
    s2 = f.make_org("Startup Hai", stage="idea", former_district="Dĩ An", ward="Phường Dĩ An",
                    first_registered_on=date(2024, 6, 1))
    s2.sectors = [agri]
    s3 = f.make_org("Startup Ba", stage="seed", former_district="Thủ Dầu Một", ward="Phường Phú Lợi",
                    first_registered_on=date(2015, 1, 1))
    f.make_org("Startup Lưu Trữ", stage="seed", status="archived", first_registered_on=date(2022, 1, 1))
    f.make_org("Startup Tương Lai", stage="idea", first_registered_on=date(2030, 1, 1))
    incubator = f.make_org("Vườn ươm Thử", kind="incubator", former_district="Thủ Dầu Một")
    f.make_org("Fablab Thử", kind="fablab", former_district="Dĩ An")
    fund = f.make_org("Quỹ Thử", kind="fund", former_district="Dĩ An")
    mentor = f.make_person("Cố Vấn Thử", mentor_capacity=2, former_district="Thủ Dầu Một")
    angel = f.make_person("Thiên Thần Thử", former_district="Dĩ An")
    db.session.add(InvestorProfile(person_id=angel.id))
    db.session.add_all([
        Relationship(kind="mentor", source_person_id=mentor.id, target_org_id=s1.id,
                     started_on=date(2024, 2, 1)),
        Relationship(kind="resident", source_org_id=s2.id, target_org_id=incubator.id,
                     started_on=date(2024, 7, 1), ended_on=date(2024, 12, 31)),
        Relationship(kind="investor", source_person_id=angel.id, target_org_id=s1.id,
                     started_on=date(2024, 3, 5), amount_vnd=1_500_000_000),
        Relationship(kind="investor", source_org_id=fund.id, target_org_id=s2.id,
                     started_on=date(2024, 9, 9), amount_vnd=500_000_000),
        Relationship(kind="investor", source_org_id=fund.id, target_org_id=s3.id,
                     started_on=date(2021, 1, 1), amount_vnd=9_000_000_000),
    ])
    db.session.flush()
    return {"s1": s1, "s2": s2, "s3": s3}


def test_startups_by_stage_sector_place_and_trend(world):
    panels = dashboard.compute_panels(Scope(2021, 2025), public=False)
    stage = dashboard.panel_by_code(panels, "startups_by_stage")
    assert stage["total"] == 3  # archived and not-yet-registered startups are not counted
    assert rows(stage) == {"idea": 1, "seed": 2}
    assert stage["trend"]["labels"] == ["2021", "2022", "2023", "2024", "2025"]
    assert stage["trend"]["series"]["new"] == [0, 1, 0, 1, 0]
    assert stage["extra"]["innovative"] == 2  # s3 registered in 2015 is older than 5 years
    assert rows(dashboard.panel_by_code(panels, "startups_by_sector")) == {"agritech": 2, "biotech": 1}
    assert rows(dashboard.panel_by_code(panels, "startups_by_place")) == {"Thủ Dầu Một": 2, "Dĩ An": 1}


def test_one_year_is_shown_by_month_and_earlier_years_count_less(world):
    panels = dashboard.compute_panels(Scope(2022, 2022), public=False)
    stage = dashboard.panel_by_code(panels, "startups_by_stage")
    assert stage["total"] == 2  # s2 registered in 2024 did not exist at the end of 2022
    assert stage["trend"]["labels"][2] == "03/2022"
    assert stage["trend"]["series"]["new"][2] == 1 and sum(stage["trend"]["series"]["new"]) == 1


def test_place_filter(world):
    panels = dashboard.compute_panels(Scope(2021, 2025, former_district="thủ dầu một"), public=False)
    stage = dashboard.panel_by_code(panels, "startups_by_stage")
    assert stage["total"] == 2 and rows(stage) == {"seed": 2}
    place = dashboard.panel_by_code(panels, "startups_by_place")
    assert place["dimension"] == "ward" and rows(place) == {"Phường Phú Lợi": 2}
    assert rows(dashboard.panel_by_code(panels, "support_organisations")) == {"incubator": 1}
    assert rows(dashboard.panel_by_code(panels, "mentors_investors"))["mentors"] == 1
    capital = dashboard.panel_by_code(panels, "capital_raised")
    assert rows(capital)["amount_vnd"] == 1_500_000_000 + 9_000_000_000


def test_network_people_capital_and_support(world):
    panels = dashboard.compute_panels(Scope(2024, 2024), public=False)
    assert rows(dashboard.panel_by_code(panels, "mentors_investors")) == {
        "mentors": 1, "angel_investors": 1, "investor_organisations": 1}
    assert rows(dashboard.panel_by_code(panels, "support_organisations")) == {"incubator": 1, "fablab": 1}
    capital = dashboard.panel_by_code(panels, "capital_raised")
    assert rows(capital) == {"startups_raised": 2, "deals": 2, "amount_vnd": 2_000_000_000}
    assert capital["trend"]["series"]["amount_vnd"][2] == 1_500_000_000  # March 2024
    supported = dashboard.panel_by_code(panels, "startups_supported")
    assert rows(supported) == {"supported": 2, "not_supported": 1}  # s1 mentored, s2 incubated
    in_2025 = dashboard.panel_by_code(dashboard.compute_panels(Scope(2025, 2025), public=False),
                                      "startups_supported")
    assert rows(in_2025) == {"supported": 1, "not_supported": 2}  # s2's residency ended in 2024


def test_public_panels_hold_only_public_figures(world):
    public = dashboard.compute_panels(Scope(2021, 2025), public=True)
    codes = {p["code"] for p in public}
    assert "capital_raised" not in codes and "support_requests" not in codes and "st_funds" not in codes
    assert all(p["public"] for p in public)
    assert {"startups_by_stage", "events", "st_enterprises", "awards"} <= codes


def test_cache_says_how_fresh_and_refreshes(world):
    scope = Scope(2021, 2025)
    first = dashboard.dashboard_panels(scope, public=False)
    dashboard.save_cache()
    assert not first["from_cache"]
    again = dashboard.dashboard_panels(scope, public=False)
    assert again["from_cache"] and again["panels"] == first["panels"]
    assert again["computed_at"] == first["computed_at"]
    f.make_org("Startup Mới", stage="seed", first_registered_on=date(2025, 1, 2))
    stale = dashboard.dashboard_panels(scope, public=False)
    assert dashboard.panel_by_code(stale["panels"], "startups_by_stage")["total"] == 3
    fresh = dashboard.dashboard_panels(scope, public=False, refresh=True)
    assert not fresh["from_cache"]
    assert dashboard.panel_by_code(fresh["panels"], "startups_by_stage")["total"] == 4


def test_domains_not_merged_are_unavailable_not_errors(world):
    panels = {p["code"]: p for p in dashboard.compute_panels(Scope(2021, 2025), public=False)}
    assert panels["ma_deals"]["available"] is False
    for code in ("support_requests", "matching", "events", "st_enterprises", "st_funds", "awards"):
        assert code in panels  # available or not depends on which branches are merged
