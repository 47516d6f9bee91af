"""The daily fund warnings: 24/12/6/3 months before a tranche's deadline while under 70 %, and on breach."""
from datetime import date

from flask_babel import lazy_gettext as _l

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.formatting import format_vnd
from ecosystem.services.accounts.users import managers_of, officers
from ecosystem.services.funds.queries import all_states
from ecosystem.services.funds.statements import warnings_due
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.reminders import claim_once
from ecosystem.services.platform.settings import setting

_claim = claim_once


def _compose(org_name: str, warning: dict):
    def compose():
        figures = {"name": org_name, "year": warning["year"], "amount": format_vnd(warning["at_risk"]),
                   "need": format_vnd(warning["to_comply"]), "months": warning["months"],
                   "deadline": warning["deadline"].strftime("%d/%m/%Y")}
        if warning["kind"] == "breach":
            title = _l("Quỹ KH&CN %(name)s: khoản trích năm %(year)s đã quá hạn chưa đạt tỷ lệ sử dụng", **figures)
            body = _l("Hạn sử dụng khoản trích năm %(year)s là %(deadline)s. Phần chưa sử dụng %(amount)s bị "
                      "truy thu thuế TNDN và tiền lãi.", **figures)
        else:
            title = _l("Quỹ KH&CN %(name)s: còn %(months)s tháng để sử dụng khoản trích năm %(year)s", **figures)
            body = _l("Hạn sử dụng: %(deadline)s. Cần sử dụng đúng mục đích thêm %(need)s để tránh truy thu thuế "
                      "trên %(amount)s chưa sử dụng.", **figures)
        return title, body
    return compose


def warn_deadlines(today: date | None = None) -> int:
    """Send each due warning once (SentReminder key per fund, tranche year and threshold); returns how many."""
    today = today or local_today()
    months = setting("funds.warning_months")
    staff = officers()
    sent = 0
    for state in all_states(today):
        org = state.fund.organisation
        for warning in warnings_due(state.rows, today, warning_months=months):
            if not _claim(f"fund{state.fund.id}:{warning['key']}"):
                continue
            notify([*managers_of(org.id), *staff], f"fund.{warning['kind']}", _compose(org.name, warning),
                   link=f"/funds/{state.fund.id}")
            sent += 1
    db.session.flush()
    return sent
