"""The bulk-import file formats as data: each kind's columns, the relationship ends, and every
message a dry run can give, in Vietnamese and English."""
from __future__ import annotations

from dataclasses import dataclass, field

# code -> (Vietnamese, English); {placeholders} are filled from the problem's params.
MESSAGES = {
    "missing_column": ("Thiếu cột bắt buộc “{column}”", "Required column “{column}” is missing"),
    "unknown_column": ("Cột “{column}” không được nhận diện và sẽ bị bỏ qua",
                       "Column “{column}” is not recognised and will be ignored"),
    "repeated_column": ("Cột “{column}” xuất hiện nhiều lần", "Column “{column}” appears twice"),
    "required": ("Bắt buộc nhập", "A value is required"),
    "too_long": ("Dài quá {max} ký tự", "Longer than {max} characters"),
    "bad_date": ("Ngày “{value}” không đọc được (dùng dd/mm/yyyy hoặc yyyy-mm-dd)",
                 "Date “{value}” cannot be read (use dd/mm/yyyy or yyyy-mm-dd)"),
    "bad_money": ("Số tiền “{value}” không hợp lệ (số nguyên VND, không âm)",
                  "Amount “{value}” is not valid (whole VND, not negative)"),
    "bad_int": ("“{value}” không phải số nguyên không âm", "“{value}” is not a whole number ≥ 0"),
    "bad_choice": ("“{value}” không thuộc danh mục ({choices})", "“{value}” is not one of ({choices})"),
    "bad_bool": ("“{value}” phải là có/không", "“{value}” must be yes/no"),
    "bad_email": ("Email “{value}” không hợp lệ", "E-mail “{value}” is not valid"),
    "bad_url": ("Địa chỉ web “{value}” không hợp lệ (chỉ nhận http:// hoặc https://)",
                "Web address “{value}” is not valid (only http:// or https://)"),
    "unknown_ward": ("“{value}” không có trong danh mục phường/xã của TP. Hồ Chí Minh từ 1/7/2025",
                     "“{value}” is not in Hồ Chí Minh City's list of wards and communes since 1/7/2025"),
    "unknown_sector": ("Lĩnh vực “{value}” không có trong danh mục",
                       "Sector “{value}” is not in the taxonomy"),
    "bad_tax_code": ("Mã số thuế “{value}” không hợp lệ (10 chữ số hoặc 10-3, đúng số kiểm tra)",
                     "Tax code “{value}” is not valid (10 digits or 10-3, with a correct check digit)"),
    "tax_code_padded": ("Mã số thuế được thêm số 0 đầu đã bị Excel xoá: {value}",
                        "Tax code given back the leading zero Excel dropped: {value}"),
    "duplicate_in_file": ("Trùng với dòng {other} trong tệp", "Duplicates row {other} of this file"),
    "duplicate_existing": ("Đã có bản ghi #{id} với giá trị này", "Record #{id} already has this value"),
    "conflict_existing": ("Mã số thuế/email khớp bản ghi #{id} nhưng tên khớp bản ghi #{other}",
                          "Tax code/e-mail matches record #{id} but the name matches record #{other}"),
    "name_taken": ("Tên đã thuộc bản ghi #{id} có mã số thuế/email khác",
                   "The name belongs to record #{id}, which has another tax code/e-mail"),
    "same_name": ("Cùng tên với bản ghi #{id} (khác email): sẽ tạo người mới",
                  "Same name as record #{id} (other e-mail): a new person will be created"),
    "ambiguous_name": ("Tên khớp {count} bản ghi; ghi mã số thuế hoặc email để phân biệt",
                       "The name matches {count} records; give a tax code or e-mail"),
    "unknown_party": ("Không tìm thấy “{value}” (tên, mã số thuế hoặc email)",
                      "“{value}” was not found (name, tax code or e-mail)"),
    "wrong_party": ("“{value}” phải là {expected_vi}", "“{value}” must be {expected_en}"),
    "dates_order": ("Ngày kết thúc trước ngày bắt đầu", "The end date is before the start date"),
    "stage_not_startup": ("Giai đoạn chỉ dùng cho startup", "A stage applies to startups only"),
    "ticket_order": ("Mức đầu tư tối thiểu lớn hơn tối đa", "The minimum ticket exceeds the maximum"),
    "amount_not_investor": ("Số tiền chỉ dùng cho quan hệ đầu tư",
                            "An amount applies to investor relationships only"),
    "wrong_target_kind": ("“{value}” không phải loại tổ chức phù hợp ({kinds})",
                          "“{value}” is not a fitting kind of organisation ({kinds})"),
    "unsupported_file": ("Chỉ nhận tệp .csv hoặc .xlsx", "Only .csv or .xlsx files are accepted"),
    "unreadable_file": ("Không đọc được tệp: tệp bị hỏng hoặc không đúng định dạng CSV/XLSX",
                        "The file cannot be read: it is damaged or not a real CSV/XLSX file"),
    "empty_file": ("Tệp trống: không có dòng tiêu đề", "The file is empty: it has no header row"),
    "nul_in_file": ("Tệp chứa ký tự không hợp lệ (NUL): hãy lưu lại dưới dạng CSV UTF-8 hoặc XLSX",
                    "The file contains an invalid character (NUL): save it again as UTF-8 CSV or XLSX"),
    "empty_header": ("Cột {column} có dữ liệu nhưng không có tiêu đề: đặt tên cột hoặc xoá cột",
                     "Column {column} holds data but has no header: name the column or delete it"),
    "too_many_rows": ("Tệp có hơn {max} dòng dữ liệu: hãy chia thành nhiều tệp nhỏ hơn",
                      "The file has more than {max} data rows: split it into smaller files"),
    "too_big_unpacked": ("Tệp XLSX khi giải nén lớn hơn {max} MB: hãy chia thành nhiều tệp nhỏ hơn",
                         "The XLSX file unpacks to more than {max} MB: split it into smaller files"),
}
PARTY_WORDS = {"person": ("một người", "a person"), "org": ("một tổ chức", "an organisation")}


