"""Homes of the DOST officer and the admin: queues with counts, headline figures, system health."""
from datetime import timedelta

from sqlalchemy import func, select

from ecosystem.clock import local_today, utcnow
from ecosystem.extensions import db
from ecosystem.models import (Event, InvestorProfile, MentorProfile, Organisation, Person,
                              SupportRequest, User)
from ecosystem.models.dashboard import ImportRun
from ecosystem.models.notifications import OutboxMessage
from ecosystem.services.certification.appraisal import due_items
from ecosystem.services.home.funds import all_fund_warnings
from ecosystem.services.platform.job_runs import recent_runs
from ecosystem.services.support.queries import overdue_condition


def headline() -> dict:
    """The directory's headline figures (public): organisations by kind, people, mentors,
    investors and upcoming public events."""
    kinds = dict(db.session.execute(
        select(Organisation.kind, func.count(Organisation.id))
        .where(Organisation.status != "archived").group_by(Organisation.kind)).all())
    return {"kinds": kinds,
            "people": db.session.scalar(select(func.count(Person.id)).where(Person.archived.is_(False))),
            "mentors": db.session.scalar(select(func.count(MentorProfile.person_id))),
            "investors": db.session.scalar(select(func.count(InvestorProfile.id))),
            "events": db.session.scalar(select(func.count(Event.id)).where(
                Event.status == "published", Event.ends_at >= utcnow()))}


def officer_home() -> dict:
    """Queues waiting for the DOST, each with its count, and the dashboard headline."""
    now = utcnow()
    to_triage = db.session.scalar(select(func.count(SupportRequest.id)).where(
        SupportRequest.state == "submitted")) or 0
    overdue = db.session.scalar(select(func.count(SupportRequest.id)).where(
        overdue_condition(now))) or 0
    today = local_today()
    appraisals = due_items(today)
    imports = db.session.scalar(select(func.count(ImportRun.id)).where(ImportRun.status == "checked")) or 0
    return {"to_triage": to_triage, "overdue": overdue,
            "appraisals": appraisals[:5], "appraisals_total": len(appraisals),
            "appraisals_overdue": sum(1 for i in appraisals if i.overdue),
            "appraisals_week": sum(1 for i in appraisals if i.due_on and not i.overdue
                                   and i.due_on <= today + timedelta(days=7)),
            "funds": all_fund_warnings(), "imports": imports, "headline": headline()}


def admin_home() -> dict:
    """Users, outbox and job runs: what an admin checks first."""
    users = db.session.scalar(select(func.count(User.id))) or 0
    inactive = db.session.scalar(select(func.count(User.id)).where(User.active.is_(False))) or 0
    outbox = dict(db.session.execute(select(OutboxMessage.status, func.count(OutboxMessage.id))
                                     .group_by(OutboxMessage.status)).all())
    runs = recent_runs(limit=100)
    return {"users": users, "inactive": inactive, "outbox": outbox,
            "failed": [r for r in runs if r.status in ("failed", "stuck")][:5],
            "runs": len(runs)}
