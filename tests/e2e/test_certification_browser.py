"""From submission to certificate in a real browser: the enterprise applies, the officer issues."""
import re

import pytest

from ecosystem.extensions import db
from tests import factories as f
from tests.services.certification.helpers import PDF
from tests.e2e.conftest import sign_in, sign_out

pytestmark = pytest.mark.e2e


def test_application_from_submission_to_certificate(live_server, page):
    org = f.make_org("Công ty CP Phần mềm Truy Xuất Thử", kind="enterprise", tax_code=f.valid_tax_code(),
                     size_class="small")
    enterprise_user = f.make_user("startup", manages=[org])
    officer = f.make_user("officer")
    db.session.commit()

    sign_in(page, live_server, enterprise_user.email)
    page.goto(f"{live_server}/certification/apply")
    page.get_by_role("button", name="Tạo hồ sơ").click()
    page.wait_for_url(re.compile(r".*/certification/applications/\d+$"))
    application_url = page.url

    page.get_by_label("Loại kết quả KH&CN").select_option("software")
    page.get_by_label("Tên kết quả").fill("Phần mềm truy xuất nguồn gốc sầu riêng")
    page.get_by_label("Số văn bằng / văn bản công nhận").fill("7788/2025/QTG")
    page.get_by_role("button", name="Thêm kết quả").click()
    assert "Đã thêm kết quả KH&CN." in page.inner_text("main")

    page.get_by_label("Tên sản phẩm").fill("Tem QR truy xuất sầu riêng")
    page.get_by_label("Hình thành từ kết quả").select_option(label="Phần mềm truy xuất nguồn gốc sầu riêng")
    page.get_by_role("button", name="Thêm sản phẩm").click()

    for code in ("request_form", "st_result_document", "ownership_proof", "product_description"):
        page.get_by_label("Thành phần hồ sơ").select_option(code)
        page.get_by_label("Tệp (PDF, PNG, JPEG, WebP)").set_input_files(
            {"name": f"{code}.pdf", "mimeType": "application/pdf", "buffer": PDF})
        page.get_by_role("button", name="Tải lên", exact=True).click()
        assert "Đã tải lên tài liệu." in page.inner_text("main")

    assert "Chưa kết luận: có điều kiện chờ xác nhận quy định" in page.inner_text("#conditions")
    page.get_by_role("button", name="Nộp hồ sơ cho Sở KH&CN").click()
    assert "Đã nộp hồ sơ cho Sở KH&CN." in page.inner_text("main")
    sign_out(page)

    sign_in(page, live_server, officer.email)
    page.goto(f"{live_server}/certification/office/due")
    assert "Công ty CP Phần mềm Truy Xuất Thử" in page.inner_text("main")
    page.goto(application_url)
    page.get_by_role("button", name="Tiếp nhận và thẩm định").click()
    assert "Đang thẩm định" in page.inner_text("#status")
    assert page.inner_text("#due-date")  # the decision deadline is shown
    page.get_by_role("button", name="Cấp giấy chứng nhận").click()
    assert "được công khai trên sổ đăng ký" in page.inner_text("main")  # the consequence, before anything changes
    assert "Đang thẩm định" in page.context.new_page().goto(application_url).text()
    page.get_by_role("button", name="Cấp giấy chứng nhận").click()
    assert "Đã cấp giấy chứng nhận." in page.inner_text("main")
    page.get_by_role("link", name="Giấy chứng nhận", exact=True).click()
    number = re.search(r"\d{3}/\d{4}/GCN-DNKHCN", page.inner_text("h1")).group(0)

    page.goto(f"{live_server}/certification/register?q=truy xuat")
    assert number in page.inner_text("main")
    assert "Tem QR truy xuất sầu riêng" in page.inner_text("main")
