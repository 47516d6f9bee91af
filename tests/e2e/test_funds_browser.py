"""An enterprise records an appropriation and a usage of its S&T fund in a real browser."""
from datetime import date

import pytest

from ecosystem.extensions import db
from ecosystem.services.funds import ledger as service
from tests import factories as f
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.e2e


def test_enterprise_records_an_appropriation_and_a_usage(live_server, page):
    org = f.make_org("Công ty Cổ phần Cơ khí Chánh Nghĩa Thử", kind="enterprise", tax_code=f.valid_tax_code())
    user = f.make_user("startup", manages=[org])
    fund = service.save_fund(org, {"decision_number": "08/2021/QĐ-HĐQT", "decision_date": date(2021, 1, 4)}, user)
    db.session.commit()

    sign_in(page, live_server, user.email)
    page.goto(f"{live_server}/funds/mine")
    page.get_by_role("link", name="Xem Quỹ").click()
    page.wait_for_url(f"{live_server}/funds/{fund.id}")

    page.get_by_role("link", name="Ghi trích lập").click()
    page.get_by_label("Kỳ tính thuế (năm)").fill("2023")
    page.get_by_label("Thu nhập tính thuế (đồng)").fill("4.000.000.000")
    page.get_by_label("Tỷ lệ trích (%)").fill("10")
    page.get_by_role("button", name="Ghi trích lập").click()
    page.wait_for_url(f"{live_server}/funds/{fund.id}")
    assert "Đã ghi bút toán trích lập." in page.content()
    assert "400.000.000 ₫" in page.inner_text("table.tranches")

    page.get_by_role("link", name="Ghi sử dụng", exact=True).click()
    page.get_by_label("Ngày chi").fill("2024-05-20")
    page.get_by_label("Số tiền (đồng)").fill("500.000.000")
    page.get_by_label("Nội dung chi (Thông tư 05/2022/TT-BKHCN)").select_option("innovation_machinery")
    page.get_by_role("button", name="Ghi khoản chi").click()
    assert "chỉ còn 400.000.000 ₫" in page.inner_text("main")  # refused: beyond the balance

    page.get_by_label("Số tiền (đồng)").fill("300.000.000")
    page.get_by_label("Số hợp đồng / chứng từ").fill("HĐ 17/2024/CK")
    page.get_by_role("button", name="Ghi khoản chi").click()
    page.wait_for_url(f"{live_server}/funds/{fund.id}")
    assert "Đã ghi khoản sử dụng Quỹ." in page.content()
    tranche = page.inner_text("table.tranches")
    assert "300.000.000 ₫" in tranche and "100.000.000 ₫" in tranche  # used, remaining
    assert "Đã đạt tỷ lệ sử dụng" in tranche  # 75 % of the 2023 appropriation
    assert "CIT_14_2008" in tranche  # the rule set of tax year 2023, named on its row
    assert "Luật Thuế thu nhập doanh nghiệp số 14/2008/QH12" in page.inner_text(".rule-sets-used")
    assert "HĐ 17/2024/CK" in page.inner_text("table.ledger")
