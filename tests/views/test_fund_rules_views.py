"""Fund rule sets on the pages: officers read them, an admin installs one, every fund figure names its rule set."""
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import FundRuleSetRecord
from ecosystem.services.funds import ledger as service
from ecosystem.services.funds.rule_sets import RULE_SETS_DIR
from tests.factories import make_org, make_user, valid_tax_code

M = 1_000_000


@pytest.fixture
def fund(app):
    org = make_org("Công ty Cổ phần Hai Luật Thử", kind="enterprise", tax_code=valid_tax_code())
    owner = make_user("startup", manages=[org])
    fund = service.save_fund(org, {"decision_number": "3/QĐ", "decision_date": date(2020, 1, 6)}, owner)
    for year in (2024, 2025):
        service.record_appropriation(fund, owner, tax_year=year, taxable_income=1000 * M, rate=Decimal("0.1"),
                                     cit_rate=Decimal("0.2"))
    service.record_usage(fund, owner, day=date(2025, 4, 1), amount=120 * M, category="training")
    db.session.commit()
    return {"id": fund.id, "owner": owner, "officer": make_user("officer"), "admin": make_user("admin")}


def test_officers_read_the_rule_sets_and_their_sources(fund, login_as):
    client = login_as(fund["officer"])
    page = client.get("/funds/rules/").get_data(as_text=True)
    assert 'id="CIT_14_2008"' in page and 'id="CIT_67_2025"' in page
    assert "14/2008/QH12, Điều 17, khoản 1" in page and "05/2022/TT-BKHCN" in page and "67/2022/TT-BTC" in page
    assert "áp dụng cho kỳ tính thuế 2009–2024" in page and "áp dụng cho kỳ tính thuế từ 2025" in page
    assert "chưa xác nhận" in page and "198/2025/QH15" in page
    assert "Nạp bộ quy tắc mới" not in page  # installing is the admin's
    assert json.loads(client.get("/funds/rules/CIT_67_2025.json").data)["code"] == "CIT_67_2025"
    assert client.get("/funds/rules/NOPE.json").status_code == 404
    officers = client.get("/funds/?as_of=2025-12-31").get_data(as_text=True)  # every fund names its rule sets
    assert "CIT_67_2025" in officers and "chưa xác nhận" in officers and "Căn cứ tính các số liệu trên" in officers


def _upload(client, document: dict | bytes):
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post("/funds/rules/install", data={"upload": (io.BytesIO(data), "rules.json")},
                       content_type="multipart/form-data", follow_redirects=True)


def test_an_admin_installs_a_checked_rule_set(fund, login_as):
    client = login_as(fund["admin"])
    assert "Nạp bộ quy tắc mới" in client.get("/funds/rules/").get_data(as_text=True)
    refused = _upload(client, b"{not json").get_data(as_text=True)
    assert "Tệp không phải JSON hợp lệ" in refused
    clash = json.loads((RULE_SETS_DIR / "CIT_67_2025.json").read_text(encoding="utf-8"))
    clash["code"] = "CIT_67_2025_BIS"
    assert "two rule sets start governing in 2025" in _upload(client, clash).get_data(as_text=True)
    assert db.session.scalar(select(FundRuleSetRecord.id)) is None
    fixed = dict(clash, code="CIT_67_2025_R1", replaces="CIT_67_2025")
    page = _upload(client, fixed).get_data(as_text=True)
    assert "Đã nạp bộ quy tắc CIT_67_2025_R1" in page and "được thay thế bởi CIT_67_2025_R1" in page
    position = client.get(f"/funds/{fund['id']}").get_data(as_text=True)
    assert "CIT_67_2025_R1" in position


def test_every_fund_figure_names_its_rule_set_and_marks_unconfirmed_ones(fund, login_as):
    client = login_as(fund["owner"])
    position = client.get(f"/funds/{fund['id']}?as_of=2025-12-31").get_data(as_text=True)
    assert "CIT_14_2008" in position and "CIT_67_2025" in position and "chưa xác nhận" in position
    assert "Căn cứ tính các số liệu trên" in position and "Luật Thuế thu nhập doanh nghiệp số 67/2025/QH15" in position
    tax = client.get(f"/funds/{fund['id']}/reports/tax/2025").get_data(as_text=True)
    assert "Kỳ tính thuế 2025 theo bộ quy tắc" in tax and "chưa xác nhận" in tax and "Mẫu số 03-6/TNDN" in tax
    dost = client.get(f"/funds/{fund['id']}/reports/dost/2025").get_data(as_text=True)
    assert "CIT_67_2025" in dost and "chưa xác nhận" in dost
    sheet = load_workbook(io.BytesIO(client.get(f"/funds/{fund['id']}/reports/tax/2025.xlsx").data))["03-6-TNDN"]
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["CIT_14_2008", "CIT_67_2025 (chưa xác nhận)"]


def test_the_2024_form_under_the_old_law_carries_no_unconfirmed_mark(app, login_as):
    org = make_org("Công ty TNHH Luật Cũ Thử", kind="enterprise", tax_code=valid_tax_code())
    owner = make_user("startup", manages=[org])
    fund = service.save_fund(org, {"decision_number": "4/QĐ", "decision_date": date(2020, 1, 6)}, owner)
    service.record_appropriation(fund, owner, tax_year=2024, taxable_income=1000 * M, rate=Decimal("0.1"),
                                 cit_rate=Decimal("0.2"))
    db.session.commit()
    tax = login_as(owner).get(f"/funds/{fund.id}/reports/tax/2024").get_data(as_text=True)
    assert "CIT_14_2008" in tax and "chưa xác nhận" not in tax


def test_the_position_page_shows_how_an_advance_was_settled(app, login_as):
    org = make_org("Công ty TNHH Ứng Trước Thử", kind="enterprise", tax_code=valid_tax_code())
    owner = make_user("startup", manages=[org])
    fund = service.save_fund(org, {"decision_number": "5/QĐ", "decision_date": date(2020, 1, 6)}, owner)
    service.record_usage(fund, owner, day=date(2020, 9, 1), amount=100 * M, category="facilities", advance=True)
    service.record_appropriation(fund, owner, tax_year=2021, taxable_income=10_000 * M, rate=Decimal("0.1"),
                                 cit_rate=Decimal("0.2"))
    db.session.commit()
    page = login_as(owner).get(f"/funds/{fund.id}?as_of=2022-01-01").get_data(as_text=True)
    assert "Khoản ứng trước và việc bù" in page
    assert "năm trích lập 2021: 100.000.000 ₫ (ngày 01/01/2021)" in page


def test_the_rule_sets_page_in_english(fund, login_as):
    fund["officer"].locale = "en"
    db.session.commit()
    page = login_as(fund["officer"]).get("/funds/rules/").get_data(as_text=True)
    assert "Corporate Income Tax Law 67/2025/QH15" in page and "to be confirmed" in page
    assert "Minimum share used for allowed purposes" in page
