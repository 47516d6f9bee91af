"""The guided startup profile, one small form per step, so nobody faces forty fields at once."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, EmailField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, ValidationError

from ecosystem.clock import local_today
from ecosystem.forms.directory import REQUIRED, WARD_INPUT, optional_select
from ecosystem.forms.fields import ListField, MoneyField, MoneyVND, MultiCheckbox, TaxCode, WebUrl
from ecosystem.forms.once import OnceKey
from ecosystem.models import vocab
from ecosystem.models.support import IP_STATUSES, REVENUE_BANDS

FOUNDER_ROWS = 4


class BasicsForm(OnceKey, FlaskForm):
    """Step 1 (also the onboarding form): who the startup is and where to reach it."""

    name = StringField(_l("Tên startup (tiếng Việt)"),
                       validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Tên tiếng Anh"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Giới thiệu ngắn"), validators=[Optional(), Length(max=5000)])
    sectors = MultiCheckbox(_l("Lĩnh vực"), coerce=int)
    stage = optional_select(_l("Giai đoạn"), vocab.STAGES)
    founded_on = DateField(_l("Ngày thành lập"), validators=[Optional()])
    first_registered_on = DateField(_l("Ngày đăng ký kinh doanh lần đầu"), validators=[Optional()])
    tax_code = StringField(_l("Mã số doanh nghiệp"), validators=[Optional(), TaxCode()])
    street = StringField(_l("Địa chỉ (số nhà, đường)"), validators=[Optional(), Length(max=200)])
    ward = StringField(_l("Phường/Xã"), validators=[Optional(), Length(max=120)], render_kw=WARD_INPUT)
    city = StringField(_l("Tỉnh/Thành phố"), validators=[Optional(), Length(max=120)])
    email = EmailField(_l("E-mail liên hệ"), validators=[
        Optional(), Email(_l("E-mail không hợp lệ."), check_deliverability=False)])
    phone = StringField(_l("Điện thoại"), validators=[Optional(), Length(max=30)])
    website = StringField(_l("Website"), validators=[Optional(), WebUrl(), Length(max=200)])

    def validate_first_registered_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("Ngày đăng ký không thể ở tương lai."))
        if field.data and self.founded_on.data and field.data < self.founded_on.data:
            raise ValidationError(_l("Ngày đăng ký không thể trước ngày thành lập."))


def _founder_fields(cls):
    for n in range(1, FOUNDER_ROWS + 1):
        setattr(cls, f"founder_name_{n}", StringField(
            _l("Nhà sáng lập %(n)s: họ tên", n=n), validators=[Optional(), Length(max=160)]))
        setattr(cls, f"founder_role_{n}", StringField(
            _l("Nhà sáng lập %(n)s: vai trò", n=n), validators=[Optional(), Length(max=120)]))
    return cls


@_founder_fields
class TeamForm(FlaskForm):
    """Step 2: founders (up to four rows) and the size of the team."""

    team_size = IntegerField(_l("Số thành viên đội ngũ"),
                             validators=[Optional(), NumberRange(1, 10000)])

    def founders(self) -> list[dict]:
        return [{"name": self[f"founder_name_{n}"].data or "",
                 "role": self[f"founder_role_{n}"].data or ""}
                for n in range(1, FOUNDER_ROWS + 1)]

    def fill(self, founders: list[dict]) -> None:
        for n, founder in enumerate(founders[:FOUNDER_ROWS], start=1):
            self[f"founder_name_{n}"].data = founder.get("name")
            self[f"founder_role_{n}"].data = founder.get("role")


class ProductForm(FlaskForm):
    """Step 3: what it makes, with which technologies, for whom, and what it owns."""

    product = TextAreaField(_l("Sản phẩm / dịch vụ"), validators=[Optional(), Length(max=5000)])
    technologies = ListField(_l("Công nghệ (cách nhau bởi dấu phẩy)"))
    ip_status = optional_select(_l("Tình trạng sở hữu trí tuệ"), IP_STATUSES)
    customers = TextAreaField(_l("Khách hàng"), validators=[Optional(), Length(max=2000)])
    revenue_band = optional_select(_l("Doanh thu"), REVENUE_BANDS)


class FundingForm(FlaskForm):
    """Step 4: money sought, support needed, and the pitch deck (checked by content)."""

    funding_sought_vnd = MoneyField(_l("Vốn đang tìm (₫)"), validators=[MoneyVND()])
    needs = MultiCheckbox(_l("Nhu cầu hỗ trợ"))
    pitch_deck = FileField(_l("Pitch deck (PDF hoặc ảnh)"))


def with_needs(form: FundingForm, locale: str) -> FundingForm:
    """The needs checkboxes are the support request types (seeds/support_types.json)."""
    from ecosystem.forms.support import type_choices
    form.needs.choices = type_choices(locale)
    return form


STEP_FORMS = {"basics": BasicsForm, "team": TeamForm, "product": ProductForm,
              "funding": FundingForm}
