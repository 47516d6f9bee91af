"""Irreversible steps ask first: a POST without the confirmation field answers with a page that states
the consequence and changes nothing; its button re-posts the same fields with the field set (no JavaScript)."""
from flask import render_template, request

CONFIRM_FIELD = "confirmed"
OVERRIDE_FIELD = "override_reason"


def confirmed() -> bool:
    """True when the POST comes from the confirmation page's button."""
    return request.form.get(CONFIRM_FIELD) == "1"


def override_reason() -> str | None:
    """The officer's logged reason for going past a guard, when one was given."""
    return (request.form.get(OVERRIDE_FIELD) or "").strip()[:2000] or None


def confirmation_page(title: str, consequence: str, cancel_url: str, *, button: str | None = None,
                      details=(), refusal: str | None = None, allow_override: bool = False):
    """The page asking for confirmation: `consequence` in words, `details` as lines; with a `refusal`
    the step is blocked and only an override with a reason (when `allow_override`) may go on."""
    fields = [(k, v) for k, v in request.form.items(multi=True) if k not in ("csrf_token", CONFIRM_FIELD,
                                                                              OVERRIDE_FIELD)]
    return render_template("confirm.html", title=title, consequence=consequence, cancel_url=cancel_url,
                           button=button, details=list(details), refusal=refusal, allow_override=allow_override,
                           fields=fields, action=request.full_path.rstrip("?"), confirm_field=CONFIRM_FIELD,
                           override_field=OVERRIDE_FIELD, reason=request.form.get(OVERRIDE_FIELD, ""))


def ask_first(title: str, consequence: str, cancel_url: str, **kwargs):
    """None once confirmed (go on); else the confirmation page to return."""
    return None if confirmed() else confirmation_page(title, consequence, cancel_url, **kwargs)
