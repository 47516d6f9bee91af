"""Forms of IP records, labs, international partners, cooperation agreements and the digest opt-in."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ecosystem.forms.fields import MultiCheckbox
from ecosystem.models.ip_labs import IP_RECORD_STATUSES, IP_TYPES
from ecosystem.models.partners import PARTNER_KINDS

REQUIRED = _l("Trường này là bắt buộc.")


class IPRecordForm(FlaskForm):
    ip_type = SelectField(_l("Loại tài sản trí tuệ"), choices=list(IP_TYPES.items()))
    title = StringField(_l("Tên đối tượng"), validators=[DataRequired(REQUIRED), Length(max=300)])
    number = StringField(_l("Số đơn / số văn bằng"), validators=[DataRequired(REQUIRED), Length(max=60)])
    filing_date = DateField(_l("Ngày nộp đơn"), validators=[DataRequired(REQUIRED)])
    grant_date = DateField(_l("Ngày cấp văn bằng"), validators=[Optional()])
    status = SelectField(_l("Tình trạng"), choices=list(IP_RECORD_STATUSES.items()))


class LabForm(FlaskForm):
    organisation = SelectField(_l("Đơn vị chủ quản"), coerce=int)
    name = StringField(_l("Tên phòng thí nghiệm"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Giới thiệu"), validators=[Optional(), Length(max=5000)])
    sectors = MultiCheckbox(_l("Lĩnh vực"), coerce=int)
    equipment = TextAreaField(_l("Danh mục thiết bị (mỗi dòng một thiết bị)"), validators=[Optional(), Length(max=5000)])
    services = TextAreaField(_l("Dịch vụ cho startup"), validators=[Optional(), Length(max=5000)])
    accreditation = StringField(_l("Công nhận (ví dụ ISO/IEC 17025:2017)"), validators=[Optional(), Length(max=120)])
    certificate_number = StringField(_l("Số chứng chỉ công nhận"), validators=[Optional(), Length(max=60)])
    accreditation_expires_on = DateField(_l("Ngày hết hạn công nhận"), validators=[Optional()])
    recognition_number = StringField(_l("Số quyết định công nhận của tỉnh"), validators=[Optional(), Length(max=60)])
    recognition_date = DateField(_l("Ngày quyết định"), validators=[Optional()])
    active = BooleanField(_l("Đang hoạt động"), default=True)


class LabRequestForm(FlaskForm):
    organisation = SelectField(_l("Startup đăng ký"), coerce=int)
    title = StringField(_l("Nội dung cần thử nghiệm"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Thời gian mong muốn và yêu cầu"), validators=[Optional(), Length(max=3000)])


class PartnerForm(FlaskForm):
    organisation = SelectField(_l("Tổ chức"), coerce=int)
    country = SelectField(_l("Quốc gia"))
    partner_kind = SelectField(_l("Loại đối tác"), choices=list(PARTNER_KINDS.items()))


class AgreementForm(FlaskForm):
    organisation = SelectField(_l("Bên trong nước"), coerce=int)
    partner = SelectField(_l("Đối tác nước ngoài"), coerce=int)
    title = StringField(_l("Tên thoả thuận"), validators=[DataRequired(REQUIRED), Length(max=200)])
    scope = TextAreaField(_l("Phạm vi hợp tác"), validators=[DataRequired(REQUIRED), Length(max=5000)])
    signed_on = DateField(_l("Ngày ký"), validators=[DataRequired(REQUIRED)])
    expires_on = DateField(_l("Ngày hết hạn"), validators=[Optional()])


class DigestSubscriptionForm(FlaskForm):
    subscribed = BooleanField(_l("Nhận bản tin Chợ công nghệ hằng tháng qua e-mail"))
