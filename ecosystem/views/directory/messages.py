"""The words for a directory refusal (the startup pages use them too, for the same fields)."""
from flask_babel import lazy_gettext as _l

from ecosystem.forms.fields import UNSAFE_URL
from ecosystem.views.errors import Messages

TAX_CODE_TAKEN = _l("Mã số doanh nghiệp này đã được đăng ký cho tổ chức khác.")
WARD_UNKNOWN = _l("Phường/xã này không có trong danh mục của TP. Hồ Chí Minh từ 1/7/2025. "
                  "Hãy chọn trong danh sách gợi ý (gõ không dấu cũng được).")
DIRECTORY = Messages({"tax_code_taken": TAX_CODE_TAKEN, "ward_unknown": WARD_UNKNOWN, "unsafe_url": UNSAFE_URL})
