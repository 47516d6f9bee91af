"""The deals pipeline as plain rules: which state may follow which, and what each step needs.

interest → NDA → negotiation → contract (value, form, date) → completed; NDA may be skipped; any
open deal may be abandoned with a reason. Pure: the service applies these and records history.
"""
from __future__ import annotations

from datetime import date

ORDER = ("interest", "nda", "negotiation", "contract", "completed")
NEXT = {
    "interest": ("nda", "negotiation", "abandoned"),
    "nda": ("negotiation", "abandoned"),
    "negotiation": ("contract", "abandoned"),
    "contract": ("completed", "abandoned"),
    "completed": (),
    "abandoned": (),
}
SIGNED = ("contract", "completed")
OPEN = ("interest", "nda", "negotiation")


def move_refusal(current: str, target: str, *, value: int | None = None, form: str | None = None,
                 day: date | None = None, reason: str | None = None, today: date | None = None,
                 forms=()) -> str | None:
    """Why a deal cannot move from current to target (a message code), None when it can."""
    if target not in NEXT.get(current, ()):
        return "bad_step"
    if target == "abandoned" and not (reason or "").strip():
        return "reason_required"
    if target == "contract":
        if value is None or value < 0:
            return "value_required"
        if form not in forms:
            return "form_required"
        if day is None:
            return "date_required"
        if today is not None and day > today:
            return "date_in_future"
    return None


def is_signed(state: str) -> bool:
    return state in SIGNED


class TechmartError(Exception):
    """A refused action, with a code the view turns into a message (and the form field it concerns)."""

    def __init__(self, code: str, field: str | None = None):
        super().__init__(code)
        self.code, self.field = code, field
