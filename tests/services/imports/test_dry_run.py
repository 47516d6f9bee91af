"""Bulk-import dry run: files with planted faults; every fault must come back with row and column."""
import io
from datetime import date, datetime

import openpyxl
import pytest

from ecosystem.models import vocab as models_vocab
from ecosystem.services.imports import dry_run as ir
from ecosystem.services.platform.spreadsheets import to_csv_bytes, to_xlsx_bytes
from ecosystem.validators import tax_code_check_digit

VOCAB = {name: {code: str(label) for code, label in table.items()} for name, table in {
    "org_kind": models_vocab.ORG_KINDS, "stage": models_vocab.STAGES,
    "size_class": models_vocab.SIZE_CLASSES, "visibility": models_vocab.VISIBILITY,
    "language": models_vocab.LANGUAGES, "relation_kind": models_vocab.RELATION_KINDS}.items()}
SECTORS = {"Nông nghiệp công nghệ cao": 1, "agritech": 1, "Công nghệ thông tin": 2, "Y sinh": 3}


def tax(prefix9: str) -> str | None:
    """A valid code from nine digits; None for the prefixes no check digit can complete."""
    digit = tax_code_check_digit(prefix9)
    return None if digit is None else prefix9 + str(digit)


T_GOOD, T_OTHER, T_STORED, T_STORED2, T_ZERO = (tax("370000001"), tax("370000002"), tax("370000003"),
                                                tax("370000005"), tax("031234567"))
INDEX = ir.ExistingIndex.from_records(
    orgs=[(10, "Vườn ươm Demo Bình Dương", T_STORED), (11, "Startup Lưu Trữ Demo", T_STORED2),
          (12, "Câu lạc bộ Khởi nghiệp Demo", None)],
    people=[(20, "Lê Văn Cố Vấn", "covan@example.vn"), (21, "Phạm Thị Trùng", None),
            (22, "Phạm Thị Trùng", "trung2@example.vn")],
    relationships=[(30, "mentor", ("person", 20), ("org", 11)),
                   (31, "partner", ("org", 11), ("org", 10))],
)


def validate(kind, rows, **kw):
    return ir.validate_rows(kind, rows, SECTORS, kw.pop("index", INDEX), vocab=VOCAB, **kw)


def found(report):
    return {(p.row, p.column, p.code) for p in report.errors}


def org_csv(lines: list[str]) -> bytes:
    header = "Tên tổ chức,Loại tổ chức,Mã số thuế,Lĩnh vực,Giai đoạn,Ngày thành lập,Email,Trang web"
    return ("\ufeff" + "\r\n".join([header] + lines) + "\r\n").encode("utf-8")


