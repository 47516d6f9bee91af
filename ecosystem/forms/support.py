"""Support request forms: the request itself, a workflow move, a comment."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ecosystem.forms.directory import REQUIRED
from ecosystem.forms.fields import MoneyField, MoneyVND
from ecosystem.forms.once import OnceKey


class RequestForm(FlaskForm):
    """A new request or an edited draft; the hidden key makes a double click create one request."""

    organisation_id = SelectField(_l("Startup"), coerce=int)
    type_code = SelectField(_l("Loại hỗ trợ"))
    title = StringField(_l("Tiêu đề"), validators=[DataRequired(REQUIRED), Length(max=200)])
    description = TextAreaField(_l("Mô tả nhu cầu"), validators=[Optional(), Length(max=5000)])
    idempotency_key = HiddenField()


class ActionForm(FlaskForm):
    """One workflow move; which fields matter depends on the action (reason, note, assignee)."""

    reason = TextAreaField(_l("Lý do"), validators=[Optional(), Length(max=5000)])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=5000)])
    assignee = SelectField(_l("Giao cho"), validate_choice=False)


class CommentForm(OnceKey, FlaskForm):
    body = TextAreaField(_l("Bình luận"), validators=[DataRequired(REQUIRED), Length(max=5000)])
    internal = BooleanField(_l("Ghi chú nội bộ (startup không xem được)"))


def type_choices(locale: str) -> list[tuple[str, str]]:
    from ecosystem.models.support import SUPPORT_TYPES
    return [(t["code"], t["en"] if locale == "en" else t["vi"]) for t in SUPPORT_TYPES]


class StandardOutcomeForm(FlaskForm):
    """What a resolved ISO 9001 / ISO 56000 adoption request achieved; the amount is whole VND."""

    standard = SelectField(_l("Tiêu chuẩn"))
    certification_body = StringField(_l("Tổ chức chứng nhận"), validators=[DataRequired(REQUIRED), Length(max=200)])
    certificate_number = StringField(_l("Số giấy chứng nhận"), validators=[DataRequired(REQUIRED), Length(max=80)])
    issued_on = DateField(_l("Ngày cấp"), validators=[DataRequired(REQUIRED)])
    expires_on = DateField(_l("Ngày hết hạn"), validators=[Optional()])
    co_funding_vnd = MoneyField(_l("Kinh phí chương trình hỗ trợ (đồng)"), validators=[MoneyVND()])
