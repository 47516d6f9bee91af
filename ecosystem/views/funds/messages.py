"""The words for a fund refusal: service codes become translated messages with their figures."""
from decimal import Decimal

from flask_babel import gettext as _, lazy_gettext as _l

from ecosystem.formatting import format_vnd
from ecosystem.views.errors import Messages, upload_quota_text

MESSAGES = {
    "needs_tax_code": _l("Chỉ doanh nghiệp có mã số doanh nghiệp mới lập Quỹ KH&CN trên hệ thống."),
    "fund_exists": _l("Doanh nghiệp này đã có Quỹ KH&CN."),
    "sent_before_decision": _l("Ngày gửi Sở không thể trước ngày quyết định thành lập Quỹ."),
    "self_ownership": _l("Công ty mẹ và công ty con phải là hai doanh nghiệp khác nhau."),
    "share_range": _l("Tỷ lệ sở hữu phải lớn hơn 0 và không quá 100 %%."),
    "key_reused": _l("Biểu mẫu này đã được gửi cho một Quỹ khác. Vui lòng tải lại trang."),
    "tax_year_range": _l("Kỳ tính thuế phải từ năm 2000 đến năm %(latest)s."),
    "cit_rate_range": _l("Thuế suất thuế TNDN phải từ 0 đến 50 %%."),
    "override_officer_only": _l("Số tiền trích phải bằng thu nhập tính thuế × tỷ lệ trích (%(computed)s); "
                                "chỉ cán bộ Sở được điều chỉnh."),
    "rate_out_of_range": _l("Tỷ lệ trích phải lớn hơn 0 và không quá %(max_rate)s (bộ quy tắc %(rule_set)s)."),
    "rate_below_state_minimum": _l("Doanh nghiệp nhà nước phải trích tối thiểu %(min_rate)s "
                                   "(bộ quy tắc %(rule_set)s)."),
    "override_needs_reason": _l("Số tiền trích khác %(computed)s (thu nhập × tỷ lệ): cần ghi lý do điều chỉnh."),
    "amount_above_cap": _l("Số tiền trích vượt mức tối đa %(max_rate)s thu nhập tính thuế "
                           "(bộ quy tắc %(rule_set)s)."),
    "no_rule_set": _l("Chưa có bộ quy tắc Quỹ KH&CN nào áp dụng cho kỳ tính thuế %(year)s."),
    "bad_amount": _l("Số tiền không hợp lệ."),
    "year_taken": _l("Năm %(year)s đã có bút toán trích lập. Muốn sửa, hãy đảo bút toán cũ rồi ghi lại."),
    "category": _l("Nội dung chi không thuộc danh mục được phép (bộ quy tắc %(rule_set)s)."),
    "misuse_officer_only": _l("Chỉ cán bộ Sở được ghi nhận khoản chi không đúng mục đích."),
    "beyond_balance": _l("Số dư Quỹ có thể sử dụng vào ngày này chỉ còn %(available)s. Hãy giảm số tiền "
                         "hoặc ghi nhận là khoản ứng trước."),
    "amount_positive": _l("Số tiền phải lớn hơn 0."),
    "future_day": _l("Không ghi nhận khoản chi cho một ngày trong tương lai."),
    "not_wholly_owned": _l("Chỉ được điều chuyển Quỹ giữa công ty mẹ và công ty con sở hữu 100 %% "
                           "vào ngày điều chuyển."),
    "record_from_sender": _l("Doanh nghiệp kia đã có Quỹ trên hệ thống: hãy ghi điều chuyển đi từ Quỹ của "
                             "bên chuyển, phần nhận được ghi tự động."),
    "transfer_year": _l("Khoản nhận điều chuyển cần năm trích lập (không sau năm nhận) và thuế suất TNDN."),
    "transfer_backdated": _l("Không ghi điều chuyển đi với ngày trước các khoản chi đã ghi."),
    "not_reversible": _l("Bút toán này không thể đảo (đã đảo, được ghi tự động, hoặc không thuộc Quỹ này)."),
    "reason_required": _l("Cần ghi lý do."),
    "staff_entry": _l("Bút toán do cán bộ Sở ghi nhận chỉ cán bộ Sở được đảo."),
}
UPLOAD_MESSAGES = {
    "upload.empty": _l("Tệp rỗng."),
    "upload.too_large": _l("Tệp quá lớn."),
    "upload.quota_exceeded": upload_quota_text,
    "upload.type_not_allowed": _l("Chỉ nhận tệp PDF hoặc ảnh (PNG, JPEG, WebP)."),
}


def _shown(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return format_vnd(value)
    if isinstance(value, Decimal):
        return f"{(value * 100).normalize():f} %"
    return value


def _shown_params(params: dict) -> dict:
    return {key: value if key in ("year", "latest") else _shown(value) for key, value in params.items()}


def _unknown(error) -> str:
    return _("Không thể ghi bút toán (%(code)s).", code=error.code)


# Literal per cents are written %% so filling a sentence never fails.
FUNDS = Messages({**MESSAGES, **UPLOAD_MESSAGES}, shown=_shown_params, fallback=_unknown)