def test_planted_faults_in_an_organisation_csv_are_all_reported():
    data = org_csv([
        f"Công ty Nông Nghiệp Xanh Demo,startup,{T_GOOD},Nông nghiệp công nghệ cao; Y sinh,seed,15/03/2023,a@demo.vn,demo.vn",  # 2 ok
        f"Sai Mã Số Thuế Demo,startup,{T_GOOD[:-1]}9,,,,,",                                    # 3 tax code
        f"Lĩnh Vực Lạ Demo,Startup,{T_OTHER},Vũ trụ học; Y sinh,,,,",                           # 4 sector
        "Ngày Sai Demo,doanh nghiep,,,,31/02/2024,,",                                          # 5 date
        f"Trùng Mã Demo,startup,{T_GOOD},,,2023-03-15,,",                                       # 6 dup tax code
        "cong ty nong nghiep xanh demo,startup,,,,,,",                                         # 7 dup name
        f"Câu lạc bộ khởi nghiệp demo,club,{T_STORED},,,,,",                                     # 8 conflict
        ",startup,,,,,,",                                                                      # 9 no name
        "Loại Lạ Demo,tàu vũ trụ,,,,,,",                                                        # 10 kind
        "Liên Hệ Sai Demo,enterprise,,,,,khong-co-a-còng,javascript:alert(1)",                 # 11 email, url
        ",,,,,,,",                                                                             # 12 blank
        "Vườn Ươm Có Giai Đoạn Demo,Vườn ươm,,,Ươm mầm (seed),,,",                              # 13 stage
        "vuon uom demo binh duong,incubator,,,,,,",                                            # 14 update by name
        f"Startup Lưu Trữ Demo,startup,{T_OTHER[:-1]}0,,,,,",                                   # 15 bad code only
        f"Startup lưu trữ demo,startup,{T_ZERO},,,,,",                                          # 16 name taken
    ])
    headers, rows = ir.read_table(data, "to-chuc.csv")
    report = validate("organisation", rows, headers=headers)
    assert found(report) == {
        (3, "tax_code", "bad_tax_code"),
        (4, "sectors", "unknown_sector"),
        (5, "founded_on", "bad_date"),
        (6, "tax_code", "duplicate_in_file"),
        (7, "name", "duplicate_in_file"),
        (8, "name", "conflict_existing"),
        (9, "name", "required"),
        (10, "kind", "bad_choice"),
        (11, "email", "bad_email"), (11, "website", "bad_url"),
        (13, "stage", "stage_not_startup"),
        (15, "tax_code", "bad_tax_code"),
        (16, "name", "name_taken"), (16, "name", "duplicate_in_file"),  # row 15 has the name too
    }
    assert not report.ok
    actions = {r.row: r.action for r in report.rows}
    assert actions[2] == "create" and actions[12] == "skip" and actions[14] == "update"
    assert report.rows[12].target_id == 10
    assert report.counts() == {"create": 1, "update": 1, "invalid": 12, "skip": 1}
    assert [p.row for p in report.problems] == sorted(p.row for p in report.problems)
    first = report.rows[0].values
    assert first["sectors"] == [1, 3] and first["founded_on"] == date(2023, 3, 15)
    assert first["website"] == "https://demo.vn" and first["kind"] == "startup"
    bad_sector = next(p for p in report.errors if p.code == "unknown_sector")
    assert bad_sector.header == "Lĩnh vực" and "Vũ trụ học" in bad_sector.message("vi")
    assert "Y sinh" not in bad_sector.message("en")


def test_problems_carry_both_languages_as_plain_data():
    report = validate("organisation", [{"name": "X Demo", "kind": "startup", "founded_on": "hôm qua"}])
    (problem,) = report.errors
    data = problem.as_dict()
    assert data["row"] == 2 and data["column"] == "founded_on" and data["header"] == "founded_on"
    assert data["vi"].startswith("Ngày “hôm qua”") and data["en"].startswith("Date “hôm qua”")
    assert set(ir.MESSAGES) >= {p.code for p in report.problems}
    for vi, en in ir.MESSAGES.values():
        assert vi != en


def test_lengths_are_checked_on_every_text_column():
    report = validate("organisation", [{"name": "x" * 201, "kind": "startup",
                                        "email": "a" * 250 + "@x.vn"}])
    assert found(report) == {(2, "name", "too_long"), (2, "email", "too_long")}


def test_on_existing_error_turns_matches_into_duplicates():
    rows = [{"name": "Tên Mới Demo", "kind": "startup", "tax_code": T_STORED},
            {"name": "VƯỜN ƯƠM DEMO BÌNH DƯƠNG", "kind": "incubator"}]
    report = validate("organisation", rows, on_existing="error")
    assert found(report) == {(2, "tax_code", "duplicate_existing"), (3, "name", "duplicate_existing")}
    assert validate("organisation", rows[1:]).rows[0].action == "update"


