"""Forms of the reach pages: Zalo number, broadcasts and audiences (preferences are a checkbox grid)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class ZaloForm(FlaskForm):
    phone = StringField(_l("Số điện thoại Zalo"), validators=[Optional(), Length(max=20)])
    consent = BooleanField(_l("Tôi đồng ý nhận thông báo qua Zalo tới số này (Zalo Notification Service)"))


class AudienceForm(FlaskForm):
    name = StringField(_l("Tên nhóm nhận"), validators=[DataRequired(), Length(max=200)])
    target = SelectField(_l("Gửi tới"), choices=[])  # "club:12", "event:5", "directory:mentor" …


class BroadcastForm(FlaskForm):
    audience_id = SelectField(_l("Nhóm nhận"), coerce=int, choices=[])
    subject = StringField(_l("Tiêu đề"), validators=[DataRequired(), Length(max=300)])
    body = TextAreaField(_l("Nội dung"), validators=[DataRequired(), Length(max=20000)])
    subject_en = StringField(_l("Tiêu đề (tiếng Anh, không bắt buộc)"), validators=[Optional(), Length(max=300)])
    body_en = TextAreaField(_l("Nội dung (tiếng Anh, không bắt buộc)"), validators=[Optional(), Length(max=20000)])
    reply_to = StringField(_l("Địa chỉ nhận thư trả lời"), validators=[Optional(), Length(max=254)])
