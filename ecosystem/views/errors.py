"""The one way a page runs a service call and says why it was refused.

Each capability keeps its code → sentence table as a `Messages` in its own views package;
`attempt` runs the call, commits when it passes and, on a DomainError, rolls back and shows the
sentence for the code in the reader's language: under the form field it concerns, or as a flash.
"""
from collections.abc import Callable, Collection, Mapping

from flask import abort, flash

from ecosystem.extensions import db
from ecosystem.services.platform.errors import DomainError


class Messages:
    """One capability's sentences for its refusal codes.

    An entry is a lazy_gettext text filled with the error's params (%(name)s; a literal per cent is
    written %%), or a function of the error for a sentence that needs more than its params.
    `shown` formats the params first (money, rates), `lines` adds sentences after the first one
    (each failing rule …), `fallback` words a code the table does not know (default: the code).
    """

    def __init__(self, table: Mapping, *, shown: Callable[[dict], dict] | None = None,
                 lines: Callable[[DomainError], list] | None = None,
                 fallback: Callable[[DomainError], str] | None = None):
        self.table, self.shown, self.lines, self.fallback = table, shown, lines, fallback

    def text(self, error: DomainError) -> str:
        entry = self.table.get(error.code)
        if entry is None:
            sentence = self.fallback(error) if self.fallback else error.code
        elif callable(entry):
            sentence = entry(error)
        else:
            sentence = str(entry) % (self.shown(error.params) if self.shown else error.params)
        return " ".join([str(sentence), *(self.lines(error) if self.lines else ())])


def refuse(messages: Messages, error: DomainError, form=None, field=None) -> None:
    """Show a refusal under its form field (`field`: a name or a function of the error; else the field
    the error names) when `form` has that field, else as a flash."""
    name = field(error) if callable(field) else field or error.field
    text = messages.text(error)
    if form is not None and name and name in form:
        form[name].errors = [*form[name].errors, text]
    else:
        flash(text, "error")


def attempt(messages: Messages, call: Callable, success=None, *, form=None, field=None,
            keep: Collection[str] = ()) -> tuple[bool, object]:
    """Run one service call: commit and flash `success` when it passes; on a DomainError roll back (or
    commit what the service recorded, for a code in `keep`) and `refuse`. An error with an HTTP
    `status` (a move these roles may never make) is answered with that status instead.
    Returns (passed, the call's result)."""
    try:
        result = call()
    except DomainError as error:
        if error.code in keep:
            db.session.commit()
        else:
            db.session.rollback()
        if error.status:
            abort(error.status)
        refuse(messages, error, form, field)
        return False, None
    db.session.commit()
    if success:
        flash(str(success), "success")
    return True, result


def upload_quota_text(error: DomainError) -> str:
    """The organisation's stored files would pass its cap (platform.upload_quota_bytes_per_org)."""
    from flask_babel import gettext as _
    mb = lambda n: round(int(n) / 1048576, 1)  # noqa: E731
    return _("Tổ chức đã dùng %(used)s MB trong %(quota)s MB dung lượng lưu tệp cho phép; tệp này (%(size)s MB) "
             "vượt quá hạn mức. Hãy xoá bớt tệp cũ hoặc liên hệ Sở KH&CN.",
             used=mb(error.params.get("used", 0)), quota=mb(error.params.get("quota", 0)),
             size=mb(error.params.get("size", 0)))
