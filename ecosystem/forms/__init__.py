"""WTForms (Flask-WTF), one module per domain."""


def form_data(form) -> dict:
    """The validated values of a form by field name, without the CSRF token and one-time key."""
    return {name: field.data for name, field in form._fields.items()
            if name not in ("csrf_token", "idempotency_key")}
