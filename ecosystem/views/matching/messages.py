"""Messages for matching's refusal codes, in the reader's language."""
from flask_babel import lazy_gettext as _l

from ecosystem.views.errors import Messages

MESSAGES = {
    "not_a_startup": _l("Tổ chức này không phải startup."),
    "bad_verdict": _l("Phản hồi không hợp lệ."),
    "bad_rating": _l("Điểm đánh giá phải từ 1 đến 5."),
    "not_mentored": _l("Chỉ đánh giá được cố vấn đã làm việc với startup này."),
    "self": _l("Không thể tự giới thiệu với chính mình."),
    "path_gone": _l("Đường kết nối này không còn; hãy xem lại các đường hiện có."),
    "connector_unreachable": _l("Người kết nối chưa có tài khoản để nhận đề nghị."),
    "target_unreachable": _l("Người bạn muốn gặp chưa có tài khoản để nhận lời giới thiệu."),
    "already_requested": _l("Đã có một đề nghị giới thiệu tới người này đang chờ hoặc đã thành công."),
    "not_your_turn": _l("Bạn không thể thực hiện bước này lúc này."),
    "bad_cohort": _l("Tổ chức và nhóm startup không khớp nhau."),
    "empty_cohort": _l("Nhóm này chưa có startup nào."),
    "plan_closed": _l("Đợt ghép cặp này đã chốt hoặc đã huỷ."),
    "not_in_pool": _l("Cố vấn này không thuộc nhóm cố vấn của đợt."),
    "over_capacity": _l("Cố vấn này không còn chỗ trống."),
}


def error_text(code: str) -> str:
    return str(MESSAGES.get(code, code))


MATCHING = Messages(MESSAGES)
