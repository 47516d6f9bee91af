"""Scheduled jobs of certification (declared in ecosystem/jobs.py): deadline reminders and report warnings.

Each runs inside an app context with no arguments; SentReminder keys make every message go out once.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ecosystem.formatting import format_day
from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Certificate, SentReminder
from ecosystem.models.certification import VALID_CERTIFICATE_STATUSES
from ecosystem.services.certification.context import cert_setting
from ecosystem.services.certification.annual_reports import send_warnings
from ecosystem.services.accounts.users import managers_of, officers
from ecosystem.services.certification.appraisal import DueItem, due_items, link
from ecosystem.services.platform.notifications import notify


def _once(key: str) -> bool:
    """Claim a reminder key; False when it was already sent."""
    if db.session.scalar(select(SentReminder.id).where(SentReminder.key == key)) is not None:
        return False
    db.session.add(SentReminder(key=key))
    return True


def _compose(item: DueItem):
    app, due_on = item.application, item.due_on
    name = app.organisation.name

    def compose():
        if item.overdue:
            return (_("Quá hạn xử lý hồ sơ chứng nhận: %(name)s", name=name),
                    _("Hồ sơ số %(id)s đã quá hạn ngày %(due)s (%(days)s ngày làm việc).", id=app.id,
                      due=format_day(due_on), days=-item.working_days_left))
        return (_("Sắp đến hạn xử lý hồ sơ chứng nhận: %(name)s", name=name),
                _("Hồ sơ số %(id)s đến hạn ngày %(due)s (còn %(days)s ngày làm việc).", id=app.id,
                  due=format_day(due_on), days=item.working_days_left))
    return compose


def deadline_reminders(today: date) -> list[DueItem]:
    """Remind officers of DOST deadlines within the [setting] window or past; the enterprise of its own."""
    window = int(cert_setting("remind_before_working_days"))
    sent = []
    for item in due_items(today):
        if item.due_on is None or (not item.overdue and item.working_days_left > window):
            continue
        state = "overdue" if item.overdue else "soon"
        if not _once(f"cert.due:{item.application.id}:{item.kind}:{item.due_on.isoformat()}:{state}"):
            continue
        recipients = managers_of(item.application.organisation_id) if item.kind == "completion" else officers()
        notify(recipients, f"cert.due_{state}", _compose(item), link(item.application))
        sent.append(item)
    db.session.flush()
    return sent


def report_warnings(today: date) -> int:
    certificates = db.session.scalars(select(Certificate).where(
        Certificate.status.in_(VALID_CERTIFICATE_STATUSES)).order_by(Certificate.id))
    return sum(len(send_warnings(certificate, today)) for certificate in certificates)


def remind_deadlines() -> None:
    deadline_reminders(local_today())


def warn_reports() -> None:
    report_warnings(local_today())
