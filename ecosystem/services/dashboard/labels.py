"""Titles of the dashboard's indicators and labels of their breakdown codes, in the reader's language.

Panels hold codes (stage 'seed', sector 'agritech', row 'appropriated'); pages, charts and the
annual report turn them into words here, so every figure carries the same name everywhere.
"""
import json
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from ecosystem.i18n import current_locale
from ecosystem.models import vocab

try:  # the techmart domain's deal states, when it is installed
    from ecosystem.models.techmart import DEAL_STATES
except ImportError:
    DEAL_STATES = {}
try:  # the IP record types, when the techmart IP records are installed
    from ecosystem.models.ip_labs import IP_TYPES
except ImportError:
    IP_TYPES = {}
try:  # the events domain's kinds, when it is installed
    from ecosystem.models.events import EVENT_KINDS
except ImportError:
    EVENT_KINDS = {}

TITLES = {
    "startups_by_stage": _l("Startup theo giai đoạn"),
    "startups_by_sector": _l("Startup theo lĩnh vực"),
    "startups_by_place": _l("Startup theo địa bàn"),
    "startups_supported": _l("Startup được hỗ trợ trong kỳ"),
    "support_organisations": _l("Vườn ươm, tổ chức thúc đẩy, không gian làm việc chung, fablab, CLB"),
    "mentors_investors": _l("Cố vấn và nhà đầu tư trong mạng lưới"),
    "capital_raised": _l("Startup gọi vốn thành công và số vốn"),
    "ma_deals": _l("Thương vụ mua bán, sáp nhập (M&A)"),
    "support_requests": _l("Yêu cầu hỗ trợ theo loại"),
    "matching": _l("Kết nối: gợi ý và giới thiệu"),
    "events": _l("Sự kiện và người tham dự"),
    "st_enterprises": _l("Doanh nghiệp khoa học và công nghệ"),
    "iso_certified": _l("Doanh nghiệp được chứng nhận ISO 9001 / ISO 56000 với hỗ trợ của chương trình"),
    "st_funds": _l("Quỹ phát triển KH&CN của doanh nghiệp"),
    "awards": _l("Giải thưởng: đề cử và đoạt giải"),
    "technology_deals": _l("Thương vụ chuyển giao công nghệ theo trạng thái"),
    "technology_contracts": _l("Hợp đồng chuyển giao công nghệ đã ký và giá trị"),
    "ip_outcomes": _l("Đơn đăng ký và văn bằng sở hữu trí tuệ"),
}
SERIES = {
    "new": _l("Startup mới"), "filed": _l("Đã gửi"), "resolved": _l("Đã giải quyết"),
    "events": _l("Sự kiện"), "participants": _l("Lượt tham dự"), "issued": _l("Giấy chứng nhận cấp mới"),
    "appropriated": _l("Trích lập"), "used": _l("Sử dụng"), "amount_vnd": _l("Số vốn (VND)"),
    "iso_9001": _l("ISO 9001"), "iso_56000": _l("Bộ ISO 56000"),
    "contracts": _l("Hợp đồng đã ký"), "contract_value": _l("Giá trị hợp đồng (VND)"),
    "applications": _l("Đơn đăng ký"), "grants": _l("Văn bằng được cấp"),
}
ROW_LABELS = {
    "network_role": {"mentors": _l("Cố vấn"), "angel_investors": _l("Nhà đầu tư cá nhân"),
                     "investor_organisations": _l("Quỹ và công ty đầu tư")},
    "capital": {"startups_raised": _l("Startup gọi vốn thành công"), "deals": _l("Số thương vụ"),
                "amount_vnd": _l("Tổng số vốn (VND)")},
    "share": {"supported": _l("Được hỗ trợ"), "not_supported": _l("Chưa được hỗ trợ")},
    "matching": {"suggestions_total": _l("Gợi ý kết nối"), "suggestions_accepted": _l("Gợi ý được chấp nhận"),
                 "introductions_total": _l("Đề nghị giới thiệu"), "introductions_accepted": _l("Giới thiệu thành công")},
    "certification": {"issued": _l("Cấp mới trong kỳ"), "valid_at_end": _l("Còn hiệu lực cuối kỳ")},
    "standard": {"iso_9001": _l("Doanh nghiệp đạt TCVN ISO 9001"), "iso_56000": _l("Doanh nghiệp đạt bộ ISO 56000"),
                 "co_funding_vnd": _l("Kinh phí chương trình hỗ trợ (VND)")},
    "fund_money": {"appropriated": _l("Trích lập (VND)"), "used": _l("Sử dụng (VND)"),
                   "at_risk": _l("Có nguy cơ phải nộp thuế (VND)"),
                   "owed": _l("Phải nộp: thuế TNDN và lãi (VND)")},
    "awards": {"nominations": _l("Đề cử"), "winners": _l("Đoạt giải")},
    "transfer_money": {"contracts": _l("Hợp đồng đã ký"), "contract_value": _l("Tổng giá trị hợp đồng (VND)")},
    "request_state": {"draft": _l("Nháp"), "submitted": _l("Đã gửi"), "triaged": _l("Đã phân loại"),
                      "assigned": _l("Đã giao"), "in_progress": _l("Đang xử lý"), "resolved": _l("Đã giải quyết"),
                      "declined": _l("Từ chối"), "withdrawn": _l("Đã rút")},
    "stage": vocab.STAGES, "org_kind": vocab.ORG_KINDS, "event_kind": EVENT_KINDS,
    "deal_state": DEAL_STATES,
    "ip_type": {"applications": _l("Đơn đăng ký nộp trong kỳ"), "grants": _l("Văn bằng được cấp trong kỳ"),
                **IP_TYPES},
}
UNKNOWN = _l("Chưa rõ")
FIGURE_SOURCES = {"computed": _l("tính từ dữ liệu hệ thống"), "reported": _l("số liệu báo cáo"),
                  "none": _l("chưa có")}
