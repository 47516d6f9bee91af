"""The DOST's pages: public vs officers' figures, filters, report = dashboard, targets, network."""
import io
import re
import xml.etree.ElementTree as ET
from datetime import date

import openpyxl
import pytest

from ecosystem.extensions import db
from ecosystem.models import InvestorProfile, ProgrammeTarget, Relationship
from ecosystem.services.dashboard import annual_report
from ecosystem.services.dashboard.figures import dashboard_panels, panel_by_code
from ecosystem.services.dashboard.directory_indicators import Scope
from tests import factories as f

YEAR = date.today().year
SECRET_AMOUNT = 7_777_000_000


@pytest.fixture
def world(app):
    agri = f.make_sector("agritech")
    one = f.make_org("Startup Nông Nghiệp", stage="seed", former_district="Dĩ An", ward="Phường Dĩ An",
                     first_registered_on=date(YEAR, 2, 1))
    one.sectors = [agri]
    f.make_org("Startup Cô Đơn", stage="idea", former_district="Thủ Dầu Một", first_registered_on=date(YEAR - 1, 5, 1))
    hub = f.make_org("Vườn ươm Trung Tâm", kind="incubator", former_district="Thủ Dầu Một")
    angel = f.make_person("Nhà Đầu Tư Bí Mật")
    db.session.add(InvestorProfile(person_id=angel.id))
    db.session.add_all([
        Relationship(kind="investor", source_person_id=angel.id, target_org_id=one.id,
                     started_on=date(YEAR, 3, 1), amount_vnd=SECRET_AMOUNT),
        Relationship(kind="resident", source_org_id=one.id, target_org_id=hub.id, started_on=date(YEAR, 1, 1))])
    officer = f.make_user("officer")
    db.session.commit()
    return {"officer": officer, "one": one}


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, flags=re.S)]


def test_public_dashboard_shows_no_private_figure(client, world):
    html = client.get("/dashboard/public").get_data(as_text=True)
    assert "Startup theo giai đoạn" in html
    assert "7.777" not in html and "Startup gọi vốn" not in html and "Quỹ phát triển" not in html
    assert "<script" not in html
    for svg in svgs(html):
        assert svg.get("role") == "img"


def test_officers_dashboard_has_private_figures_with_tables(client, login_as, world):
    html = login_as(world["officer"]).get(f"/dashboard/?year_from={YEAR}&year_to={YEAR}").get_data(as_text=True)
    assert "Startup gọi vốn thành công và số vốn" in html and "7.777.000.000 ₫" in html
    assert "Chưa có dữ liệu" in html  # M&A deals have no source yet
    assert "Số liệu tính lúc" in html
    charts = svgs(html)
    assert charts and all(svg.get("role") == "img" for svg in charts)
    stage_bars = [el for svg in charts for el in svg.iter() if el.get("class") == "bar"
                  and "Startup theo giai đoạn" in (svg.findtext("{http://www.w3.org/2000/svg}title") or "")]
    assert sorted((b.get("data-label"), b.get("data-value")) for b in stage_bars) == [
        ("Ý tưởng", "1"), ("Ươm mầm (seed)", "1")]


def test_place_and_period_filters(client, login_as, world):
    c = login_as(world["officer"])
    c.get(f"/dashboard/?year_from={YEAR}&year_to={YEAR}&former_district=Dĩ An")
    panels = dashboard_panels(Scope(YEAR, YEAR, "Dĩ An"), public=False)["panels"]
    assert panel_by_code(panels, "startups_by_stage")["total"] == 1
    last_year = dashboard_panels(Scope(YEAR - 1, YEAR - 1), public=False)["panels"]
    assert panel_by_code(last_year, "startups_by_stage")["total"] == 1
    assert c.get("/dashboard/?year_from=abc&year_to=1800").status_code == 200  # junk falls back


def test_refresh_recomputes(client, login_as, world):
    c = login_as(world["officer"])
    c.get(f"/dashboard/?year_from={YEAR}&year_to={YEAR}")
    f.make_org("Startup Muộn", stage="seed", first_registered_on=date(YEAR, 1, 5))
    db.session.commit()
    assert panel_by_code(dashboard_panels(Scope(YEAR, YEAR), public=False)["panels"], "startups_by_stage")["total"] == 2
    assert c.post("/dashboard/refresh", data={"year_from": YEAR, "year_to": YEAR}).status_code == 302
    assert panel_by_code(dashboard_panels(Scope(YEAR, YEAR), public=False)["panels"], "startups_by_stage")["total"] == 2
    from ecosystem.services.dashboard.derived import refresh_derived
    assert refresh_derived()["dashboard"] >= 2  # the scheduler's job recomputes what was asked
    assert panel_by_code(dashboard_panels(Scope(YEAR, YEAR), public=False)["panels"], "startups_by_stage")["total"] == 3


