"""The words for a directory refusal, next to the field it concerns (startup pages use them too)."""
from flask_babel import gettext as _


def directory_message(code: str) -> str:
    messages = {
        "tax_code_taken": _("Mã số doanh nghiệp này đã được đăng ký cho tổ chức khác."),
        "ward_unknown": _("Phường/xã này không có trong danh mục của TP. Hồ Chí Minh từ 1/7/2025. "
                          "Hãy chọn trong danh sách gợi ý (gõ không dấu cũng được)."),
    }
    return messages.get(code, code)


def show_refusal(form, error) -> None:
    """Put a DirectoryError's message under its field (or the form's first field)."""
    field = form[error.field] if error.field and error.field in form else next(iter(form))
    field.errors = [*field.errors, directory_message(error.code)]