def test_headers_by_key_label_or_template_and_header_problems():
    report = validate("organisation", [{"Tên tổ chức * (name)": "A Demo", "TEN TIENG ANH": "A",
                                        "kind": "startup", "Cột lạ": "?"}])
    assert report.ok and report.rows[0].values == {"name": "A Demo", "name_en": "A", "kind": "startup"}
    assert [(p.row, p.code) for p in report.warnings] == [(1, "unknown_column")]
    report = validate("organisation", [{"Ten to chuc": "A", "name": "B"}])
    assert found(report) == {(1, "name", "repeated_column"), (1, "kind", "missing_column")}


@pytest.mark.parametrize("text, expected", [
    ("1500000", 1_500_000), ("1.500.000", 1_500_000), ("1,500,000", 1_500_000),
    ("1 500 000 ₫", 1_500_000), ("2.000.000.000 đ", 2_000_000_000), ("0", 0), (1500000, 1_500_000),
    (1.5e9, 1_500_000_000), ("750000 VND", 750_000),
])
def test_parse_vnd(text, expected):
    assert ir.parse_vnd(text) == expected


@pytest.mark.parametrize("text", ["1,5", "-100", "1.50.000", "abc", 12.5, -3, True, "1.500,00"])
def test_parse_vnd_rejects(text):
    with pytest.raises(ir._Invalid):
        ir.parse_vnd(text)


@pytest.mark.parametrize("value, expected", [
    ("15/03/2023", date(2023, 3, 15)), ("5/3/2023", date(2023, 3, 5)), ("2023-03-15", date(2023, 3, 15)),
    ("15-03-2023", date(2023, 3, 15)), ("2023-03-15 00:00:00", date(2023, 3, 15)),
    (datetime(2024, 2, 29, 0, 0), date(2024, 2, 29)), (date(2020, 1, 1), date(2020, 1, 1)),
])
def test_parse_date(value, expected):
    assert ir.parse_date(value) == expected


@pytest.mark.parametrize("text", ["31/02/2024", "2023/15/03", "03/15/2023", "hôm qua", "15/03/23", "01/01/1800"])
def test_parse_date_rejects(text):
    with pytest.raises(ir._Invalid):
        ir.parse_date(text)


def test_xlsx_cells_keep_their_meaning():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "kind", "tax_code", "founded_on", "technologies", "state_owned", "phone"])
    sheet.append(["Số Không Đầu Demo", "startup", int(T_ZERO), datetime(2021, 6, 1), "AI, IoT", "có", 912345678])
    sheet.append([None] * 7)
    sheet.append(["Hai Demo", "startup", None, "1/6/2021", None, "x", None])
    buffer = io.BytesIO()
    book.save(buffer)
    headers, rows = ir.read_table(buffer.getvalue(), "to-chuc.xlsx")
    report = validate("organisation", rows, headers=headers)
    assert report.ok, [p.as_dict() for p in report.errors]
    assert [r.action for r in report.rows] == ["create", "skip", "create"]
    assert [r.row for r in report.rows] == [2, 3, 4]
    values = report.rows[0].values
    assert values["tax_code"] == T_ZERO  # the leading zero Excel dropped is back
    assert values["founded_on"] == date(2021, 6, 1) and values["technologies"] == ["AI", "IoT"]
    assert values["state_owned"] is True and values["phone"] == "912345678"
    assert [(p.row, p.column, p.code) for p in report.warnings] == [(2, "tax_code", "tax_code_padded")]


def test_unreadable_files_raise_one_clear_problem():
    with pytest.raises(ir.ImportFileError) as caught:
        ir.read_table(b"x", "data.pdf")
    assert caught.value.code == "unsupported_file"
    with pytest.raises(ir.ImportFileError) as caught:
        ir.read_table(b"not a zip", "data.xlsx")
    problem = ir.Problem(0, "", caught.value.code, caught.value.params)
    assert problem.code == "unreadable_file" and problem.message("en")
    assert "zip" not in problem.message("vi")  # pandas' own words never reach the page
    with pytest.raises(ir.ImportFileError) as caught:
        ir.read_table(b"", "empty.csv")
    assert caught.value.code == "empty_file"