TARGET_STATUS = {"met": _l("Đạt"), "not_met": _l("Chưa đạt"), "no_data": _l("Chưa có số liệu")}
DIMENSIONS = {
    "stage": _l("Giai đoạn"), "sector": _l("Lĩnh vực"), "former_district": _l("Huyện/thị cũ"),
    "ward": _l("Phường/xã"), "org_kind": _l("Loại tổ chức"), "request_type": _l("Loại yêu cầu"),
    "event_kind": _l("Loại sự kiện"), "standard": _l("Tiêu chuẩn"),
    "deal_state": _l("Trạng thái thương vụ"),
    "ip_type": _l("Loại tài sản trí tuệ"),
}


@lru_cache(maxsize=4)
def _named_codes(seeds_dir: str) -> dict:
    """Sector and support-type names from the seed files: {dimension: {code: (vi, en)}}."""
    out = {}
    for dimension, path in (("sector", "demo/sectors.json"), ("request_type", "support_types.json")):
        file = Path(seeds_dir, path)
        rows = json.loads(file.read_text(encoding="utf-8")) if file.exists() else []
        out[dimension] = {row["code"]: (row["vi"], row["en"]) for row in rows}
    return out


def title(code: str) -> str:
    return str(TITLES.get(code, code))


def series_label(code: str) -> str:
    return str(SERIES.get(code, code))


def dimension_label(dimension: str | None) -> str:
    return str(DIMENSIONS.get(dimension, "")) if dimension else ""


def row_label(dimension: str | None, code) -> str:
    """A breakdown code in words; places are already words; unknown codes are shown as they are."""
    if code in (None, "", "unknown"):
        return str(UNKNOWN)
    if dimension in ROW_LABELS:
        return str(ROW_LABELS[dimension].get(code, code))
    named = _named_codes(current_app.config["SEEDS_DIR"]).get(dimension or "", {})
    if code in named:
        vi, en = named[code]
        return en if current_locale() == "en" else vi
    return str(code)
