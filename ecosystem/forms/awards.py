"""Award forms: nomination (its questions come from the category's data), score sheet, organisers' actions."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (BooleanField, HiddenField, IntegerField, SelectField, StringField, TextAreaField, URLField)
from wtforms.validators import URL, DataRequired, InputRequired, Length, NumberRange, Optional

from ecosystem.forms.fields import MultiCheckbox

REQUIRED = _l("Trường này là bắt buộc.")

ERRORS = {
    "bad_setup": _l("Bộ quy tắc không hợp lệ."),
    "setup_exists": _l("Bộ quy tắc này đã được nạp."),
    "unknown_setup": _l("Không tìm thấy bộ quy tắc."),
    "submission_closed": _l("Đã hết hạn nộp hồ sơ (hoặc chưa đến ngày nhận hồ sơ)."),
    "no_person": _l("Tài khoản của bạn chưa gắn với hồ sơ cá nhân nên không thể tự ứng cử."),
    "entrant_not_allowed": _l("Bạn không quản lý tổ chức dự thi này."),
    "nominator_not_allowed": _l("Bạn không quản lý tổ chức đề cử này."),
    "not_editable": _l("Hồ sơ đã nộp, không thể sửa."),
    "answers_missing": _l("Vui lòng trả lời đủ các câu hỏi bắt buộc trước khi nộp."),
    "ineligible": _l("Hồ sơ chưa đáp ứng điều kiện dự thi:"),
    "upload_empty": _l("Tệp rỗng."),
    "upload_too_large": _l("Tệp quá lớn."),
    "upload_quota_exceeded": _l("Tổ chức đã dùng hết dung lượng lưu tệp cho phép; hãy xoá bớt tệp cũ hoặc "
                                "liên hệ Sở KH&CN."),
    "upload_type_not_allowed": _l("Chỉ nhận tệp PDF, PNG, JPEG hoặc WebP."),
    "bad_decision": _l("Quyết định không hợp lệ."),
    "not_submitted": _l("Chỉ hồ sơ đã nộp mới được xét."),
    "reason_required": _l("Vui lòng nêu lý do."),
    "round_published": _l("Vòng thi đã công bố kết quả."),
    "round_started": _l("Vòng thi đã bắt đầu: không thể đổi tiêu chí chấm hay quy tắc xét của vòng này nữa."),
    "round_not_open": _l("Vòng thi không mở để chấm."),
    "round_not_closed": _l("Cần khoá vòng thi trước khi công bố."),
    "cannot_open": _l("Chỉ mở được vòng thi sau khi vòng trước đã công bố."),
    "judge_shortfall": _l("Chưa mở được vòng thi: %(n)s hồ sơ chưa đủ %(k)s giám khảo (xem trang Phân công)."),
    "round_incomplete": _l("Mới nộp %(submitted)s / %(assigned)s phiếu chấm; %(short)s hồ sơ chưa đủ %(k)s "
                           "giám khảo chấm. Cần nêu lý do để vẫn tiếp tục."),
    "cannot_reopen": _l("Không thể mở lại lúc này."),
    "not_your_assignment": _l("Hồ sơ này không được phân công cho bạn."),
    "locked": _l("Phiếu chấm đã nộp và bị khoá; chỉ Ban tổ chức có thể mở lại."),
    "bad_sheet": _l("Phiếu chấm chưa hợp lệ:"),
    "concurrent_edit": _l("Phiếu chấm vừa được lưu ở nơi khác; vui lòng tải lại trang."),
    "bad_votes": _l("Số phiếu bình chọn phải là số nguyên không âm."),
    "conflicted": _l("Giám khảo có xung đột lợi ích với hồ sơ này."),
    "staff_bad_role": _l("Vai trò không hợp lệ."),
    "staff_needs_someone": _l("Chọn một cá nhân hoặc một tổ chức."),
    "staff_unknown": _l("Không tìm thấy cá nhân hoặc tổ chức đã chọn."),
}


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Lý do"), validators=[DataRequired(REQUIRED), Length(max=2000)])


class ScreenForm(FlaskForm):
    decision = SelectField(_l("Quyết định"), choices=[("accept", _l("Chấp nhận")),
                                                      ("return", _l("Trả lại để bổ sung")),
                                                      ("reject", _l("Không chấp nhận"))])
    reason = TextAreaField(_l("Lý do (bắt buộc khi trả lại hoặc không chấp nhận)"),
                           validators=[Optional(), Length(max=2000)])


class DocumentForm(FlaskForm):
    document = FileField(_l("Tài liệu (PDF, PNG, JPEG, WebP)"), validators=[DataRequired(REQUIRED)])


class DeclareForm(FlaskForm):
    confirm = BooleanField(_l("Tôi xác nhận có quan hệ khiến tôi không thể chấm khách quan hồ sơ này"),
                           validators=[DataRequired(_l("Vui lòng đánh dấu xác nhận."))])
    note = TextAreaField(_l("Mô tả quan hệ (không bắt buộc)"), validators=[Optional(), Length(max=1000)])


class InstallForm(FlaskForm):
    seed = SelectField(_l("Bộ quy tắc có sẵn"), choices=[], validate_choice=False)
    upload = FileField(_l("Hoặc tải lên tệp JSON"))


class StaffForm(FlaskForm):
    role = SelectField(lazy_pgettext("singular", "Vai trò"), choices=[("organiser", _l("Đơn vị tổ chức")),
                                               ("secretariat", _l("Thư ký"))])
    person_id = SelectField(lazy_pgettext("singular", "Cá nhân"), choices=[], coerce=int, validate_choice=False)
    organisation_id = SelectField(lazy_pgettext("singular", "Tổ chức"), choices=[], coerce=int, validate_choice=False)


def _label(item: dict, locale: str) -> str:
    label = item.get("label") or item.get("name") or {}
    return label.get(locale) or label.get("vi") or item["code"]


def nomination_form(category, locale: str, org_choices, managed_choices, team_choices, creating: bool):
    """A form class for one category: the fixed fields plus the category's own questions."""
    attrs = {
        "title": StringField(_l("Tên hồ sơ / sản phẩm dự thi"), validators=[DataRequired(REQUIRED), Length(max=300)]),
        "summary": TextAreaField(_l("Tóm tắt"), validators=[Optional(), Length(max=3000)]),
        "team": MultiCheckbox(_l("Thành viên nhóm"), coerce=int, choices=team_choices),
    }
    if creating:
        attrs["entrant"] = SelectField(_l("Đơn vị/cá nhân dự thi"), choices=org_choices,
                                       validators=[DataRequired(REQUIRED)])
        attrs["nominated_by"] = SelectField(_l("Tổ chức đề cử (nếu có)"), choices=managed_choices)
        attrs["idempotency_key"] = HiddenField()
    for item in category.form or ():
        validators = [DataRequired(REQUIRED)] if item.get("required") else [Optional()]
        kind = item.get("type", "textarea")
        if kind == "number":
            field = IntegerField(_label(item, locale), validators=[Optional() if not item.get("required")
                                                                   else InputRequired(REQUIRED), NumberRange(min=0)])
        elif kind == "url":
            field = URLField(_label(item, locale), validators=validators + [URL(message=_l("Địa chỉ không hợp lệ."))])
        elif kind == "text":
            field = StringField(_label(item, locale), validators=validators + [Length(max=300)])
        else:
            field = TextAreaField(_label(item, locale), validators=validators + [Length(max=5000)])
        attrs[f"answer_{item['code']}"] = field
    return type("NominationForm", (FlaskForm,), attrs)


