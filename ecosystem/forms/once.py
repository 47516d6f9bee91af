"""The one-time key of a create form: a hidden field filled with a new random key each time the form
is shown, so a repeated submission of that page is recognised (services/platform/idempotency.py)."""
import secrets

from wtforms import HiddenField
from wtforms.validators import Length, Optional, Regexp


class OnceKey:
    """Mixin for a create form (before FlaskForm in the bases); templates render form.idempotency_key."""

    idempotency_key = HiddenField(validators=[Optional(), Length(max=64), Regexp(r"^[A-Za-z0-9_-]*$")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted() or not self.idempotency_key.data:
            self.idempotency_key.data = secrets.token_urlsafe(24)
