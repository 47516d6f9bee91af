"""Organisers' forms for an award set-up: the cycle, a round, a category and a rubric (the JSON rule set
remains the import/export format; these forms edit the same data)."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Regexp

from ecosystem.forms.awards import REQUIRED

CODE = [DataRequired(REQUIRED), Length(max=60),
        Regexp(r"^[a-z0-9][a-z0-9_-]*$", message=_l("Chỉ dùng chữ thường không dấu, số, '-' và '_'."))]
RUBRIC_HINT = _l("Mỗi dòng một tiêu chí: mã; tên tiếng Việt; tên tiếng Anh; trọng số; điểm tối đa. "
                 "Ví dụ: novelty; Tính mới, sáng tạo; Novelty; 25; 25")


class CycleForm(FlaskForm):
    code = StringField(_l("Mã giải thưởng"), validators=CODE)
    contest = StringField(_l("Mã cuộc thi (giống nhau qua các năm)"), validators=CODE)
    name_vi = StringField(_l("Tên (tiếng Việt)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    name_en = StringField(_l("Tên (tiếng Anh)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    year = IntegerField(_l("Năm"), validators=[DataRequired(REQUIRED), NumberRange(2000, 2100)])
    authority = StringField(_l("Cơ quan tổ chức"), validators=[DataRequired(REQUIRED), Length(max=300)])
    legal_basis = StringField(_l("Căn cứ (mã văn bản)"), validators=[DataRequired(REQUIRED), Length(max=60)])
    effective_from = DateField(_l("Áp dụng từ ngày"), validators=[DataRequired(REQUIRED)])
    opens = DateField(_l("Mở nhận hồ sơ"), validators=[DataRequired(REQUIRED)])
    closes = DateField(_l("Hạn nộp hồ sơ"), validators=[DataRequired(REQUIRED)])


class RoundForm(FlaskForm):
    code = StringField(_l("Mã vòng"), validators=CODE)
    name_vi = StringField(_l("Tên vòng (tiếng Việt)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    name_en = StringField(_l("Tên vòng (tiếng Anh)"), validators=[DataRequired(REQUIRED), Length(max=200)])
    starts = DateField(_l("Bắt đầu"), validators=[DataRequired(REQUIRED)])
    ends = DateField(_l("Kết thúc"), validators=[DataRequired(REQUIRED)])


class CategoryForm(FlaskForm):
    code = StringField(_l("Mã hạng mục"), validators=CODE)
    name_vi = StringField(_l("Tên hạng mục (tiếng Việt)"), validators=[DataRequired(REQUIRED), Length(max=300)])
    name_en = StringField(_l("Tên hạng mục (tiếng Anh)"), validators=[DataRequired(REQUIRED), Length(max=300)])


class RubricForm(FlaskForm):
    lines = TextAreaField(_l("Tiêu chí chấm"), description=RUBRIC_HINT,
                          validators=[DataRequired(REQUIRED), Length(max=10000)])


class NewCycleForm(CycleForm):
    """The cycle with its first round, category and rubric: a set-up is valid only with all three."""
    round_code = StringField(_l("Mã vòng đầu tiên"), validators=CODE, default="screening")
    round_name_vi = StringField(_l("Tên vòng (tiếng Việt)"), validators=[DataRequired(REQUIRED), Length(max=200)],
                                default="Vòng sơ khảo")
    round_name_en = StringField(_l("Tên vòng (tiếng Anh)"), validators=[DataRequired(REQUIRED), Length(max=200)],
                                default="Screening")
    round_starts = DateField(_l("Vòng bắt đầu"), validators=[DataRequired(REQUIRED)])
    round_ends = DateField(_l("Vòng kết thúc"), validators=[DataRequired(REQUIRED)])
    category_code = StringField(_l("Mã hạng mục đầu tiên"), validators=CODE, default="startup")
    category_name_vi = StringField(_l("Tên hạng mục (tiếng Việt)"),
                                   validators=[DataRequired(REQUIRED), Length(max=300)])
    category_name_en = StringField(_l("Tên hạng mục (tiếng Anh)"),
                                   validators=[DataRequired(REQUIRED), Length(max=300)])
    lines = TextAreaField(_l("Tiêu chí chấm"), description=RUBRIC_HINT,
                          validators=[DataRequired(REQUIRED), Length(max=10000)])
