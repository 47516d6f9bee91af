"""Matching forms: verdicts, ratings, introduction requests and decisions, cohort plans."""
from uuid import uuid4

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from ecosystem.forms.once import OnceKey

REQUIRED = _l("Trường này là bắt buộc.")
VERDICTS = [("not_relevant", _l("Không phù hợp")), ("declined", _l("Từ chối gợi ý"))]


class VerdictForm(FlaskForm):
    """A verdict on one suggestion: never suggest this pair again."""

    candidate = HiddenField(validators=[DataRequired(message=REQUIRED)])  # m:<person> | i:<investor>
    verdict = HiddenField(validators=[AnyOf([code for code, _ in VERDICTS])])


class RatingForm(FlaskForm):
    rating = RadioField(_l("Đánh giá"), choices=[(str(n), str(n)) for n in range(5, 0, -1)],
                        validators=[DataRequired(message=REQUIRED)])
    comment = TextAreaField(_l("Nhận xét"), validators=[Optional(), Length(max=2000)])


class IntroRequestForm(FlaskForm):
    target = HiddenField(validators=[DataRequired(message=REQUIRED)])
    via = HiddenField(validators=[DataRequired(message=REQUIRED)])
    message = TextAreaField(_l("Lời nhắn cho người giới thiệu"),
                            validators=[Optional(), Length(max=2000)])
    idempotency_key = HiddenField(default=lambda: uuid4().hex)


class DecisionForm(FlaskForm):
    decision = HiddenField(validators=[AnyOf(["accept", "decline"])])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])


class CohortForm(OnceKey, FlaskForm):
    title = StringField(_l("Tên đợt ghép cặp"), validators=[DataRequired(message=REQUIRED),
                                                          Length(max=160)])
    org = SelectField(_l("Vườn ươm hoặc CLB"), coerce=int, validators=[DataRequired(message=REQUIRED)])
    kind = SelectField(_l("Nhóm startup"), choices=[
        ("residents", _l("Startup đang được ươm tạo")), ("members", _l("Startup thành viên CLB"))])
    pool = SelectField(_l("Nhóm cố vấn"), choices=[
        ("all", _l("Mọi cố vấn đang nhận startup")), ("org", _l("Cố vấn gắn với tổ chức này"))])


class RowForm(FlaskForm):
    mentor = SelectField(_l("Cố vấn"), coerce=str, validators=[Optional()])