def test_rows_of_a_file_without_a_required_column_are_never_to_be_created():
    report = validate("organisation", [{"a": "1", "b": "2"}], headers=["a", "b"])
    assert {p.code for p in report.errors} == {"missing_column"}
    assert [r.action for r in report.rows] == ["invalid"] and report.counts()["create"] == 0


def test_csv_with_semicolons_and_blank_lines_keeps_row_numbers():
    data = "name;kind\n\nB Demo;startup\nC Demo;vũ trụ\n".encode("utf-8")
    headers, rows = ir.read_table(data, "x.csv")
    report = validate("organisation", rows, headers=headers)
    assert found(report) == {(4, "kind", "bad_choice")}
    assert [r.action for r in report.rows] == ["skip", "create", "invalid"]


def test_people_duplicates_by_email_and_name():
    rows = [
        {"full_name": "Nguyễn Demo An", "email": "an@example.vn", "languages": "vi; Tiếng Anh",
         "is_mentor": "có", "mentor_capacity": "3", "ticket_min_vnd": "500.000.000",
         "ticket_max_vnd": "2.000.000.000", "sectors": "agritech"},
        {"full_name": "Nguyen Demo An", "email": "an2@example.vn"},     # 3 same name, other e-mail: fine
        {"full_name": "Khác Tên Demo", "email": "AN@example.vn"},       # 4 duplicate e-mail
        {"full_name": "nguyen demo an"},                               # 5 duplicate name, no e-mail
        {"full_name": "Lê Văn Cố Vấn", "email": "covan@example.vn"},    # 6 update #20
        {"full_name": "Phạm Thị Trùng"},                                # 7 two stored people
        {"full_name": "Lê Văn Cố Vấn", "email": "khac@example.vn"},     # 8 other e-mail: a new person
        {"full_name": "Tiền Ngược Demo", "ticket_min_vnd": "9", "ticket_max_vnd": "1",
         "languages": "klingon", "mentor_capacity": "-1", "is_judge": "có lẽ"},  # 9
    ]
    report = validate("person", rows)
    assert found(report) == {
        (4, "email", "duplicate_in_file"), (5, "full_name", "duplicate_in_file"),
        (7, "full_name", "ambiguous_name"),
        (9, "ticket_max_vnd", "ticket_order"), (9, "languages", "bad_choice"),
        (9, "mentor_capacity", "bad_int"), (9, "is_judge", "bad_bool"),
    }
    first = report.rows[0].values
    assert first["languages"] == ["vi", "en"] and first["mentor_capacity"] == 3
    assert first["email"] == "an@example.vn" and first["sectors"] == [1]
    assert report.rows[1].action == "create"
    assert (report.rows[4].action, report.rows[4].target_id) == ("update", 20)
    assert {(p.row, p.code) for p in report.warnings} == {(8, "same_name")}


