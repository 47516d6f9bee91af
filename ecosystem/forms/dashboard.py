"""Forms of the DOST's view: programme targets, reported figures and import uploads."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

REQUIRED = _l("Trường này là bắt buộc.")
COMPARATORS = [("<=", "≤"), (">=", "≥"), (">", ">"), ("≈", "≈")]
UNITS = [("percent", _l("Phần trăm (%)")), ("percent_per_year", _l("Phần trăm mỗi năm")),
         ("count", _l("Số lượng")), ("rank", _l("Thứ hạng")), ("vnd", _l("Đồng (VND)"))]
INDICATORS = [("", _l("— Số liệu do cán bộ nhập —")),
              ("st_enterprises_certified", _l("Tính từ hệ thống: doanh nghiệp KH&CN còn hiệu lực")),
              ("innovative_startups", _l("Tính từ hệ thống: startup ≤ 5 năm")),
              ("technology_transfer_contracts", _l("Tính từ hệ thống: hợp đồng chuyển giao công nghệ đã ký")),
              ("technology_transfer_value", _l("Tính từ hệ thống: giá trị hợp đồng chuyển giao công nghệ"))]
IMPORT_KINDS = [("organisation", _l("Tổ chức")), ("person", _l("Cá nhân")), ("relationship", _l("Quan hệ"))]


class TargetForm(FlaskForm):
    code = StringField(_l("Mã mục tiêu"), validators=[
        DataRequired(REQUIRED), Length(max=60),
        Regexp(r"^[a-z0-9_]+$", message=_l("Chỉ dùng chữ thường không dấu, số và dấu gạch dưới."))])
    title_vi = StringField(_l("Tên mục tiêu (tiếng Việt)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    title_en = StringField(_l("Tên mục tiêu (tiếng Anh)"), validators=[Optional(), Length(max=300)])
    owner_vi = StringField(_l("Cơ quan chủ quản"), validators=[DataRequired(REQUIRED), Length(max=200)])
    owner_en = StringField(_l("Cơ quan chủ quản (tiếng Anh)"), validators=[Optional(), Length(max=200)])
    period_start = DateField(_l("Từ ngày"), validators=[DataRequired(REQUIRED)])
    period_end = DateField(_l("Đến ngày"), validators=[DataRequired(REQUIRED)])
    frequency = SelectField(_l("Tần suất đánh giá"), choices=[("once", _l("Cuối kỳ")), ("yearly", _l("Hằng năm"))])
    unit = SelectField(_l("Đơn vị"), choices=UNITS)
    comparator = SelectField(_l("So sánh"), choices=COMPARATORS)
    target_value = StringField(_l("Giá trị mục tiêu"), validators=[Optional(), Length(max=40)])
    baseline_year = IntegerField(_l("Năm gốc"), validators=[Optional(), NumberRange(1990, 2100)])
    baseline_value = StringField(_l("Giá trị gốc"), validators=[Optional(), Length(max=40)])
    indicator = SelectField(_l("Nguồn số liệu"), choices=INDICATORS, default="")
    legal_basis = StringField(_l("Căn cứ (mã văn bản)"), validators=[DataRequired(REQUIRED), Length(max=60)])
    note_vi = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])


class RetireForm(FlaskForm):
    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(REQUIRED), Length(max=2000)])
    superseded_by = SelectField(_l("Thay bằng mục tiêu"), coerce=str, default="", validate_choice=False)


class FigureForm(FlaskForm):
    year = IntegerField(_l("Năm"), validators=[DataRequired(REQUIRED), NumberRange(1990, 2100)])
    value = StringField(_l("Giá trị"), validators=[DataRequired(REQUIRED), Length(max=40)])
    source = StringField(_l("Nguồn (văn bản, cơ quan thống kê)"), validators=[Optional(), Length(max=300)])


class ImportForm(FlaskForm):
    kind = SelectField(_l("Loại dữ liệu"), choices=IMPORT_KINDS)
    file = FileField(_l("Tệp CSV hoặc XLSX"), validators=[DataRequired(REQUIRED)])


class ConfirmImportForm(FlaskForm):
    pass
