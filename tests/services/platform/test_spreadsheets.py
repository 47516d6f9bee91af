"""CSV/XLSX exports: read back with pandas and openpyxl; no cell may become a formula."""
import io
from datetime import date, datetime, timezone
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest

from ecosystem.services.platform.spreadsheets import neutralise, sheet_title, to_csv_bytes, to_xlsx_bytes

COLUMNS = [("name", "Tên tổ chức"), ("tax_code", "Mã số thuế"), ("funding", "Vốn (VND)"),
           ("founded", "Ngày thành lập"), ("note", "Ghi chú")]
ROWS = [
    {"name": "Công ty Nông Nghiệp Xanh Demo", "tax_code": "0312345678", "funding": 1_500_000_000,
     "founded": date(2023, 3, 15), "note": "=HYPERLINK(\"http://evil\",\"bấm\")"},
    {"name": "+Startup Cộng", "tax_code": "3700000018", "funding": None, "founded": None,
     "note": "-2+3"},
    {"name": "@SUM(A1)", "tax_code": None, "funding": 0, "founded": date(2020, 1, 2),
     "note": "\tTab đầu"},
    {"name": "\rCR đầu dòng", "tax_code": None, "funding": -5, "founded": None, "note": "bình thường"},
]
DANGEROUS = ["=HYPERLINK(\"http://evil\",\"bấm\")", "+Startup Cộng", "-2+3", "@SUM(A1)",
             "\tTab đầu", "\rCR đầu dòng"]


@pytest.mark.parametrize("text", DANGEROUS + ["＝1+1"])
def test_neutralise_prefixes_formula_starts(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Bình Dương", "a=b", "", 5, -5, 1.5, None, date(2025, 1, 1)])
def test_neutralise_leaves_everything_else(value):
    assert neutralise(value) == value


def test_csv_has_a_bom_and_round_trips_with_pandas():
    data = to_csv_bytes(ROWS, COLUMNS)
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(frame.columns) == [header for _, header in COLUMNS]
    assert frame.iloc[0]["Tên tổ chức"] == "Công ty Nông Nghiệp Xanh Demo"
    assert frame.iloc[0]["Mã số thuế"] == "0312345678"  # leading zero kept: written as text
    assert frame.iloc[0]["Vốn (VND)"] == "1500000000"  # an integer, never 1.5e9
    assert frame.iloc[0]["Ngày thành lập"] == "2023-03-15"
    assert frame.iloc[1]["Vốn (VND)"] == ""
    assert frame.iloc[3]["Vốn (VND)"] == "-5"  # a negative number stays a number


def test_csv_neutralises_every_dangerous_cell():
    frame = pd.read_csv(io.BytesIO(to_csv_bytes(ROWS, COLUMNS)), encoding="utf-8-sig", dtype=str,
                        keep_default_na=False)
    cells = [c for row in frame.itertuples(index=False) for c in row]
    for text in DANGEROUS:
        assert "'" + text in cells
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells if c != "-5")


def test_csv_accepts_positional_rows_and_plain_keys():
    data = to_csv_bytes([("a", 1), ("=b", 2)], ["x", "y"])
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert frame.to_dict("list") == {"x": ["a", "'=b"], "y": [1, 2]}
    with pytest.raises(ValueError):
        to_csv_bytes([("a",)], ["x", "y"])


def test_headers_are_neutralised_too():
    frame = pd.read_csv(io.BytesIO(to_csv_bytes([{"k": 1}], [("k", "=cmd")])), encoding="utf-8-sig")
    assert list(frame.columns) == ["'=cmd"]


def read_xlsx(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_one_sheet_per_table_bold_header_and_types():
    extra = [("year", "Năm"), ("count", "Số startup")]
    book = read_xlsx(to_xlsx_bytes({"Doanh nghiệp KH&CN": (COLUMNS, ROWS),
                                    "Chỉ tiêu": (extra, [(2024, 12), (2025, 30)])}))
    assert book.sheetnames == ["Doanh nghiệp KH&CN", "Chỉ tiêu"]
    sheet = book["Doanh nghiệp KH&CN"]
    header = [c.value for c in sheet[1]]
    assert header == [h for _, h in COLUMNS]
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    first = [c.value for c in sheet[2]]
    assert first[0] == "Công ty Nông Nghiệp Xanh Demo"
    assert first[1] == "0312345678"
    assert first[2] == 1_500_000_000 and isinstance(first[2], int)
    assert sheet.cell(2, 3).number_format == "#,##0"
    assert first[3].date() == date(2023, 3, 15) and sheet.cell(2, 4).number_format == "DD/MM/YYYY"
    assert sheet.cell(5, 3).value == -5
    assert [[c.value for c in row] for row in book["Chỉ tiêu"].iter_rows(min_row=2)] == [[2024, 12], [2025, 30]]
    assert book["Chỉ tiêu"].cell(2, 1).number_format == "General"  # a year is not 2.024


def test_xlsx_has_no_formula_cells():
    book = read_xlsx(to_xlsx_bytes({"Danh sách": (COLUMNS, ROWS)}))
    cells = [c for row in book.active.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    for text in DANGEROUS:
        assert "'" + text.replace("\r", "\n") in values  # XML reads a stored CR back as LF


def test_xlsx_column_widths_follow_the_content():
    long = "Trung tâm Đổi mới sáng tạo và Hỗ trợ khởi nghiệp " * 3
    book = read_xlsx(to_xlsx_bytes({"s": (["a", "b"], [{"a": "x", "b": long}])}))
    widths = book.active.column_dimensions
    assert widths["A"].width == 8  # at least the minimum
    assert widths["B"].width == 60  # capped


def test_xlsx_sheet_names_are_made_legal_and_unique():
    taken: set = set()
    assert sheet_title("Quỹ: 2025/2026 [tạm]", taken) == "Quỹ- 2025-2026 -tạm-"
    assert len(sheet_title("x" * 40, taken)) == 31
    assert sheet_title("X" * 40, taken).endswith("(2)")
    book = read_xlsx(to_xlsx_bytes({"a/b": (["k"], []), "a:b": (["k"], [])}))
    assert book.sheetnames == ["a-b", "a-b (2)"]


def test_xlsx_awkward_values():
    rows = [{"when": datetime(2025, 5, 1, 8, 30, tzinfo=timezone.utc), "rate": Decimal("7.5"),
             "whole": Decimal("2000"), "tags": ["IoT", "AI"], "flag": True, "ctl": "a\x01b"}]
    book = read_xlsx(to_xlsx_bytes({"s": (["when", "rate", "whole", "tags", "flag", "ctl"], rows)}))
    values = [c.value for c in book.active[2]]
    assert values == [datetime(2025, 5, 1, 8, 30), "7.5", 2000, "IoT; AI", True, "ab"]


def test_xlsx_needs_a_sheet():
    with pytest.raises(ValueError):
        to_xlsx_bytes({})