def test_relationships_resolve_both_ends():
    rows = [
        {"kind": "mentor", "source": "covan@example.vn", "target": T_STORED2, "started_on": "01/06/2024"},
        {"kind": "Cố vấn", "source": "le van co van", "target": "startup luu tru demo"},  # existing #30
        {"kind": "mentor", "source": "Vườn ươm Demo Bình Dương", "target": T_STORED2},  # an org mentors
        {"kind": "resident", "source": T_STORED2, "target": "Không Có Demo"},
        {"kind": "founder", "source": "Phạm Thị Trùng", "target": T_STORED2},
        {"kind": "partner", "source": T_STORED, "target": T_STORED2},  # existing #31, other way round
        {"kind": "mentor", "source": "covan@example.vn", "target": T_STORED2, "started_on": "2024-06-01"},
        {"kind": "investor", "source": "covan@example.vn", "target": T_STORED2, "amount_vnd": "abc",
         "started_on": "01/01/2025", "ended_on": "01/01/2024"},
        {"kind": "member", "source": "covan@example.vn", "target": "Câu lạc bộ Khởi nghiệp Demo",
         "amount_vnd": "1.000.000"},
        {"kind": "bạn bè", "source": "x", "target": "y"},
    ]
    report = validate("relationship", rows)
    assert found(report) == {
        (4, "source", "wrong_party"), (5, "target", "unknown_party"), (6, "source", "ambiguous_name"),
        (8, "source", "duplicate_in_file"), (9, "amount_vnd", "bad_money"), (9, "ended_on", "dates_order"),
        (11, "kind", "bad_choice"),
    }
    by_row = {r.row: r for r in report.rows}
    assert by_row[2].values["source_ref"] == ("person", 20) and by_row[2].values["target_ref"] == ("org", 11)
    assert (by_row[3].action, by_row[3].target_id) == ("update", 30)
    assert (by_row[7].action, by_row[7].target_id) == ("update", 31)
    assert by_row[10].action == "create"
    assert {(p.row, p.code) for p in report.warnings} == {(10, "amount_not_investor")}
    assert "một người" in next(p for p in report.errors if p.code == "wrong_party").message()


@pytest.mark.parametrize("kind", sorted(ir.SPECS))
def test_template_example_row_passes_through_xlsx_and_csv(kind):
    columns, rows = ir.template_table(kind, sector_example="Y sinh")
    assert all(header.endswith(f"({key})") for key, header in columns)
    assert any("*" in header for _, header in columns)
    index = ir.ExistingIndex.from_records(orgs=[(1, "Org Demo", "3700000018")],
                                          people=[(2, "Trần Thị Demo", "demo.tran@example.vn")])
    for data, name in ((to_xlsx_bytes({"Mẫu": (columns, rows)}), "mau.xlsx"),
                       (to_csv_bytes(rows, columns), "mau.csv")):
        headers, read = ir.read_table(data, name)
        report = validate(kind, read, headers=headers, index=ir.ExistingIndex() if kind != "relationship" else index)
        assert report.ok, [p.as_dict() for p in report.errors]
        assert not report.warnings
        assert [r.action for r in report.rows] == ["create"]


def test_unknown_kind_and_missing_vocabulary_are_programming_errors():
    with pytest.raises(ValueError):
        validate("event", [])
    with pytest.raises(KeyError):
        ir.validate_rows("organisation", [{"name": "A", "kind": "startup"}], SECTORS, INDEX, vocab={})


def test_plain_dict_index_and_sector_names_are_accepted():
    report = ir.validate_rows("organisation", [{"name": "A Demo", "kind": "startup", "tax_code": T_GOOD,
                                                "sectors": "Y sinh"}],
                              ["Y sinh"], {"org_by_tax_code": {T_GOOD: 5}}, vocab=VOCAB)
    assert (report.rows[0].action, report.rows[0].target_id) == ("update", 5)
    assert report.rows[0].values["sectors"] == ["Y sinh"]


def test_ten_thousand_rows_with_faults_far_down():
    codes = [code for code in (tax(f"38{i:07d}") for i in range(12_000)) if code][:10_000]
    rows = [{"name": f"Startup Demo Số {i}", "kind": "startup", "tax_code": code,
             "founded_on": f"{1 + i % 28:02d}/{1 + i % 12:02d}/2023", "sectors": "Y sinh; agritech",
             "website": f"demo{i}.example.vn", "state_owned": "không"} for i, code in enumerate(codes)]
    rows[9_998]["tax_code"] = rows[17]["tax_code"]
    rows[9_999]["founded_on"] = "30/02/2023"
    report = validate("organisation", rows)
    assert found(report) == {(10_000, "tax_code", "duplicate_in_file"), (10_001, "founded_on", "bad_date")}
    assert report.counts()["create"] == 9_998
