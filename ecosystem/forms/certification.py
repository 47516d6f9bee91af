"""Forms of the certification pages; choices that depend on the rule set are filled in by the view."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField,
                     TextAreaField)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ecosystem.forms.fields import MoneyField, MoneyVND
from ecosystem.models import vocab
from ecosystem.models.certification import RESULT_RIGHTS

REQUIRED = _l("Trường này là bắt buộc.")


class StartForm(FlaskForm):
    organisation = SelectField(_l("Doanh nghiệp"), coerce=int)
    idem_key = HiddenField()


class BasicsForm(FlaskForm):
    size_class = SelectField(_l("Quy mô doanh nghiệp"), choices=[("", _l("— Chọn —"))] + list(
        vocab.SIZE_CLASSES.items()), validators=[Optional()])
    established_on = DateField(_l("Ngày thành lập (đăng ký doanh nghiệp lần đầu)"), validators=[Optional()])
    rd_staff_with_degree = IntegerField(_l("Số nhân lực nghiên cứu và phát triển có trình độ đại học trở lên"),
                                        validators=[Optional(), NumberRange(0, 100000)])
    note = TextAreaField(_l("Ghi chú cho Sở KH&CN"), validators=[Optional(), Length(max=4000)])


class ResultForm(FlaskForm):
    type = SelectField(_l("Loại kết quả KH&CN"), validators=[DataRequired(REQUIRED)])
    title = StringField(_l("Tên kết quả"), validators=[DataRequired(REQUIRED), Length(max=300)])
    document_number = StringField(_l("Số văn bằng / văn bản công nhận"),
                                  validators=[DataRequired(REQUIRED), Length(max=120)])
    document_date = DateField(_l("Ngày cấp"), validators=[Optional()])
    issuer = StringField(_l("Cơ quan cấp"), validators=[Optional(), Length(max=200)])
    right = SelectField(_l("Quyền đối với kết quả"), choices=list(RESULT_RIGHTS.items()))


class ProductForm(FlaskForm):
    name = StringField(_l("Tên sản phẩm"), validators=[DataRequired(REQUIRED), Length(max=300)])
    result_id = SelectField(_l("Hình thành từ kết quả"), coerce=int)


class YearForm(FlaskForm):
    year = IntegerField(_l("Năm tài chính"), validators=[DataRequired(REQUIRED), NumberRange(1990, 2100)])
    revenue = MoneyField(_l("Tổng doanh thu (₫)"), validators=[MoneyVND()])
    st_revenue = MoneyField(_l("Doanh thu từ sản phẩm KH&CN (₫)"), validators=[MoneyVND()])
    net_revenue = MoneyField(_l("Doanh thu thuần (₫)"), validators=[MoneyVND()])
    rd_spending = MoneyField(_l("Chi cho nghiên cứu, phát triển và đổi mới sáng tạo (₫)"),
                             validators=[MoneyVND()])

    def validate_st_revenue(self, field):
        if isinstance(field.data, int) and isinstance(self.revenue.data, int) and field.data > self.revenue.data:
            raise ValidationError(_l("Doanh thu sản phẩm KH&CN không thể lớn hơn tổng doanh thu."))


class DocumentForm(FlaskForm):
    checklist_code = SelectField(_l("Thành phần hồ sơ"))
    file = FileField(_l("Tệp (PDF, PNG, JPEG, WebP)"), validators=[FileRequired(REQUIRED)])


class SubmitForm(FlaskForm):
    token = HiddenField()


class NoteForm(FlaskForm):
    note = TextAreaField(_l("Nội dung"), validators=[DataRequired(REQUIRED), Length(max=4000)])


class CouncilForm(FlaskForm):
    with_council = BooleanField(_l("Lấy ý kiến hội đồng chuyên gia"))


class RequestForm(FlaskForm):
    kind = SelectField(_l("Đề nghị"), choices=[("change", _l("Thay đổi, bổ sung giấy chứng nhận")),
                                               ("reissue", _l("Cấp lại giấy chứng nhận"))])
    adds_products = BooleanField(_l("Bổ sung sản phẩm"))
    note = TextAreaField(_l("Lý do"), validators=[DataRequired(REQUIRED), Length(max=4000)])
    idem_key = HiddenField()


class ReportForm(FlaskForm):
    fiscal_year = IntegerField(_l("Năm tài chính"), validators=[DataRequired(REQUIRED), NumberRange(1990, 2100)])
    total_revenue = MoneyField(_l("Tổng doanh thu (₫)"), validators=[MoneyVND()])
    st_revenue = MoneyField(_l("Doanh thu từ sản phẩm KH&CN (₫)"), validators=[MoneyVND()])
    incentives_vnd = MoneyField(_l("Ưu đãi đã nhận (₫)"), validators=[MoneyVND()])
    incentives_note = TextAreaField(_l("Ưu đãi đã nhận (thuế, tín dụng, đất đai…)"),
                                    validators=[Optional(), Length(max=4000)])

    def validate_total_revenue(self, field):
        if field.data is None:
            raise ValidationError(REQUIRED)

    def validate_st_revenue(self, field):
        if field.data is None:
            raise ValidationError(REQUIRED)
        if isinstance(self.total_revenue.data, int) and field.data > self.total_revenue.data:
            raise ValidationError(_l("Doanh thu sản phẩm KH&CN không thể lớn hơn tổng doanh thu."))


class RevokeForm(FlaskForm):
    ground = SelectField(_l("Căn cứ thu hồi"), validators=[DataRequired(REQUIRED)])
    decision_number = StringField(_l("Số quyết định thu hồi"), validators=[DataRequired(REQUIRED), Length(max=120)])
    decided_on = DateField(_l("Ngày quyết định"), validators=[DataRequired(REQUIRED)])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=4000)])
