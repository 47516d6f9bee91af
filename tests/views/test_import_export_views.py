"""Bulk import and directory exports through the pages: planted faults change nothing; exports keep
the list's filters and never carry a live formula."""
import io
import re

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import Organisation
from ecosystem.services.imports import dry_run as import_rules
from tests import factories as f


@pytest.fixture
def officer(app):
    app.config["IMPORT_INLINE"] = True
    f.make_sector("agritech")
    user = f.make_user("officer")
    db.session.commit()
    return user


def upload(client, kind, data: bytes, name: str):
    return client.post("/imports/", data={"kind": kind, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def org_count():
    return db.session.scalar(select(func.count(Organisation.id)))


def test_template_downloads_validate_cleanly(client, login_as, officer):
    c = login_as(officer)
    for kind in ("organisation", "person"):
        for fmt in ("csv", "xlsx"):
            response = c.get(f"/imports/template/{kind}.{fmt}")
            assert response.status_code == 200
            headers, rows = import_rules.read_table(response.data, f"t.{fmt}")
            assert len(rows) == 1 and all(h.endswith(")") for h in headers)
    assert c.get("/imports/template/event.csv").status_code == 404


def test_a_spreadsheet_with_planted_errors_changes_nothing(client, login_as, officer):
    c = login_as(officer)
    book = openpyxl.Workbook()
    book.active.append(["Tên tổ chức * (name)", "Loại tổ chức * (kind)", "Mã số thuế (tax_code)",
                        "Lĩnh vực (sectors)", "Ngày thành lập (founded_on)"])
    book.active.append(["Startup Tốt", "startup", None, "Nông nghiệp công nghệ cao", "01/01/2024"])
    book.active.append(["Startup Sai Mã", "startup", "0123456789", None, None])
    book.active.append(["Startup Lĩnh Vực Lạ", "startup", None, "Thám hiểm sao Hỏa", None])
    book.active.append(["Startup Ngày Sai", "startup", None, None, "31/04/2024"])
    book.active.append(["startup tot", "startup", None, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    before = org_count()
    response = upload(c, "organisation", buffer.getvalue(), "loi.xlsx")
    assert response.status_code == 302
    page = c.get(response.headers["Location"]).get_data(as_text=True)
    for row, header in ((3, "Mã số thuế (tax_code)"), (4, "Lĩnh vực (sectors)"), (5, "Ngày thành lập (founded_on)"),
                        (6, "Tên tổ chức * (name)")):
        assert re.search(rf"<td>{row}</td><td>{re.escape(header)}</td><td>Lỗi</td>", page), (row, header)
    assert "không dòng nào sẽ được nhập" in page and "imports/1/confirm" not in page
    run_id = int(response.headers["Location"].rstrip("/").split("/")[-1])
    refused = c.post(f"/imports/{run_id}/confirm", data={"confirmed": "1"}, follow_redirects=True).get_data(as_text=True)
    assert "Tệp còn lỗi: không dòng nào được nhập. Sửa tệp rồi tải lên lại." in refused
    assert org_count() == before
    listing = c.get("/imports/").get_data(as_text=True)
    assert "<td>Tổ chức</td>" in listing and "<td>organisation</td>" not in listing  # the kind in words


def test_a_clean_file_is_imported_and_progress_shown(client, login_as, officer):
    c = login_as(officer)
    data = "name,kind,sectors\nStartup Sạch Một,startup,agritech\nStartup Sạch Hai,startup,\n".encode("utf-8")
    before = org_count()
    location = upload(c, "organisation", data, "sach.csv").headers["Location"]
    page = c.get(location).get_data(as_text=True)
    assert "Nhập 2 dòng" in page
    run_id = location.rstrip("/").split("/")[-1]
    asked = c.post(f"/imports/{run_id}/confirm").get_data(as_text=True)
    assert "2 bản ghi sẽ được tạo mới" in asked and org_count() == before  # asks first, changes nothing
    progress = c.post(f"/imports/{run_id}/confirm", data={"confirmed": "1"},
                      follow_redirects=True).get_data(as_text=True)
    assert "Đã nhập xong: 2 tạo mới, 0 cập nhật." in progress and 'http-equiv="refresh"' not in progress
    assert org_count() == before + 2


def test_upload_refusals(client, login_as, officer):
    c = login_as(officer)
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in upload(c, "organisation", b"%PDF-1.4", "a.pdf").get_data(as_text=True)
    broken = upload(c, "organisation", b"PK broken", "a.xlsx").get_data(as_text=True)
    assert "Không đọc được tệp: tệp bị hỏng" in broken and "zip" not in broken  # no library's English
    assert "Tệp trống" in upload(c, "organisation", b"", "a.csv").get_data(as_text=True)


def test_upload_needs_a_csrf_token(app, client, login_as, officer):
    c = login_as(officer)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = upload(c, "organisation", b"name,kind\nA,startup\n", "a.csv")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code in (200, 400) and org_count() == 0
    assert "imports/" not in response.headers.get("Location", "")


def test_exports_follow_filters_and_neutralise_formulas(client, app):
    f.make_org("=HYPERLINK(\"http://evil\")", kind="startup", tax_code=f.valid_tax_code())
    f.make_org("Vườn ươm Không Xuất", kind="incubator")
    hidden = f.make_person("Người Kín Đáo", email="kin@example.vn", contact_visibility="private")
    open_person = f.make_person("Người Cởi Mở", email="mo@example.vn", contact_visibility="public")
    db.session.commit()
    csv = client.get("/exports/orgs.csv?kind=startup")
    assert csv.data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(csv.data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame["Tên"]) == ["'=HYPERLINK(\"http://evil\")"]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/exports/orgs.xlsx?kind=startup").data))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    people = pd.read_csv(io.BytesIO(client.get("/exports/people.csv").data), encoding="utf-8-sig", dtype=str,
                         keep_default_na=False)
    emails = dict(zip(people["Họ tên"], people["E-mail"]))
    assert emails == {hidden.full_name: "", open_person.full_name: ""}  # list contacts: staff only
    assert client.get("/exports/orgs.pdf").status_code == 404

