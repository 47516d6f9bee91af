"""The form that makes a personal access token for the API."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ecosystem.forms.fields import MultiCheckbox

SCOPE_LABELS = {
    "read": _l("Đọc mọi dữ liệu bạn được xem"),
    "write": _l("Ghi mọi nơi bạn được ghi"),
}


class TokenForm(FlaskForm):
    name = StringField(_l("Tên mã (để bạn nhận ra)"), validators=[
        DataRequired(_l("Vui lòng đặt tên cho mã.")), Length(max=80)])
    scopes = MultiCheckbox(_l("Phạm vi quyền"), validators=[DataRequired(_l("Chọn ít nhất một quyền."))])
    days = IntegerField(_l("Hết hạn sau (ngày)"), validators=[Optional(), NumberRange(1, 3650)])


class WebhookForm(FlaskForm):
    url = StringField(_l("Địa chỉ nhận (https://)"), validators=[
        DataRequired(_l("Vui lòng nhập địa chỉ.")), Length(max=500)])
    organisation = SelectField(_l("Cho tổ chức"))
    events = MultiCheckbox(_l("Sự kiện"), validators=[DataRequired(_l("Chọn ít nhất một sự kiện."))])
