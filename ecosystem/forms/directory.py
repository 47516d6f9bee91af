"""Organisation, person and relationship forms; choices come from the vocabularies and the DB."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, EmailField, IntegerField, SelectField,
                     StringField, TextAreaField, URLField)
from wtforms.validators import (DataRequired, Email, NumberRange, Optional, Length,
                                ValidationError)

from ecosystem.forms.fields import ListField, MoneyField, MoneyVND, MultiCheckbox, TaxCode, WebUrl
from ecosystem.forms.once import OnceKey
from ecosystem.models import vocab

REQUIRED = _l("Trường này là bắt buộc.")


def _choices(mapping, blank=False):
    items = [(code, text) for code, text in mapping.items()]
    return ([("", _l("— Không chọn —"))] if blank else []) + items


def optional_select(label, mapping) -> SelectField:
    """A drop-down whose first entry means "none"; a missing value is the same as none."""
    return SelectField(label, choices=_choices(mapping, blank=True), default="",
                       validate_choice=True, filters=[lambda v: v or ""])


# The ward input suggests the city's units (templates/_ward_list.html); the server accepts them without accents.
WARD_INPUT = {"list": "ward-units", "autocomplete": "off"}


class AddressFields:
    """City and ward; the former province and district are derived from the ward (the 2025 list)."""

    city = StringField(_l("Tỉnh/Thành phố"), validators=[Optional(), Length(max=120)])
    ward = StringField(_l("Phường/Xã"), validators=[Optional(), Length(max=120)], render_kw=WARD_INPUT)


class OrganisationForm(OnceKey, AddressFields, FlaskForm):
    kind = SelectField(_l("Loại tổ chức"), choices=_choices(vocab.ORG_KINDS))
    name = StringField(_l("Tên (tiếng Việt)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Tên tiếng Anh"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Giới thiệu"), validators=[Optional(), Length(max=5000)])
    sectors = MultiCheckbox(_l("Lĩnh vực"), coerce=int)
    technologies = ListField(_l("Công nghệ / từ khoá (cách nhau bởi dấu phẩy)"))
    stage = optional_select(_l("Giai đoạn (startup)"), vocab.STAGES)
    founded_on = DateField(_l("Ngày thành lập"), validators=[Optional()])
    first_registered_on = DateField(_l("Ngày đăng ký kinh doanh lần đầu"), validators=[Optional()])
    tax_code = StringField(_l("Mã số doanh nghiệp"), validators=[Optional(), TaxCode()])
    street = StringField(_l("Địa chỉ (số nhà, đường)"), validators=[Optional(), Length(max=200)])
    website = URLField(_l("Website"), validators=[Optional(), WebUrl(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[
        Optional(), Email(_l("E-mail không hợp lệ."), check_deliverability=False)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=30)])
    size_class = optional_select(_l("Quy mô doanh nghiệp"), vocab.SIZE_CLASSES)
    state_owned = BooleanField(_l("Doanh nghiệp nhà nước"))

    def validate_stage(self, field):
        if field.data and self.kind.data != "startup":
            raise ValidationError(_l("Chỉ startup mới có giai đoạn."))

    def validate_first_registered_on(self, field):
        if field.data and self.founded_on.data and field.data < self.founded_on.data:
            raise ValidationError(_l("Ngày đăng ký không thể trước ngày thành lập."))


class PersonForm(OnceKey, AddressFields, FlaskForm):
    full_name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=160)])
    title = StringField(_l("Chức danh"), validators=[Optional(), Length(max=200)])
    bio = TextAreaField(_l("Giới thiệu"), validators=[Optional(), Length(max=5000)])
    sectors = MultiCheckbox(_l("Lĩnh vực chuyên môn"), coerce=int)
    languages = MultiCheckbox(_l("Ngôn ngữ"), choices=_choices(vocab.LANGUAGES))
    email = EmailField(_l("E-mail"), validators=[
        Optional(), Email(_l("E-mail không hợp lệ."), check_deliverability=False)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=30)])
    contact_visibility = SelectField(_l("Ai được xem thông tin liên hệ"),
                                     choices=_choices(vocab.VISIBILITY))
    is_mentor = BooleanField(_l("Là cố vấn"))
    mentor_topics = ListField(_l("Chủ đề cố vấn"))
    mentor_stages = MultiCheckbox(_l("Giai đoạn cố vấn"), choices=_choices(vocab.STAGES))
    mentor_capacity = IntegerField(_l("Số startup tối đa cùng lúc"), default=2,
                                   validators=[Optional(), NumberRange(0, 50)])
    mentor_available = BooleanField(_l("Đang nhận startup mới"), default=True)
    is_investor = BooleanField(_l("Là nhà đầu tư"))
    investor_sectors = MultiCheckbox(_l("Lĩnh vực đầu tư"), coerce=int)
    investor_stages = MultiCheckbox(_l("Giai đoạn đầu tư"), choices=_choices(vocab.STAGES))
    ticket_min_vnd = MoneyField(_l("Khoản đầu tư tối thiểu (₫)"), validators=[MoneyVND()])
    ticket_max_vnd = MoneyField(_l("Khoản đầu tư tối đa (₫)"), validators=[MoneyVND()])
    geography = StringField(_l("Địa bàn đầu tư"), validators=[Optional(), Length(max=200)])
    is_judge = BooleanField(_l("Giám khảo"))
    is_coordinator = BooleanField(_l("Điều phối viên"))

    def validate_ticket_max_vnd(self, field):
        low = self.ticket_min_vnd.data
        if isinstance(low, int) and isinstance(field.data, int) and field.data < low:
            raise ValidationError(_l("Khoản tối đa phải lớn hơn hoặc bằng khoản tối thiểu."))


class RelationshipForm(OnceKey, FlaskForm):
    kind = SelectField(_l("Loại quan hệ"), choices=_choices(vocab.RELATION_KINDS))
    source = StringField(_l("Bên thứ nhất"), validators=[DataRequired(REQUIRED)])
    target = StringField(_l("Bên thứ hai"), validators=[DataRequired(REQUIRED)])
    started_on = DateField(_l("Từ ngày"), validators=[Optional()])
    ended_on = DateField(_l("Đến ngày"), validators=[Optional()])
    amount_vnd = MoneyField(_l("Số tiền đầu tư (₫)"), validators=[MoneyVND()])
    round = StringField(_l("Vòng gọi vốn"), validators=[Optional(), Length(max=40)])
    cohort = StringField(_l("Khoá ươm tạo"), validators=[Optional(), Length(max=40)])
    role_title = StringField(lazy_pgettext("singular", "Vai trò"), validators=[Optional(), Length(max=120)])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])

    def validate_ended_on(self, field):
        if field.data and self.started_on.data and field.data < self.started_on.data:
            raise ValidationError(_l("Ngày kết thúc không thể trước ngày bắt đầu."))


class ConfirmForm(FlaskForm):
    """An empty form: a POST button that carries only the CSRF token."""
