"""Reading an import file: the header row read raw (repeated, empty and missing columns named), and
the row and unpacked-size caps checked before the rows are loaded."""
import io
import re
import zipfile

import openpyxl
import pytest

from ecosystem.services.imports import dry_run as ir
from ecosystem.services.imports.reader import ImportFileError, read_table

VOCAB = {name: {} for name in ("stage", "size_class", "visibility", "language", "relation_kind")}
VOCAB["org_kind"] = {"startup": "Startup"}


def xlsx(rows, *, dimension: str | None = None) -> bytes:
    """A small workbook; `dimension` rewrites what its sheet declares (as Excel writes it)."""
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension is None:
        return buffer.getvalue()
    declared = f'<dimension ref="A1:C{dimension}"/>'.encode()
    return _rewrite(buffer.getvalue(), lambda xml: re.sub(rb"<dimension [^>]*/>", declared, xml, count=1))


def _rewrite(data: bytes, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            target.writestr(item, change(body) if item.filename == "xl/worksheets/sheet1.xml" else body)
    return out.getvalue()


def streamed_xlsx(n_rows: int) -> bytes:
    """n_rows of inline strings written straight into the sheet XML, no <dimension>: a 400,000-row
    file in about a second, the way a hostile or careless exporter would make it."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Công ty {r}</t></is></c>'
                   f'<c r="B{r}" t="inlineStr"><is><t>startup</t></is></c></row>' for r in range(2, n_rows + 2))
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>kind</t>'
             f'</is></c></row>{rows}</sheetData></worksheet>')
    return _rewrite(xlsx([["x"]]), lambda _xml: sheet.encode())


def _message(error, lang="vi") -> str:
    return ir.Problem(0, "", error.code, error.params).message(lang)


def _problems(kind, headers, rows):
    report = ir.validate_rows(kind, rows, {}, {}, vocab=VOCAB, headers=headers)
    return {(p.column, p.code, p.message()) for p in report.errors}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_repeated_column_is_reported_by_name_not_renamed(fmt):
    table = [["name", "kind", "name"], ["Công ty A", "startup", "Công ty B"]]
    data = xlsx(table) if fmt == "xlsx" else "\n".join(",".join(r) for r in table).encode()
    headers, rows = read_table(data, f"f.{fmt}")
    assert headers == ["name", "kind", "name"]
    assert ("name", "repeated_column", "Cột “name” xuất hiện nhiều lần") in _problems("organisation", headers, rows)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_data_under_an_empty_header_is_named_by_its_column_letter(fmt):
    table = [["name", "kind", None, "website"], ["Công ty A", "startup", "lạc chỗ", "https://a.vn"]]
    data = xlsx(table) if fmt == "xlsx" else "name,kind,,website\nCông ty A,startup,lạc chỗ,https://a.vn".encode()
    with pytest.raises(ImportFileError) as refused:
        read_table(data, f"f.{fmt}")
    assert refused.value.code == "empty_header"
    assert _message(refused.value) == ("Cột C có dữ liệu nhưng không có tiêu đề: "
                                               "đặt tên cột hoặc xoá cột")


def test_blank_columns_without_data_are_simply_left_out():
    headers, rows = read_table("name,,kind,\nCông ty A,,startup,\n".encode(), "f.csv")
    assert headers == ["name", "kind"] and rows == [{"name": "Công ty A", "kind": "startup"}]


def test_a_missing_required_column_is_named():
    headers, rows = read_table(xlsx([["name"], ["Công ty A"]]), "f.xlsx")
    assert ("kind", "missing_column", "Thiếu cột bắt buộc “Loại tổ chức * (kind)”") in \
        _problems("organisation", headers, rows)


def test_the_declared_dimension_refuses_a_huge_sheet_before_any_row_is_read():
    data = xlsx([["name", "kind"], ["Công ty A", "startup"]], dimension="400001")
    with pytest.raises(ImportFileError) as refused:
        read_table(data, "f.xlsx", max_rows=50_000)
    assert refused.value.code == "too_many_rows"
    assert _message(refused.value, "en") == ("The file has more than 50.000 data rows: "
                                                   "split it into smaller files")
    assert read_table(data, "f.xlsx")[1] == [{"name": "Công ty A", "kind": "startup"}]  # no cap, no refusal


def test_a_400000_row_file_without_a_dimension_stops_at_the_cap():
    data = streamed_xlsx(400_000)
    assert len(data) < 5 * 2**20
    with pytest.raises(ImportFileError) as refused:
        read_table(data, "f.xlsx", max_rows=50_000, max_unpacked_bytes=200 * 2**20)
    assert refused.value.code == "too_many_rows"


def test_the_unpacked_size_is_checked_from_the_zip_directory_first():
    data = xlsx([["name", "kind"], ["Công ty A", "startup"]])
    with pytest.raises(ImportFileError) as refused:
        read_table(data, "f.xlsx", max_unpacked_bytes=1024)
    assert refused.value.code == "too_big_unpacked"


def test_a_csv_over_the_row_cap_is_refused():
    data = ("name,kind\n" + "Công ty,startup\n" * 11).encode()
    with pytest.raises(ImportFileError) as refused:
        read_table(data, "f.csv", max_rows=10)
    assert refused.value.code == "too_many_rows"
    assert len(read_table(data, "f.csv", max_rows=11)[1]) == 11


def test_a_nul_byte_is_refused_rather_than_reaching_the_database():
    with pytest.raises(ImportFileError) as refused:
        read_table(b"name,kind\nA\x00,startup\n", "f.csv")
    assert refused.value.code == "nul_in_file"
    utf16 = "name,kind\nCông ty A,startup\n".encode("utf-16-le")  # Excel's "Unicode text"
    with pytest.raises(ImportFileError) as refused:
        read_table(utf16, "f.csv")
    assert "UTF-8" in _message(refused.value)


def test_an_understated_dimension_does_not_drop_rows():
    data = xlsx([["name", "kind"]] + [[f"Công ty {i}", "startup"] for i in range(5)], dimension="2")
    assert len(read_table(data, "f.xlsx", max_rows=10)[1]) == 5
    with pytest.raises(ImportFileError):
        read_table(data, "f.xlsx", max_rows=4)


def test_the_import_page_applies_the_caps_from_the_settings(app, client, login_as):
    from ecosystem.extensions import db
    from ecosystem.models import ImportRun
    from ecosystem.services.platform.settings import set_setting
    from tests import factories as f

    set_setting("imports.max_rows", 3, None)
    login_as(f.make_user("officer"))
    db.session.commit()
    data = ("name,kind\n" + "Công ty,startup\n" * 4).encode()
    page = client.post("/imports/", data={"kind": "organisation", "file": (io.BytesIO(data), "f.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "Tệp có hơn 3 dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn" in page
    assert db.session.scalar(db.select(db.func.count(ImportRun.id))) == 0
