"""Forms of the technology market: offers, demands, contact requests, deal steps, Techmart sessions."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, DateField, DateTimeLocalField, IntegerField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, URL

from ecosystem.forms.fields import MoneyField, MoneyVND, MultiCheckbox
from ecosystem.forms.once import OnceKey
from ecosystem.models.techmart import IP_STATUSES, TRANSFER_FORMS

REQUIRED = _l("Trường này là bắt buộc.")
TRL_CHOICES = [(n, _l("TRL %(n)s", n=n)) for n in range(1, 10)]
TRL_RANGE = _l("Mức sẵn sàng công nghệ từ 1 đến 9.")


class OfferForm(OnceKey, FlaskForm):
    organisation = SelectField(_l("Tổ chức chào bán"), coerce=int)
    title = StringField(_l("Tên công nghệ"), validators=[DataRequired(REQUIRED), Length(max=200)])
    summary = TextAreaField(_l("Mô tả tóm tắt"), validators=[DataRequired(REQUIRED), Length(max=5000)])
    sectors = MultiCheckbox(_l("Lĩnh vực"), coerce=int, validators=[DataRequired(_l("Chọn ít nhất một lĩnh vực."))])
    trl = SelectField(_l("Mức sẵn sàng công nghệ (TRL)"), coerce=int, choices=TRL_CHOICES,
                      validators=[NumberRange(1, 9, TRL_RANGE)])
    ip_status = SelectField(_l("Tình trạng sở hữu trí tuệ"), choices=list(IP_STATUSES.items()))
    ip_number = StringField(_l("Số đơn / số bằng"), validators=[Optional(), Length(max=60)])
    ip_date = DateField(_l("Ngày nộp đơn / ngày cấp"), validators=[Optional()])
    transfer_forms = MultiCheckbox(_l("Hình thức chuyển giao"), choices=list(TRANSFER_FORMS.items()),
                                   validators=[DataRequired(_l("Chọn ít nhất một hình thức chuyển giao."))])
    price_min_vnd = MoneyField(_l("Giá tham khảo từ (đồng)"), validators=[MoneyVND()])
    price_max_vnd = MoneyField(_l("Giá tham khảo đến (đồng)"), validators=[MoneyVND()])


class OfferFileForm(FlaskForm):
    kind = SelectField(_l("Loại tệp"), choices=[("image", _l("Hình ảnh (PNG, JPEG, WebP)")),
                                                ("document", _l("Tài liệu (PDF)"))])
    upload = FileField(_l("Tệp"), validators=[DataRequired(_l("Chọn một tệp để tải lên."))])


class DemandForm(OnceKey, FlaskForm):
    organisation = SelectField(_l("Doanh nghiệp có nhu cầu"), coerce=int)
    title = StringField(_l("Tên nhu cầu"), validators=[DataRequired(REQUIRED), Length(max=200)])
    problem = TextAreaField(_l("Vấn đề cần giải quyết"), validators=[DataRequired(REQUIRED), Length(max=5000)])
    sectors = MultiCheckbox(_l("Lĩnh vực"), coerce=int, validators=[DataRequired(_l("Chọn ít nhất một lĩnh vực."))])
    trl_wanted = SelectField(_l("Mức sẵn sàng công nghệ tối thiểu (TRL)"), coerce=int, choices=TRL_CHOICES,
                             default=6, validators=[NumberRange(1, 9, TRL_RANGE)])
    budget_min_vnd = MoneyField(_l("Ngân sách từ (đồng)"), validators=[MoneyVND()])
    budget_max_vnd = MoneyField(_l("Ngân sách đến (đồng)"), validators=[MoneyVND()])
    deadline = DateField(_l("Thời hạn cần công nghệ"), validators=[Optional()])
    fund_cofunding = BooleanField(_l("Dự kiến đồng tài trợ từ Quỹ phát triển KH&CN của doanh nghiệp"))


class ContactForm(OnceKey, FlaskForm):
    organisation = SelectField(_l("Liên hệ với tư cách"), coerce=int)
    demand = SelectField(_l("Nhu cầu liên quan"), coerce=int, default=0)
    message = TextAreaField(_l("Lời nhắn"), validators=[Optional(), Length(max=2000)])


class DealStartForm(FlaskForm):
    organisation = SelectField(_l("Bên nhận chuyển giao"), coerce=int)
    demand = SelectField(_l("Nhu cầu liên quan"), coerce=int, default=0)
    session = SelectField(_l("Bắt đầu tại Techmart"), coerce=int, default=0)
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])


class DealMoveForm(FlaskForm):
    target = SelectField(_l("Bước tiếp theo"))
    contract_value_vnd = MoneyField(_l("Giá trị hợp đồng (đồng)"), validators=[MoneyVND()])
    contract_form = SelectField(_l("Hình thức chuyển giao"), choices=[("", "—"), *TRANSFER_FORMS.items()],
                                default="")
    contract_date = DateField(_l("Ngày ký hợp đồng"), validators=[Optional()])
    reason = TextAreaField(_l("Lý do dừng"), validators=[Optional(), Length(max=2000)])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])


class ContactDecisionForm(FlaskForm):
    decision = SelectField(choices=[("accept", _l("Đồng ý")), ("decline", _l("Từ chối"))])


class SessionForm(OnceKey, FlaskForm):
    title = StringField(_l("Tên phiên Techmart"), validators=[DataRequired(REQUIRED), Length(max=200)])
    organiser_id = SelectField(_l("Đơn vị tổ chức"), coerce=int)
    starts_at = DateTimeLocalField(_l("Bắt đầu"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(REQUIRED)])
    ends_at = DateTimeLocalField(_l("Kết thúc"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(REQUIRED)])
    online_url = StringField(_l("Đường dẫn phòng họp trực tuyến"),
                             validators=[Optional(), URL(message=_l("Địa chỉ web không hợp lệ.")), Length(max=500)])
    venue = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=300)])
    meeting_minutes = IntegerField(_l("Thời lượng mỗi buổi gặp (phút)"),
                                   validators=[DataRequired(REQUIRED), NumberRange(5, 240)])
    description = TextAreaField(_l("Giới thiệu"), validators=[Optional(), Length(max=5000)])


class BoothForm(OnceKey, FlaskForm):
    organisation = SelectField(_l("Đơn vị trưng bày"), coerce=int)
    offers = MultiCheckbox(_l("Công nghệ trưng bày"), coerce=int,
                           validators=[DataRequired(_l("Chọn ít nhất một công nghệ."))])
    capacity = IntegerField(_l("Số buổi gặp 1:1 tối đa"), validators=[DataRequired(REQUIRED), NumberRange(1, 200)])


class BookForm(FlaskForm):
    organisation = SelectField(_l("Doanh nghiệp của bạn"), coerce=int)
    demand = SelectField(_l("Nhu cầu muốn trao đổi"), coerce=int, default=0)
