"""Admin forms: roles of a user and a setting's override."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from ecosystem.forms.fields import MultiCheckbox
from ecosystem.models import vocab


class RolesForm(FlaskForm):
    roles = MultiCheckbox(_l("Vai trò"), choices=list(vocab.ROLES.items()))
    manages = StringField(_l("Quản lý tổ chức (đường dẫn rút gọn, cách nhau bởi dấu phẩy)"))


class SettingForm(FlaskForm):
    key = StringField(_l("Khoá"), validators=[DataRequired()])
    value = StringField(_l("Giá trị (JSON)"), validators=[DataRequired()])
