"""Scheduled: remind the assignee (or the DOST when nobody is assigned yet) of overdue requests."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ecosystem.clock import LOCAL_TZ
from ecosystem.extensions import db
from ecosystem.models import SentReminder
from ecosystem.models.base import as_utc, utcnow
from ecosystem.models.support import SupportRequest
from ecosystem.services.support import workflow as wf
from ecosystem.services.support import notify as support_notify
from ecosystem.services.platform.settings import setting
from ecosystem.services.accounts.users import officers
from ecosystem.services.support.notify import assignee_users
from ecosystem.services.support.queries import overdue_condition, target_days


def remind_overdue(now=None) -> int:
    """One reminder per request and cadence slot (SentReminder key), so re-runs send nothing new."""
    now = now or utcnow()
    every = setting("support.reminder_every_days")
    sent = 0
    for req in db.session.scalars(select(SupportRequest).where(overdue_condition(now))
                                  .order_by(SupportRequest.id)):
        days = target_days(req.type_code)
        slot = wf.reminder_slot(as_utc(req.submitted_at), days, now, req.state, every)
        if slot is None:
            continue
        key = f"support.overdue:{req.id}:{slot}"
        try:
            with db.session.begin_nested():
                db.session.add(SentReminder(key=key))
                db.session.flush()
        except IntegrityError:
            continue
        users = assignee_users(req) or officers()
        due = wf.due_at(as_utc(req.submitted_at), days)
        support_notify.remind_overdue(req, users, due.astimezone(LOCAL_TZ))
        sent += 1
    return sent
