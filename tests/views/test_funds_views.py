"""Fund pages through the HTTP client: own fund only, entries by form, vouchers, reports that reconcile."""
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import FundEntry
from ecosystem.services.funds import ledger as service
from tests.factories import make_org, make_user, valid_tax_code

M = 1_000_000
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"


@pytest.fixture
def setup(app):
    org_a = make_org("Công ty Cổ phần Thiết bị An Phú Thử", kind="enterprise", tax_code=valid_tax_code())
    org_b = make_org("Công ty TNHH Bình An Thử", kind="enterprise", tax_code=valid_tax_code())
    owner_a, owner_b = make_user("startup", manages=[org_a]), make_user("startup", manages=[org_b])
    officer = make_user("officer")
    fund_a = service.save_fund(org_a, {"decision_number": "1/QĐ", "decision_date": date(2019, 2, 1)}, owner_a)
    fund_b = service.save_fund(org_b, {"decision_number": "2/QĐ", "decision_date": date(2019, 2, 1)}, owner_b)
    db.session.commit()
    return {"a": fund_a.id, "b": fund_b.id, "owner_a": owner_a, "owner_b": owner_b, "officer": officer,
            "org_a": org_a}


def _entries(fund_id, kind=None):
    query = select(func.count(FundEntry.id)).where(FundEntry.fund_id == fund_id)
    return db.session.scalar(query.where(FundEntry.kind == kind) if kind else query)


def test_an_enterprise_sees_only_its_own_fund(setup, login_as):
    client = login_as(setup["owner_a"])
    assert client.get(f"/funds/{setup['a']}").status_code == 200
    assert client.get(f"/funds/{setup['b']}").status_code == 403
    assert client.get(f"/funds/{setup['b']}/reports/tax/2020").status_code == 403
    assert client.get("/funds/").status_code == 403
    page = client.get("/funds/mine").get_data(as_text=True)
    assert "An Phú" in page and "Bình An" not in page


def test_officers_see_all_funds_sorted_by_money_at_risk(setup, login_as):
    owner_b = setup["owner_b"]
    fund_b = db.session.get(service.StFund, setup["b"])
    service.record_appropriation(fund_b, owner_b, tax_year=2021, taxable_income=5000 * M, rate=Decimal("0.1"),
                                 cit_rate=Decimal("0.2"))
    db.session.commit()
    page = login_as(setup["officer"]).get("/funds/?sort=at_risk&as_of=2022-01-01").get_data(as_text=True)
    assert page.index("Bình An") < page.index("An Phú")
    assert "500.000.000 ₫" in page


def test_recording_an_appropriation_and_a_usage_by_form(setup, login_as):
    client = login_as(setup["owner_a"])
    url = f"/funds/{setup['a']}"
    response = client.post(url + "/appropriations/new", data={
        "tax_year": "2022", "taxable_income": "2.000.000.000", "rate": "7,5", "cit_rate": "20", "key": "appr-1"})
    assert response.status_code == 302
    too_high = client.post(url + "/appropriations/new", data={
        "tax_year": "2021", "taxable_income": "2.000.000.000", "rate": "12", "cit_rate": "20", "key": "appr-2"})
    assert "Tỷ lệ trích phải lớn hơn 0 và không quá 10 %." in too_high.get_data(as_text=True)
    entry = db.session.scalar(select(FundEntry).where(FundEntry.idempotency_key == "appr-1"))
    assert (entry.amount, entry.rate, entry.created_by_id) == (150 * M, Decimal("0.075"), setup["owner_a"].id)
    too_much = client.post(url + "/usages/new", data={
        "day": "2023-04-01", "amount": "200.000.000", "category": "training", "key": "use-1"})
    assert too_much.status_code == 200
    assert "150.000.000 ₫" in too_much.get_data(as_text=True)  # the refusal names the balance
    form = {"day": "2023-04-01", "amount": "100.000.000", "category": "training", "reference": "HĐ 12/2023",
            "key": "use-2", "attachment": (io.BytesIO(PDF), "hop dong.pdf")}
    assert client.post(url + "/usages/new", data=form, content_type="multipart/form-data").status_code == 302
    again = dict(form, attachment=(io.BytesIO(PDF), "hop dong.pdf"))
    assert client.post(url + "/usages/new", data=again, content_type="multipart/form-data").status_code == 302
    assert _entries(setup["a"], "usage") == 1  # the double submission changed nothing
    usage = db.session.scalar(select(FundEntry).where(FundEntry.kind == "usage"))
    voucher = client.get(f"{url}/entries/{usage.id}/attachment")
    assert voucher.status_code == 200 and voucher.data == PDF
    page = client.get(url + "?as_of=2023-12-31").get_data(as_text=True)
    assert "66,7 %" in page  # 100M of 150M used


