"""Personal-data forms: a consent box for the public forms, a data subject's request, an admin's answer."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ecosystem.models.privacy import PRIVACY_REQUEST_KINDS

CONSENT_NEEDED = _l("Vui lòng đồng ý để tiếp tục.")


def consent_field(label) -> BooleanField:
    """The box a form ticks before personal data is taken (the notice is linked beside it)."""
    return BooleanField(label, validators=[DataRequired(CONSENT_NEEDED)])


class PrivacyRequestForm(FlaskForm):
    kind = SelectField(_l("Bạn muốn"), choices=[(code, PRIVACY_REQUEST_KINDS[code])
                                                for code in ("correct", "restrict", "delete")],
                       validators=[DataRequired(_l("Vui lòng chọn loại yêu cầu."))])
    details = TextAreaField(_l("Nội dung (với yêu cầu chỉnh sửa: dữ liệu nào, sửa thành gì)"),
                            validators=[Optional(), Length(max=4000, message=_l("Tối đa 4000 ký tự."))])


class HandleRequestForm(FlaskForm):
    action = SelectField(_l("Xử lý"), choices=[
        ("start", _l("Bắt đầu xử lý")), ("done", _l("Đã thực hiện")), ("refuse", _l("Từ chối"))],
        validators=[DataRequired(_l("Vui lòng chọn cách xử lý."))])
    note = TextAreaField(_l("Ghi chú kết quả / lý do từ chối"),
                         validators=[Optional(), Length(max=4000, message=_l("Tối đa 4000 ký tự."))])

    def validate_note(self, field) -> None:
        if self.action.data == "refuse" and not (field.data or "").strip():
            raise ValidationError(_l("Khi từ chối phải nêu lý do."))
