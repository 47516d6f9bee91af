"""WTForms' built-in messages in Vietnamese (WTForms ships no Vietnamese), English otherwise.

Installed once for every FlaskForm, so a form written anywhere in the app shows "Ngày không hợp
lệ." rather than "Not a valid date value." to a Vietnamese user.
"""
from flask_babel import gettext
from flask_wtf import FlaskForm

from ecosystem.i18n import current_locale

BUILTIN = {
    "This field is required.": "Trường này là bắt buộc.",
    "Not a valid choice.": "Lựa chọn không hợp lệ.",
    "Not a valid date value.": "Ngày không hợp lệ (dd/mm/yyyy).",
    "Not a valid datetime value.": "Ngày giờ không hợp lệ.",
    "Not a valid time value.": "Giờ không hợp lệ.",
    "Not a valid integer value.": "Vui lòng nhập một số nguyên.",
    "Not a valid decimal value.": "Vui lòng nhập một số.",
    "Not a valid float value.": "Vui lòng nhập một số.",
    "Invalid email address.": "E-mail không hợp lệ.",
    "Invalid URL.": "Địa chỉ web không hợp lệ.",
    "Invalid input.": "Giá trị không hợp lệ.",
    "Number must be at least %(min)s.": "Số phải từ %(min)s trở lên.",
    "Number must be at most %(max)s.": "Số không được vượt quá %(max)s.",
    "Number must be between %(min)s and %(max)s.": "Số phải trong khoảng %(min)s đến %(max)s.",
    "Field must be equal to %(other_name)s.": "Giá trị phải trùng với %(other_name)s.",
    "The CSRF token is missing.": "Phiên làm việc đã hết hạn, vui lòng tải lại trang.",
    "The CSRF token is invalid.": "Phiên làm việc đã hết hạn, vui lòng tải lại trang.",
    "The CSRF token has expired.": "Phiên làm việc đã hết hạn, vui lòng tải lại trang.",
    "The CSRF tokens do not match.": "Phiên làm việc đã hết hạn, vui lòng tải lại trang.",
    "'%(value)s' is not a valid choice for this field.": "'%(value)s' không phải lựa chọn hợp lệ.",
    "'%(value)s' are not valid choices for this field.": "'%(value)s' không phải lựa chọn hợp lệ.",
    "Field must be at least %(min)d character long.": "Cần ít nhất %(min)d ký tự.",
    "Field must be at least %(min)d characters long.": "Cần ít nhất %(min)d ký tự.",
    "Field cannot be longer than %(max)d character.": "Không được dài quá %(max)d ký tự.",
    "Field cannot be longer than %(max)d characters.": "Không được dài quá %(max)d ký tự.",
    "Field must be between %(min)d and %(max)d characters long.":
        "Độ dài phải từ %(min)d đến %(max)d ký tự.",
}


def _translate(original: str) -> str:
    """Vietnamese to a Vietnamese reader; a catalogue entry if there is one; else WTForms' own
    English, so an English page never shows a Vietnamese message the catalogue lacks."""
    vietnamese = BUILTIN.get(original)
    if vietnamese is None:
        return original
    translated = gettext(vietnamese)
    if translated != vietnamese or current_locale().startswith("vi"):
        return translated
    return original


class BuiltinTranslations:
    """The gettext interface WTForms asks for, answered from BUILTIN through Flask-Babel."""

    def gettext(self, string):
        return _translate(string)

    def ngettext(self, singular, plural, n):
        return _translate(singular if n == 1 else plural)


_TRANSLATIONS = BuiltinTranslations()


def install() -> None:
    """Point every FlaskForm at our translations of WTForms' messages."""
    FlaskForm.Meta.get_translations = lambda self, form: _TRANSLATIONS