def test_a_voucher_must_really_be_a_pdf_or_image(setup, login_as):
    client = login_as(setup["owner_a"])
    fund = db.session.get(service.StFund, setup["a"])
    service.record_appropriation(fund, setup["owner_a"], tax_year=2022, taxable_income=1000 * M,
                                 rate=Decimal("0.1"), cit_rate=Decimal("0.2"))
    db.session.commit()
    response = client.post(f"/funds/{setup['a']}/usages/new", content_type="multipart/form-data", data={
        "day": "2023-04-01", "amount": "1.000.000", "category": "training", "key": "bad-file",
        "attachment": (io.BytesIO(b"MZ\x90\x00 not a pdf"), "hoadon.pdf")})
    assert response.status_code == 200
    assert "Chỉ nhận tệp PDF hoặc ảnh (PNG, JPEG, WebP)." in response.get_data(as_text=True)
    assert _entries(setup["a"], "usage") == 0


def test_another_enterprise_cannot_download_a_voucher(setup, login_as):
    fund = db.session.get(service.StFund, setup["a"])
    service.record_appropriation(fund, setup["owner_a"], tax_year=2022, taxable_income=1000 * M,
                                 rate=Decimal("0.1"), cit_rate=Decimal("0.2"))
    usage = service.record_usage(fund, setup["owner_a"], day=date(2023, 1, 2), amount=M, category="training")
    db.session.commit()
    client = login_as(setup["owner_b"])
    assert client.get(f"/funds/{setup['a']}/entries/{usage.id}/attachment").status_code == 403


def _hand_ledger(setup):
    """2019: 500M; 2020: 300M; 2020-04-01 200M; 2021-03-01 400M; 2021-07-01 50M misused (officer)."""
    fund, owner = db.session.get(service.StFund, setup["a"]), setup["owner_a"]
    for year, income in ((2019, 5000 * M), (2020, 3000 * M)):
        service.record_appropriation(fund, owner, tax_year=year, taxable_income=income, rate=Decimal("0.1"),
                                     cit_rate=Decimal("0.2"))
    service.record_usage(fund, owner, day=date(2020, 4, 1), amount=200 * M, category="facilities")
    service.record_usage(fund, owner, day=date(2021, 3, 1), amount=400 * M, category="training")
    service.record_usage(fund, setup["officer"], day=date(2021, 7, 1), amount=50 * M, category="personnel",
                         proper=False)
    db.session.commit()


def test_tax_report_xlsx_reconciles_with_the_ledger(setup, login_as):
    _hand_ledger(setup)
    client = login_as(setup["owner_a"])
    response = client.get(f"/funds/{setup['a']}/reports/tax/2021.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data))["03-6-TNDN"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # year, tranche amount, brought in, appropriated, proper, misused, used, carried forward
    assert rows == [[2019, 500 * M, 300 * M, 0, 300 * M, 0, 300 * M, 0],
                    [2020, 300 * M, 300 * M, 0, 100 * M, 50 * M, 150 * M, 150 * M]]
    html = client.get(f"/funds/{setup['a']}/reports/tax/2021").get_data(as_text=True)
    assert "150.000.000 ₫" in html and "03-6/TNDN" in html


def test_dost_report_lists_usage_by_category(setup, login_as):
    _hand_ledger(setup)
    client = login_as(setup["officer"])
    page = client.get(f"/funds/{setup['a']}/reports/dost/2021").get_data(as_text=True)
    assert "Đào tạo nhân lực KH&amp;CN" in page and "400.000.000 ₫" in page
    book = load_workbook(io.BytesIO(client.get(f"/funds/{setup['a']}/reports/dost/2021.xlsx").data))
    categories = {row[0].value: row[2].value for row in book["Sử dụng theo nội dung"].iter_rows(min_row=2)}
    assert categories["Đào tạo nhân lực KH&CN"] == 400 * M
    assert sum(categories.values()) == 450 * M


def test_forms_are_protected_by_csrf(app, setup, login_as):
    client = login_as(setup["owner_a"])
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/funds/{setup['a']}/appropriations/new", data={
            "tax_year": "2022", "taxable_income": "1000", "rate": "10", "cit_rate": "20"})
        assert response.status_code == 400
        assert _entries(setup["a"]) == 0
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_fund_page_in_english(setup, login_as):
    setup["owner_a"].locale = "en"
    db.session.commit()
    page = login_as(setup["owner_a"]).get(f"/funds/{setup['a']}").get_data(as_text=True)
    assert "Fund ledger" in page and "Record appropriation" in page


def test_pages_quote_the_limits_from_the_settings(setup, login_as):
    """[setting] values are data: an officer's change shows on the pages without a release."""
    from ecosystem.services.platform.settings import set_setting
    client = login_as(setup["owner_a"])
    assert "tối đa 10 % thu nhập" in client.get("/funds/mine").get_data(as_text=True)
    set_setting("funds.max_rate", "0.08", None)
    set_setting("funds.compliance_share", "0.75", None)
    set_setting("funds.deadline_offset_years", 6, None)
    db.session.commit()
    mine = client.get("/funds/mine").get_data(as_text=True)
    assert "tối đa 8 % thu nhập" in mine and "tối thiểu 75 % trong 6 năm" in mine
    form = client.get(f"/funds/{setup['a']}/appropriations/new").get_data(as_text=True)
    assert "Tỷ lệ tối đa 8 %" in form and "tối thiểu 3 %" in form
