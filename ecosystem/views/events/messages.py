"""Reason codes of the events domain in words (codes stay in services)."""
from flask_babel import gettext as _, lazy_gettext as _l

from ecosystem.formatting import format_moment

from ecosystem.forms.fields import UNSAFE_URL
from ecosystem.views.errors import Messages

MESSAGES = {
    # registration (see services/event_rules.py)
    "already_registered": _l("Bạn đã đăng ký sự kiện này."),
    "registration_not_open": _l("Chưa mở đăng ký."),
    "registration_closed": _l("Đã hết hạn đăng ký."),
    "event_started": _l("Sự kiện đã bắt đầu."),
    "members_only": _l("Sự kiện chỉ dành cho thành viên của đơn vị tổ chức."),
    "invitation_required": _l("Sự kiện chỉ dành cho khách được mời."),
    "event_not_open": _l("Sự kiện không nhận đăng ký (bản nháp hoặc đã huỷ)."),
    "not_your_startup": _l("Bạn không quản lý startup này."),
    "answer_required": _l("Vui lòng trả lời các câu hỏi bắt buộc."),
    "already_checked_in": _l("Mã này đã được dùng để check-in."),
    "event_over": _l("Sự kiện đã kết thúc."),
    "capacity_below_confirmed": _l("Số chỗ không thể nhỏ hơn số người đã được xác nhận."),
    # event form
    "ends_before_start": _l("Giờ kết thúc phải sau giờ bắt đầu."),
    "window_order": _l("Hạn đóng đăng ký phải sau thời điểm mở."),
    "closes_after_start": _l("Đăng ký phải đóng trước khi sự kiện bắt đầu."),
    "needs_place": _l("Cần địa điểm hoặc đường dẫn trực tuyến."),
    "event_cancelled": _l("Sự kiện đã huỷ thì không thể công bố lại hay chuyển về bản nháp."),
    "unsafe_url": UNSAFE_URL,
    # check-in desk
    "unknown_code": _l("Không tìm thấy mã này. Kiểm tra lại hoặc tìm theo tên."),
    "wrong_event": _l("Mã này thuộc một sự kiện khác."),
    "cancelled": _l("Đăng ký này đã bị huỷ."),
    "waiting": _l("Người này đang ở danh sách chờ. Chọn “Cho vào” nếu còn chỗ tại chỗ."),
    "checkin_early": lambda e: _("Chưa đến giờ check-in: quầy mở từ %(time)s. Cán bộ Sở có thể check-in sớm "
                                 "khi nêu lý do.", time=format_moment(e.params["opens"])),
    "checkin_late": lambda e: _("Đã hết giờ check-in (quầy đóng lúc %(time)s). Cán bộ Sở có thể check-in muộn "
                                "khi nêu lý do.", time=format_moment(e.params["closes"])),
    # feedback
    "not_yours": _l("Phiếu góp ý này không phải của bạn."),
    "not_over": _l("Sự kiện chưa kết thúc."),
    "closed": _l("Đã hết hạn góp ý."),
    "already_given": _l("Bạn đã góp ý cho sự kiện này. Cảm ơn bạn!"),
    "rating_range": _l("Chọn từ 1 đến 5 sao."),
    # clubs
    "not_a_club": _l("Tổ chức này không phải câu lạc bộ."),
    "not_your_org": _l("Bạn không quản lý tổ chức này."),
    "needs_person": _l("Tài khoản của bạn chưa gắn với hồ sơ cá nhân; hãy gia nhập thay mặt startup."),
    "already_member": _l("Đã là thành viên câu lạc bộ."),
    "already_requested": _l("Yêu cầu gia nhập đang chờ điều phối viên duyệt."),
    "already_decided": _l("Yêu cầu này đã được xử lý."),
    # office hours
    "slot_past": _l("Khung giờ này đã qua."),
    "slot_too_soon": _l("Khung giờ này sắp bắt đầu, không thể đặt nữa."),
    "slot_taken": _l("Khung giờ này đã có người đặt."),
    "not_a_startup": _l("Chỉ startup mới đặt được giờ tư vấn."),
    "own_slot": _l("Không thể tự đặt khung giờ của mình."),
    "withdrawn": _l("Cố vấn đã rút khung giờ này."),
    "not_booked": _l("Khung giờ này chưa có ai đặt."),
    "bad_length": _l("Thời lượng hoặc số khung giờ không hợp lệ."),
    "overlap": _l("Các khung giờ trùng với khung giờ bạn đã công bố."),
}


def message(code: str) -> str:
    """The words for a refusal code (also the codes the rules return without raising)."""
    return str(MESSAGES.get(code, code))


def _whose(error) -> list[str]:
    """A refused check-in names the registration, so the desk sees whose code it was."""
    registration = error.params.get("registration")
    return [f"— {registration.name}"] if registration is not None else []


EVENTS = Messages(MESSAGES, lines=_whose)