@dataclass(frozen=True)
class Col:
    """One column of an import file; `vocab` names the vocabulary an enum is checked against."""

    key: str
    label_vi: str
    type: str = "text"  # text, list, date, vnd, int, bool, enum, enum_list, sectors, tax_code, email, url, ward
    required: bool = False
    vocab: str | None = None
    max_length: int | None = None
    example: str = ""

    @property
    def header(self) -> str:
        return f"{self.label_vi}{' *' if self.required else ''} ({self.key})"


_ADDRESS = (Col("street", "Số nhà, đường", max_length=200, example="Số 1 đường Demo"),
            Col("ward", "Phường/xã (danh mục từ 1/7/2025)", "ward", max_length=120, example="Phường Phú Lợi"),
            Col("city", "Tỉnh/thành phố", max_length=120, example="TP. Hồ Chí Minh"),
            Col("former_province", "Tỉnh cũ", max_length=120, example="Bình Dương"),
            Col("former_district", "Quận/huyện cũ", max_length=120, example="Thủ Dầu Một"))
SPECS: dict[str, tuple[Col, ...]] = {
    "organisation": (
        Col("name", "Tên tổ chức", required=True, max_length=200, example="Công ty TNHH Nông Nghiệp Xanh Demo"),
        Col("kind", "Loại tổ chức", "enum", required=True, vocab="org_kind", example="startup"),
        Col("name_en", "Tên tiếng Anh", max_length=200, example="Green Farm Demo Co., Ltd."),
        Col("tax_code", "Mã số thuế", "tax_code", example="3700000018"),
        Col("sectors", "Lĩnh vực", "sectors"),
        Col("stage", "Giai đoạn", "enum", vocab="stage", example="seed"),
        Col("founded_on", "Ngày thành lập", "date", example="15/03/2023"),
        Col("first_registered_on", "Ngày đăng ký kinh doanh lần đầu", "date", example="20/04/2023"),
        *_ADDRESS,
        Col("website", "Trang web", "url", max_length=200, example="https://demo.example.vn"),
        Col("email", "Email", "email", max_length=254, example="lienhe@demo.example.vn"),
        Col("phone", "Điện thoại", max_length=30, example="0274 000 0000"),
        Col("size_class", "Quy mô", "enum", vocab="size_class", example="micro"),
        Col("state_owned", "Doanh nghiệp nhà nước", "bool", example="không"),
        Col("technologies", "Công nghệ / từ khoá", "list", example="IoT; cảm biến"),
        Col("description", "Mô tả", example="Startup demo: cảm biến độ ẩm cho vườn sầu riêng"),
    ),
    "person": (
        Col("full_name", "Họ và tên", required=True, max_length=160, example="Trần Thị Demo"),
        Col("title", "Chức danh", max_length=200, example="Cố vấn tài chính"),
        Col("email", "Email", "email", max_length=254, example="demo.tran@example.vn"),
        Col("phone", "Điện thoại", max_length=30, example="0900 000 000"),
        Col("sectors", "Lĩnh vực chuyên môn", "sectors"),
        Col("languages", "Ngôn ngữ", "enum_list", vocab="language", example="vi; en"),
        Col("contact_visibility", "Hiển thị liên hệ", "enum", vocab="visibility", example="members"),
        *_ADDRESS[1:],
        Col("is_mentor", "Là cố vấn", "bool", example="có"),
        Col("mentor_capacity", "Số startup cố vấn tối đa", "int", example="3"),
        Col("is_investor", "Là nhà đầu tư", "bool", example="không"),
        Col("ticket_min_vnd", "Mức đầu tư tối thiểu (VND)", "vnd", example="500.000.000"),
        Col("ticket_max_vnd", "Mức đầu tư tối đa (VND)", "vnd", example="2.000.000.000"),
        Col("is_judge", "Là giám khảo", "bool", example="không"),
        Col("bio", "Giới thiệu", example="Người demo, không có thật"),
    ),
    "relationship": (
        Col("kind", "Loại quan hệ", "enum", required=True, vocab="relation_kind", example="mentor"),
        Col("source", "Bên nguồn (tên, mã số thuế hoặc email)", required=True, example="demo.tran@example.vn"),
        Col("target", "Bên đích (tên, mã số thuế hoặc email)", required=True, example="3700000018"),
        Col("started_on", "Ngày bắt đầu", "date", example="01/06/2024"),
        Col("ended_on", "Ngày kết thúc", "date"),
        Col("amount_vnd", "Số tiền (VND)", "vnd"),
        Col("round", "Vòng gọi vốn", max_length=40),
        Col("cohort", "Khoá ươm tạo", max_length=40),
        Col("role_title", "Vai trò", max_length=120),
        Col("note", "Ghi chú"),
    ),
}
# Which side may be a person or an organisation, per relationship kind (models/relations.py).
ENDPOINTS = {
    "founder": ("person", "org"), "employee": ("person", "org"), "member": ("person", "org"),
    "mentor": ("person", "org"), "investor": ("any", "org"), "resident": ("org", "org"),
    "club_member": ("any", "org"), "partner": ("org", "org"), "alumnus": ("person", "org"),
    "family": ("person", "person"),
}
# kind -> (strong key column, index attribute, name column, names must be unique)
_IDENTITY = {"organisation": ("tax_code", "org", "name", True),
             "person": ("email", "person", "full_name", False)}


@dataclass(frozen=True)
class Problem:
    """One fault (or warning) at a row and column, with its message in both languages."""

    row: int
    column: str
    code: str
    params: dict = field(default_factory=dict)
    severity: str = "error"
    header: str = ""  # the column as the file names it; column is the spec's key

    def message(self, lang: str = "vi") -> str:
        vi, en = MESSAGES[self.code]
        return (en if lang == "en" else vi).format(**self.params)

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "header": self.header, "code": self.code,
                "severity": self.severity, "vi": self.message("vi"), "en": self.message("en")}
