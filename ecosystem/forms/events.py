"""Forms of events, registration, the check-in desk, feedback, clubs and office hours."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (DateTimeLocalField, IntegerField, RadioField, SelectField, StringField,
                     TextAreaField, URLField)
from wtforms.validators import (DataRequired, Email, Length, NumberRange, Optional,
                                ValidationError)

from ecosystem.forms.fields import MultiCheckbox, WebUrl
from ecosystem.forms.once import OnceKey
from ecosystem.forms.privacy import consent_field
from ecosystem.models.events import EVENT_AUDIENCES, EVENT_KINDS

REQUIRED = _l("Trường này là bắt buộc.")
LOCAL = "%Y-%m-%dT%H:%M"


def _choices(mapping):
    return list(mapping.items())


def parse_questions(text: str) -> list[dict]:
    """One question per line; a line ending in '*' must be answered."""
    questions = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            required = line.endswith("*")
            questions.append({"text": line.rstrip("*").strip()[:300], "required": required})
    return [q for q in questions if q["text"]][:10]


def questions_text(questions: list[dict]) -> str:
    return "\n".join(q["text"] + (" *" if q.get("required") else "") for q in questions or [])


class EventForm(OnceKey, FlaskForm):
    kind = SelectField(_l("Loại sự kiện"), choices=_choices(EVENT_KINDS))
    title = StringField(_l("Tên sự kiện"), validators=[DataRequired(REQUIRED), Length(max=200)])
    title_en = StringField(_l("Tên tiếng Anh"), validators=[Optional(), Length(max=200)])
    organiser_id = SelectField(_l("Đơn vị tổ chức"), coerce=int)
    starts_at = DateTimeLocalField(_l("Bắt đầu (giờ TP. Hồ Chí Minh)"), format=LOCAL,
                                   validators=[DataRequired(REQUIRED)])
    ends_at = DateTimeLocalField(_l("Kết thúc (giờ TP. Hồ Chí Minh)"), format=LOCAL,
                                 validators=[DataRequired(REQUIRED)])
    venue = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=300)])
    online_url = URLField(_l("Đường dẫn trực tuyến"), validators=[Optional(), WebUrl(), Length(max=500)])
    capacity = IntegerField(_l("Số chỗ (để trống: không giới hạn)"),
                            validators=[Optional(), NumberRange(0, 100000)])
    registration_opens_at = DateTimeLocalField(_l("Mở đăng ký từ"), format=LOCAL,
                                               validators=[Optional()])
    registration_closes_at = DateTimeLocalField(_l("Đóng đăng ký lúc"), format=LOCAL,
                                                validators=[Optional()])
    audience = SelectField(_l("Đối tượng"), choices=_choices(EVENT_AUDIENCES))
    description = TextAreaField(_l("Giới thiệu"), validators=[Optional(), Length(max=10000)])
    sectors = MultiCheckbox(_l("Lĩnh vực"), coerce=int)
    questions = TextAreaField(_l("Câu hỏi khi đăng ký (mỗi dòng một câu; thêm * ở cuối nếu bắt buộc)"),
                              validators=[Optional(), Length(max=3000)])
    status = SelectField(_l("Trạng thái"), choices=[("published", _l("Đã công bố")),
                                                    ("draft", _l("Bản nháp"))])

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("Giờ kết thúc phải sau giờ bắt đầu."))

    def validate_registration_closes_at(self, field):
        opens = self.registration_opens_at.data
        if field.data and opens and field.data <= opens:
            raise ValidationError(_l("Hạn đóng đăng ký phải sau thời điểm mở."))
        if field.data and self.starts_at.data and field.data > self.starts_at.data:
            raise ValidationError(_l("Đăng ký phải đóng trước khi sự kiện bắt đầu."))

    def validate_venue(self, field):
        if not field.data and not self.online_url.data:
            raise ValidationError(_l("Cần địa điểm hoặc đường dẫn trực tuyến."))

    def data_for_service(self) -> dict:
        data = {name: self[name].data for name in (
            "kind", "title", "title_en", "organiser_id", "starts_at", "ends_at", "venue",
            "online_url", "capacity", "registration_opens_at", "registration_closes_at",
            "audience", "description", "sectors", "status")}
        for name in ("title_en", "venue", "online_url", "description"):
            data[name] = (data[name] or "").strip() or None
        data["questions"] = parse_questions(self.questions.data)
        return data


class RegisterForm(FlaskForm):
    startup_id = SelectField(_l("Bạn đại diện cho startup nào?"), coerce=int, default=0)
    consent = consent_field(_l("Tôi đồng ý để đơn vị tổ chức dùng họ tên, e-mail và câu trả lời của "
                               "tôi để quản lý đăng ký, nhắc lịch và check-in sự kiện này"))


def registration_form(questions: list[dict], startups) -> RegisterForm:
    """The register form with one field per question of this event."""
    class Form(RegisterForm):
        pass

    for index, question in enumerate(questions or []):
        checks = [DataRequired(REQUIRED)] if question.get("required") else [Optional()]
        setattr(Form, f"answer_{index}", StringField(question["text"],
                                                     validators=checks + [Length(max=2000)]))
    form = Form()
    form.startup_id.choices = [(0, _l("— Tham dự với tư cách cá nhân —"))] + [
        (org.id, org.name) for org in startups]
    return form


def answers_of(form, questions) -> list[str]:
    return [form[f"answer_{i}"].data or "" for i in range(len(questions or []))]


class CheckinCodeForm(FlaskForm):
    code = StringField(_l("Mã check-in"), validators=[DataRequired(REQUIRED), Length(max=200)])


class WalkInForm(FlaskForm):
    name = StringField(_l("Họ và tên"), validators=[DataRequired(REQUIRED), Length(max=160)])
    email = StringField(_l("E-mail (nếu có)"), validators=[
        Optional(), Length(max=254), Email(_l("E-mail không hợp lệ."), check_deliverability=False)])


class InviteForm(FlaskForm):
    emails = TextAreaField(_l("E-mail người được mời (mỗi dòng một địa chỉ)"),
                           validators=[DataRequired(REQUIRED), Length(max=20000)])


class FeedbackForm(FlaskForm):
    rating = RadioField(_l("Đánh giá chung"), coerce=int, validators=[DataRequired(REQUIRED)],
                        choices=[(n, str(n)) for n in range(5, 0, -1)])
    comment = TextAreaField(_l("Nhận xét"), validators=[Optional(), Length(max=3000)])


class JoinClubForm(OnceKey, FlaskForm):
    applicant = SelectField(_l("Gia nhập với tư cách"), coerce=int, default=0)
    message = TextAreaField(_l("Lời nhắn cho điều phối viên"), validators=[Optional(), Length(max=2000)])


class SlotForm(FlaskForm):
    starts_at = DateTimeLocalField(_l("Bắt đầu khung giờ đầu tiên (giờ TP. Hồ Chí Minh)"),
                                   format=LOCAL, validators=[DataRequired(REQUIRED)])
    minutes = IntegerField(_l("Thời lượng mỗi khung (phút)"), default=30,
                           validators=[DataRequired(REQUIRED), NumberRange(10, 240)])
    count = IntegerField(_l("Số khung liên tiếp"), default=4,
                         validators=[DataRequired(REQUIRED), NumberRange(1, 20)])
    place = StringField(_l("Địa điểm"), validators=[Optional(), Length(max=300)])
    online_url = URLField(_l("Đường dẫn trực tuyến"), validators=[Optional(), WebUrl(), Length(max=500)])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])


class BookForm(FlaskForm):
    startup_id = SelectField(_l("Startup"), coerce=int)
    topic = TextAreaField(_l("Bạn muốn trao đổi về"), validators=[Optional(), Length(max=2000)])
    consent = consent_field(_l("Tôi đồng ý chia sẻ tài khoản, startup và chủ đề với cố vấn để "
                               "sắp xếp và nhắc lịch buổi tư vấn"))
