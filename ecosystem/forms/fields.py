"""Shared field types and validators with Vietnamese messages (English through the catalogue)."""
import re

from flask_babel import lazy_gettext as _l
from wtforms import SelectMultipleField, StringField
from wtforms.validators import StopValidation, ValidationError

from ecosystem.validators import MONEY_MAX, is_valid_tax_code, normalise_web_url, normalize_tax_code


UNSAFE_URL = _l("Chỉ nhận địa chỉ web bắt đầu bằng http:// hoặc https://, ví dụ https://congty.vn.")


class WebUrl:
    """An http(s) address ('congty.vn' becomes https://congty.vn); javascript:, data: and the like
    are refused, since a stored link runs in the browser of everyone who clicks it."""

    def __call__(self, form, field):
        if not (field.data or "").strip():
            field.data = None
            return
        url = normalise_web_url(field.data)
        if url is None:
            raise ValidationError(UNSAFE_URL)
        field.data = url


class TaxCode:
    """Mã số doanh nghiệp: 10 digits with a correct check digit, or 10-3 for a branch."""

    def __call__(self, form, field):
        field.data = normalize_tax_code(field.data)
        if field.data and not is_valid_tax_code(field.data):
            raise ValidationError(_l("Mã số doanh nghiệp phải gồm 10 chữ số (chi nhánh: 10-3) "
                                     "với chữ số kiểm tra đúng."))


_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$|^\d+$")


class MoneyVND:
    """A whole number of đồng, never negative; accepts '1.500.000', '1,500,000' or '1500000' and
    refuses '1,5' (đồng has no fraction, so a decimal mark is a mistake, not 15 đồng)."""

    def __call__(self, form, field):
        raw = (field.raw_data[0] if field.raw_data else "") or ""
        compact = raw.replace(" ", "").replace("₫", "").replace("\u00a0", "")
        if not compact:
            field.data = None
            if field.flags.required:  # InputRequired lets '  ' through; it is still no amount
                raise StopValidation(_l("Vui lòng nhập số tiền."))
            return
        cleaned = compact.replace(".", "").replace(",", "")
        if not _GROUPED.match(compact) or not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 30:
            raise ValidationError(_l("Số tiền phải là số nguyên đồng, ví dụ 1.500.000.000."))
        if int(cleaned) > MONEY_MAX:
            raise ValidationError(_l("Số tiền không được vượt quá %(max)s đồng.",
                                     max=f"{MONEY_MAX:,}".replace(",", ".")))
        field.data = int(cleaned)


class MoneyField(StringField):
    """Text input for integer VND; the MoneyVND validator turns it into an int."""

    def _value(self):
        if isinstance(self.data, int):
            return f"{self.data:,}".replace(",", ".")
        return super()._value()


class ListField(StringField):
    """Comma-separated keywords stored as a list."""

    def _value(self):
        return ", ".join(self.data) if isinstance(self.data, list) else (self.data or "")

    def process_formdata(self, valuelist):
        text = valuelist[0] if valuelist else ""
        self.data = [part.strip() for part in text.split(",") if part.strip()]


class MultiCheckbox(SelectMultipleField):
    """Several choices as checkboxes, so it works without JavaScript."""

    widget_kind = "checkboxes"
