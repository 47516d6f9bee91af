"""Fund forms: founding facts, ledger entries and ownership; each entry form carries an idempotency key."""
from decimal import Decimal, InvalidOperation
from uuid import uuid4

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ecosystem.forms.fields import MoneyField, MoneyVND
from ecosystem.models.funds import FUND_FORMS, USAGE_CATEGORY_LABELS

REQUIRED = _l("Trường này là bắt buộc.")


class Percent:
    """'10', '7,5' or '7.5' (per cent) → Decimal rate 0.1 / 0.075; at most four decimals of a per cent."""

    def __call__(self, form, field):
        raw = (field.raw_data[0] if field.raw_data else "") or ""
        raw = raw.strip().replace("%", "").replace(",", ".").strip()
        if not raw:
            field.data = None
            return
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValidationError(_l("Nhập tỷ lệ phần trăm, ví dụ 10 hoặc 7,5.")) from None
        if not value.is_finite() or value < 0 or value > 100 or value != value.quantize(Decimal("0.0001")):
            raise ValidationError(_l("Tỷ lệ phải từ 0 đến 100 %, tối đa bốn chữ số thập phân."))
        field.data = value / 100


class PercentField(StringField):
    """Shows a stored rate as a per cent ('0.1' → '10')."""

    def _value(self):
        if isinstance(self.data, Decimal):
            return f"{(self.data * 100).normalize():f}".replace(".", ",")
        return super()._value()


def new_key() -> str:
    return uuid4().hex


class KeyedForm(FlaskForm):
    """A second submission of the same rendered form (double click, reload) is recognised by its key."""

    key = HiddenField(default=new_key)

    def validate_key(self, field):
        if not field.data or len(field.data) > 40:
            field.data = new_key()


class FundForm(FlaskForm):
    decision_number = StringField(_l("Số quyết định thành lập Quỹ"),
                                  validators=[DataRequired(REQUIRED), Length(max=80)])
    decision_date = DateField(_l("Ngày quyết định"), validators=[DataRequired(REQUIRED)])
    sent_to_dost_on = DateField(_l("Ngày gửi Sở KH&CN"), validators=[Optional()])
    organisation_form = SelectField(_l("Hình thức tổ chức Quỹ"), choices=list(FUND_FORMS.items()))
    state_owned = BooleanField(_l("Doanh nghiệp nhà nước"))


class AppropriationForm(KeyedForm):
    tax_year = IntegerField(_l("Kỳ tính thuế (năm)"), validators=[DataRequired(REQUIRED), NumberRange(2000, 2100)])
    taxable_income = MoneyField(_l("Thu nhập tính thuế (đồng)"), validators=[InputRequired(REQUIRED), MoneyVND()])
    rate = PercentField(_l("Tỷ lệ trích (%)"), validators=[InputRequired(REQUIRED), Percent()])
    cit_rate = PercentField(_l("Thuế suất thuế TNDN năm đó (%)"), default=Decimal("0.2"),
                            validators=[InputRequired(REQUIRED), Percent()])
    day = DateField(_l("Ngày trích lập"), validators=[Optional()])
    amount = MoneyField(_l("Số tiền trích điều chỉnh (chỉ cán bộ Sở)"), validators=[MoneyVND(), Optional()])
    override_reason = TextAreaField(_l("Lý do điều chỉnh"), validators=[Optional(), Length(max=1000)])


class UsageForm(KeyedForm):
    day = DateField(_l("Ngày chi"), validators=[DataRequired(REQUIRED)])
    amount = MoneyField(_l("Số tiền (đồng)"), validators=[InputRequired(REQUIRED), MoneyVND()])
    category = SelectField(_l("Nội dung chi (Thông tư 05/2022/TT-BKHCN)"),
                           choices=list(USAGE_CATEGORY_LABELS.items()))
    reference = StringField(_l("Số hợp đồng / chứng từ"), validators=[Optional(), Length(max=200)])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])
    attachment = FileField(_l("Chứng từ đính kèm (PDF hoặc ảnh)"))
    advance = BooleanField(_l("Ghi nhận là khoản ứng trước từ Quỹ các năm sau nếu vượt số dư"))


class TransferForm(KeyedForm):
    direction = SelectField(_l("Chiều điều chuyển"), choices=[
        ("out", _l("Điều chuyển đi (cho công ty con / công ty mẹ)")),
        ("in", _l("Nhận điều chuyển (từ doanh nghiệp chưa có Quỹ trên hệ thống)"))])
    counterparty = SelectField(_l("Doanh nghiệp sở hữu 100 %"), coerce=int, validate_choice=False)
    day = DateField(_l("Ngày điều chuyển"), validators=[DataRequired(REQUIRED)])
    amount = MoneyField(_l("Số tiền (đồng)"), validators=[InputRequired(REQUIRED), MoneyVND()])
    tax_year = IntegerField(_l("Năm trích lập của khoản nhận"), validators=[Optional(), NumberRange(2000, 2100)])
    cit_rate = PercentField(_l("Thuế suất TNDN của khoản nhận (%)"), validators=[Percent(), Optional()])
    reference = StringField(_l("Số quyết định / chứng từ"), validators=[Optional(), Length(max=200)])


class ReversalForm(KeyedForm):
    reason = TextAreaField(_l("Lý do đảo bút toán"), validators=[DataRequired(REQUIRED), Length(max=1000)])


class MisuseForm(KeyedForm):
    note = TextAreaField(_l("Kết luận: khoản chi không đúng mục đích vì"),
                         validators=[DataRequired(REQUIRED), Length(max=2000)])


class OwnershipForm(FlaskForm):
    parent = StringField(_l("Công ty mẹ (mã số doanh nghiệp hoặc đường dẫn hồ sơ)"),
                         validators=[DataRequired(REQUIRED), Length(max=90)])
    child = StringField(_l("Công ty con (mã số doanh nghiệp hoặc đường dẫn hồ sơ)"),
                        validators=[DataRequired(REQUIRED), Length(max=90)])
    share = PercentField(_l("Tỷ lệ sở hữu (%)"), default=Decimal(1), validators=[InputRequired(REQUIRED), Percent()])
    valid_from = DateField(_l("Từ ngày"), validators=[DataRequired(REQUIRED)])
    reference = StringField(_l("Căn cứ (điều lệ, giấy chứng nhận…)"), validators=[Optional(), Length(max=200)])


class RuleSetUploadForm(FlaskForm):
    upload = FileField(_l("Tệp JSON của bộ quy tắc"), validators=[FileRequired(_l("Chọn một tệp JSON."))])
