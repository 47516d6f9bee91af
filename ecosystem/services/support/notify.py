"""Who hears about a request's move or comment, and in which words (each in their own language)."""
from flask_babel import gettext as _, lazy_gettext as _l

from ecosystem.formatting import format_day
from ecosystem.i18n import current_locale
from ecosystem.models.support import STATE_LABELS, SupportComment, SupportRequest, type_label
from ecosystem.services.platform.notifications import notify
from ecosystem.services.accounts.users import accounts_of, managers_of, officers

ACTION_TITLES = {
    "submit": _l("Yêu cầu hỗ trợ mới: %(title)s"),
    "triage": _l("Yêu cầu đã được tiếp nhận: %(title)s"),
    "assign": _l("Yêu cầu đã được giao: %(title)s"),
    "start": _l("Yêu cầu đang được xử lý: %(title)s"),
    "resolve": _l("Yêu cầu đã được giải quyết: %(title)s"),
    "decline": _l("Yêu cầu bị từ chối: %(title)s"),
    "withdraw": _l("Startup đã rút yêu cầu: %(title)s"),
    "reopen": _l("Yêu cầu được mở lại: %(title)s"),
}


def assignee_users(req: SupportRequest) -> list:
    """The assigned person's accounts, or the assigned organisation's managers."""
    return accounts_of(req.assignee_person_id) or managers_of(req.assignee_org_id)


def _link(req: SupportRequest) -> str:
    return f"/support/{req.id}"


def _others(users, actor) -> list:
    return [u for u in users if actor is None or u.id != actor.id]


def recipients(req: SupportRequest, action: str) -> list:
    """The people concerned by a move: the startup, the assignee, and the DOST for new work."""
    startup = managers_of(req.organisation_id)
    assignee = assignee_users(req)
    if action == "submit":
        return officers()
    if action in ("triage", "start", "resolve", "decline"):
        return startup + (assignee if action == "decline" else [])
    if action == "assign":
        return assignee + startup
    if action == "withdraw":
        return assignee + officers()
    if action == "reopen":
        return startup + assignee
    return []


def state_changed(req: SupportRequest, action: str, actor, reason: str | None = None) -> None:
    """Bell + e-mail to everyone concerned except the one who acted."""
    def compose():
        locale = current_locale()
        title = ACTION_TITLES[action] % {"title": req.title}
        lines = [_("Startup: %(name)s", name=req.organisation.name),
                 _("Loại hỗ trợ: %(type)s", type=type_label(req.type_code, locale)),
                 _("Trạng thái: %(state)s", state=STATE_LABELS[req.state])]
        if action == "assign" and req.assignee is not None:
            name = getattr(req.assignee, "full_name", None) or req.assignee.name
            lines.append(_("Người/đơn vị được giao: %(name)s", name=name))
        if reason:
            lines.append(_("Lý do: %(reason)s", reason=reason))
        return title, "\n".join(lines)
    notify(_others(recipients(req, action), actor), f"support.{action}", compose, link=_link(req))


def commented(req: SupportRequest, comment: SupportComment, actor) -> None:
    """A new comment reaches the other side; internal notes never reach the startup."""
    people = assignee_users(req) + _last_officer(req)
    if not comment.internal:
        people += managers_of(req.organisation_id)

    def compose():
        return (_("Bình luận mới: %(title)s", title=req.title), comment.body[:500])
    notify(_others(people, actor), "support.comment", compose, link=_link(req))


def _last_officer(req: SupportRequest) -> list:
    """The DOST officer who last moved the request (triage/assign), if any."""
    for event in reversed(req.events):
        if event.action in ("triage", "assign", "reopen") and event.actor is not None:
            return [event.actor]
    return []


def remind_overdue(req: SupportRequest, users, due) -> None:
    """The job's reminder: the request passed its type's target date."""
    def compose():
        return (_("Yêu cầu quá hạn: %(title)s", title=req.title),
                _("Yêu cầu hỗ trợ của %(name)s đã quá hạn mục tiêu (%(due)s). "
                  "Vui lòng cập nhật tiến độ hoặc báo lại cho Sở KH&CN.",
                  name=req.organisation.name, due=format_day(due)))
    notify(users, "support.overdue", compose, link=_link(req))
