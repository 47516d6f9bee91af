"""What a request may carry, checked once before any view so no view can answer 500 for it."""
from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

from ecosystem.services.platform.settings import setting
from ecosystem.validators import MAX_ID

NUL_REFUSED = _l("Dữ liệu gửi lên có ký tự không hợp lệ (NUL). Hãy xoá ký tự đó rồi gửi lại.")
TOO_LONG = _l("Trường “%(field)s” dài quá %(max)s ký tự.")


class BoundedIntConverter(IntegerConverter):
    """<int:x> matching only up to MAX_ID: a 30-digit id is a 404, not an overflow in the database."""

    # Longer digit strings do not match at all: a value refused only by conversion would let another
    # method's rule on the same path answer 405 instead of 404.
    regex = r"\d{1,%d}" % len(str(MAX_ID))

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 (werkzeug's names)
        super().__init__(map, fixed_digits=fixed_digits, min=min,
                         max=MAX_ID if max is None else max, signed=signed)


class RefusedInput(BadRequest):
    """A 400 whose message says what was wrong; the error page and the API both show it."""

    def __init__(self, message: str):
        super().__init__(description=message)
        self.user_message = message


def refuse_bad_values() -> None:
    """before_request: a NUL byte anywhere (PostgreSQL cannot store one) or a value longer than any
    field takes (query string and form alike) is refused with a clear message."""
    sources = [(request.args, "platform.max_query_value_chars")]
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append((request.form, "platform.max_form_value_chars"))
    for values, limit_key in sources:
        if not values:
            continue
        limit = int(setting(limit_key))
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                raise RefusedInput(str(NUL_REFUSED))
            if len(value) > limit:
                raise RefusedInput(str(TOO_LONG % {"field": key[:60], "max": f"{limit:,}".replace(",", ".")}))
