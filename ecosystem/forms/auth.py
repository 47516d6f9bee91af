"""Sign-in, sign-up and password forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length


EMAIL_MAX = 254  # RFC 5321's longest address, and the e-mail columns' length


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Vui lòng nhập e-mail.")),
                                                 Length(max=EMAIL_MAX)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu."))])


class RegisterForm(FlaskForm):
    full_name = StringField(_l("Họ và tên"), validators=[
        DataRequired(_l("Vui lòng nhập họ tên.")), Length(max=160)])
    email = EmailField(_l("E-mail"), validators=[
        DataRequired(_l("Vui lòng nhập e-mail.")), Length(max=EMAIL_MAX),
        Email(_l("E-mail không hợp lệ."), check_deliverability=False)])
    account_type = SelectField(_l("Bạn là"), choices=[
        ("startup", _l("Thành viên startup")), ("mentor", _l("Cố vấn (cán bộ Sở duyệt)")),
        ("investor", _l("Nhà đầu tư (cán bộ Sở duyệt)")), ("judge", _l("Giám khảo (cán bộ Sở duyệt)")),
        ("coordinator", _l("Điều phối viên CLB (cán bộ Sở duyệt)")),
        ("member", _l("Thành viên hệ sinh thái"))])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu."))])
    confirm = PasswordField(_l("Nhập lại mật khẩu"), validators=[
        EqualTo("password", _l("Hai mật khẩu không khớp."))])
    accept = BooleanField(_l("Tôi đồng ý để Sở KH&CN lưu hồ sơ này phục vụ chương trình hỗ trợ"),
                          validators=[DataRequired(_l("Vui lòng đồng ý để tiếp tục."))])


class ForgotForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Vui lòng nhập e-mail.")),
                                                 Length(max=EMAIL_MAX)])


class ResetForm(FlaskForm):
    password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu."))])
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"), validators=[
        EqualTo("password", _l("Hai mật khẩu không khớp."))])


class ChangePasswordForm(ResetForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[
        DataRequired(_l("Vui lòng nhập mật khẩu hiện tại."))])