def test_annual_report_equals_the_dashboard(client, login_as, world):
    c = login_as(world["officer"])
    c.get(f"/dashboard/?year_from={YEAR}&year_to={YEAR}")
    f.make_org("Startup Sau Cùng", stage="growth", first_registered_on=date(YEAR, 6, 1))
    db.session.commit()
    response = c.get(f"/reports/annual/{YEAR}.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    sheet = [[cell.value for cell in row] for row in book["Các chỉ tiêu"].iter_rows(min_row=2)]
    dashboard = dashboard_panels(Scope(YEAR, YEAR), public=False)
    assert dashboard["from_cache"]  # the report refreshed the dashboard's own figures
    assert sheet == [[a, b or None, c, d] for a, b, c, d in annual_report.indicator_rows(dashboard["panels"])]
    assert ["Startup theo giai đoạn", None, "Tổng", 3] in sheet
    assert ["Startup gọi vốn thành công và số vốn", "", "Tổng số vốn (VND)", SECRET_AMOUNT][2:] in [r[2:] for r in sheet]
    html = c.get(f"/reports/annual/{YEAR}").get_data(as_text=True)
    assert "Tiến độ mục tiêu chương trình" in html and "7.777.000.000 ₫" in html
    assert {"Các chỉ tiêu", "Xu hướng theo tháng", "Mục tiêu chương trình"} <= set(book.sheetnames)


def test_targets_pages(client, login_as, world):
    c = login_as(world["officer"])
    response = c.post("/dashboard/targets/new", data={
        "code": "startups_2030", "title_vi": "Thêm startup", "owner_vi": "UBND TP. Hồ Chí Minh",
        "period_start": "2026-01-01", "period_end": "2030-12-31", "frequency": "yearly", "unit": "count",
        "comparator": ">=", "target_value": "2", "legal_basis": "DEMO", "indicator": "innovative_startups"})
    assert response.status_code == 302
    html = c.get(f"/dashboard/targets/?year={YEAR}").get_data(as_text=True)
    assert "Thêm startup" in html and "tính từ dữ liệu hệ thống" in html and "Đạt" in html
    bad = c.post("/dashboard/targets/new", data={
        "code": "x", "title_vi": "X", "owner_vi": "Y", "period_start": "2026-01-01", "period_end": "2020-01-01",
        "unit": "count", "comparator": ">=", "target_value": "1", "legal_basis": "D", "frequency": "once"})
    assert bad.status_code == 200 and "Ngày kết thúc phải sau ngày bắt đầu." in bad.get_data(as_text=True)
    target = db.session.query(ProgrammeTarget).filter_by(code="startups_2030").one()
    assert c.post(f"/dashboard/targets/{target.id}/retire", data={"reason": "Đổi chương trình"}).status_code == 302
    db.session.refresh(target)
    assert target.status == "retired"
    again = c.post(f"/dashboard/targets/{target.id}/retire", data={"reason": "Lần nữa"}, follow_redirects=True)
    assert "Mục tiêu này đã ngừng theo dõi." in again.get_data(as_text=True)
    assert "Thêm startup" not in c.get("/dashboard/targets/").get_data(as_text=True)
    assert "Thêm startup" in c.get("/dashboard/targets/?all=1").get_data(as_text=True)


def test_network_pages(client, login_as, world):
    """The pages read what the scheduler computed: first a notice and a request, then the figures."""
    from ecosystem.services.dashboard.derived import refresh_derived
    c = login_as(world["officer"])
    first = c.get("/network/").get_data(as_text=True)
    assert "đang được tính lần đầu" in first and 'http-equiv="refresh"' in first
    waiting = c.get("/network/map?kind=startup&kind=incubator").get_data(as_text=True)
    assert "đang được vẽ" in waiting and not svgs(waiting)
    assert "/network/map?place=" in c.get("/network/map.svg?place=Dĩ An").headers["Location"]
    done = refresh_derived()
    assert done["network"] and done["maps"] == 2
    html = c.get("/network/").get_data(as_text=True)
    assert "Startup Cô Đơn" in html  # no mentor, no investor
    assert "Vườn ươm Trung Tâm" in html  # it bridges
    assert "Số liệu tính lúc" in html
    page = c.get("/network/map?kind=incubator&kind=startup").get_data(as_text=True)  # same filter, other order
    (svg,) = svgs(page)
    links = {a.get("href") for a in svg.iter("{http://www.w3.org/2000/svg}a")}
    assert f"/orgs/{world['one'].slug}" in links
    assert all(el.get("data-kind") in ("startup", "incubator") for el in svg.iter() if el.get("class") == "node")
    raw = c.get("/network/map.svg?place=Dĩ An")
    assert raw.mimetype == "image/svg+xml"
    assert {el.get("data-kind") for el in ET.fromstring(raw.data).iter() if el.get("class") == "node"} == {"startup"}


def test_network_recompute_is_asked_not_run(client, login_as, world):
    from ecosystem.services.dashboard import recompute_requests
    from ecosystem.services.dashboard.derived import refresh_derived
    c = login_as(world["officer"])
    refresh_derived()
    assert not recompute_requests.pending()
    page = c.post("/network/recompute", follow_redirects=True).get_data(as_text=True)
    assert "Đã yêu cầu tính lại" in page
    assert [r.key for r in recompute_requests.pending()] == ["request|network"]
    assert refresh_derived()["network"] is True and not recompute_requests.pending()


def test_december_reminder_goes_to_officers_once(app, world):
    from ecosystem.models import Notification
    from ecosystem.services.dashboard.report_reminder import remind_annual_report
    assert remind_annual_report(date(YEAR, 11, 30)) == 0
    assert remind_annual_report(date(YEAR, 12, 1)) == 1
    assert remind_annual_report(date(YEAR, 12, 1)) == 0
    note = db.session.query(Notification).one()
    assert note.user_id == world["officer"].id and note.link == f"/reports/annual/{YEAR}"
    assert "31/12" in note.body