def answers_from(form, category) -> dict:
    return {item["code"]: form[f"answer_{item['code']}"].data for item in category.form or ()
            if form[f"answer_{item['code']}"].data not in (None, "")}


def nomination_data(form, category, creating: bool) -> dict:
    """What a valid nomination form says, as the service takes it (entrant and nominator only when creating)."""
    data = {"title": form.title.data, "summary": form.summary.data, "answers": answers_from(form, category)}
    if creating:
        entrant = form.entrant.data
        data.update(entrant_self=entrant == "self",
                    entrant_org_id=int(entrant[1:]) if entrant.startswith("o") else None,
                    nominated_by_org_id=int(form.nominated_by.data) if form.nominated_by.data else None)
    else:
        data["team"] = form.team.data or []
    return data


def score_form(rubric, locale: str):
    """A form class with a score and a comment per criterion (a score may be written 7,5)."""
    attrs = {}
    for c in rubric.criteria:
        attrs[f"score_{c.code}"] = StringField(
            f"{c.name.get(locale) or c.code} ({int(c.min) if c.min.is_integer() else c.min}–"
            f"{int(c.max) if c.max.is_integer() else c.max})", validators=[Optional(), Length(max=20)])
        attrs[f"comment_{c.code}"] = TextAreaField(_l("Nhận xét"), validators=[Optional(), Length(max=3000)])
    return type("ScoreForm", (FlaskForm,), attrs)


def votes_form(nomination_ids):
    attrs = {f"votes_{n}": IntegerField(str(n), validators=[Optional(), NumberRange(min=0)]) for n in nomination_ids}
    return type("VotesForm", (FlaskForm,), attrs)


def panel_form(categories, judge_choices):
    attrs = {f"panel_{c.id}": MultiCheckbox(c.name, coerce=int, choices=judge_choices) for c in categories}
    return type("PanelForm", (FlaskForm,), attrs)
