"""Controlled vocabularies shared by models, forms and filters, with their display labels."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import Enum

ORG_KINDS = {
    "startup": _l("Startup"),
    "club": _l("Câu lạc bộ khởi nghiệp"),
    "incubator": _l("Vườn ươm"),
    "accelerator": _l("Tổ chức thúc đẩy kinh doanh"),
    "coworking": _l("Không gian làm việc chung"),
    "fablab": _l("Fablab / phòng thí nghiệm"),
    "university": _l("Trường đại học"),
    "research_institute": _l("Viện nghiên cứu"),
    "enterprise": _l("Doanh nghiệp"),
    "fund": _l("Quỹ đầu tư"),
    "investor_firm": _l("Công ty đầu tư"),
    "government": _l("Cơ quan nhà nước"),
    "support_org": _l("Tổ chức hỗ trợ"),
}
STAGES = {
    "idea": _l("Ý tưởng"),
    "pre_seed": _l("Tiền ươm mầm (pre-seed)"),
    "seed": _l("Ươm mầm (seed)"),
    "series_a_plus": _l("Series A trở lên"),
    "growth": _l("Tăng trưởng"),
}
SIZE_CLASSES = {
    "micro": _l("Siêu nhỏ"),
    "small": _l("Nhỏ"),
    "medium": _l("Vừa"),
    "large": _l("Lớn"),
}
ORG_STATUSES = {
    "pending": _l("Chờ xác minh"),
    "verified": _l("Đã xác minh"),
    "archived": _l("Đã lưu trữ"),
}
VISIBILITY = {
    "public": _l("Công khai"),
    "members": _l("Chỉ thành viên đăng nhập"),
    "private": _l("Riêng tư"),
}
LANGUAGES = {"vi": _l("Tiếng Việt"), "en": _l("Tiếng Anh"), "zh": _l("Tiếng Trung"),
             "ja": _l("Tiếng Nhật"), "ko": _l("Tiếng Hàn")}
ROLES = {
    "admin": _l("Quản trị hệ thống"),
    "officer": _l("Cán bộ Sở KH&CN"),
    "coordinator": _l("Điều phối viên CLB"),
    "mentor": _l("Cố vấn"),
    "investor": _l("Nhà đầu tư"),
    "judge": _l("Giám khảo"),
    "startup": _l("Thành viên startup"),
}
# Roles that staff grant: asked for at sign-up, never taken on the person's word.
REQUESTABLE_ROLES = ("mentor", "investor", "judge", "coordinator")
ROLE_REQUEST_STATUSES = {
    "pending": _l("Chờ duyệt"),
    "approved": _l("Đã duyệt"),
    "declined": _l("Từ chối"),
}
RELATION_KINDS = {
    "founder": _l("Nhà sáng lập"),
    "employee": _l("Nhân sự"),
    "member": _l("Thành viên"),
    "mentor": _l("Cố vấn"),
    "investor": _l("Nhà đầu tư"),
    "resident": _l("Được ươm tạo tại"),
    "club_member": _l("Thành viên CLB"),
    "partner": _l("Đối tác"),
    "alumnus": _l("Cựu sinh viên"),
    "family": _l("Quan hệ gia đình"),
    "technology_transfer": _l("Chuyển giao công nghệ cho"),
    "cooperation_agreement": _l("Thoả thuận hợp tác với"),
}
STARTUP_KINDS = ("startup",)
CLUB_KINDS = ("club",)
HOST_KINDS = ("incubator", "coworking", "accelerator")
INVESTOR_ORG_KINDS = ("fund", "investor_firm")


def enum_type(values, name: str) -> Enum:
    """A portable enum: VARCHAR with a CHECK constraint, the same on SQLite and PostgreSQL."""
    return Enum(*values, name=name, native_enum=False, create_constraint=True, length=24)


def label(vocab: dict, code: str | None) -> str:
    """Display label for a code, the code itself when unknown (never a blank cell)."""
    if not code:
        return ""
    return str(vocab.get(code, code))
