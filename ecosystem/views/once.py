"""A create form's service call made once per one-time key (forms/once.py): a repeated submission
answers with the record the first one made."""
from flask_login import current_user

from ecosystem.services.platform.idempotency import create_once


def once(kind: str, form, model, create):
    """create, wrapped for attempt(): at most one record per key of this form."""
    user_id = current_user.id if current_user.is_authenticated else None
    return lambda: create_once(kind, form.idempotency_key.data, user_id, model, create)
