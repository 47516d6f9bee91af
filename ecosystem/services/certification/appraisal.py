"""The DOST's side of an application: completeness check, appraisal, decision, with statutory deadlines.

received → (request to complete) → appraisal (optionally with an expert council) → issued | refused;
or forwarded to the Ministry (Decree 13). Every due date comes from the application's rule set and
the holiday calendar, in working days or calendar days as the rule says.
"""
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ecosystem.formatting import format_day
from ecosystem.extensions import db
from ecosystem.models import CertApplication, CertStep
from ecosystem.services.platform.audit import log_action
from ecosystem.services.accounts.users import managers_of, officers
from ecosystem.services.certification.context import CertError, calendar, cert_setting, rule_set
from ecosystem.services.certification.rule_sets import RuleSet, deadline_for
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.workdays import add_calendar_days, working_days_between

DUE_KINDS = ("completeness", "completion", "decision")


def deadline(rules: RuleSet, step: str, start: date, with_council: bool = False) -> date | None:
    return deadline_for(rules, step, start, calendar(), with_council)


def decision_step(app: CertApplication) -> str:
    """Which time limit the decision runs under: a new certificate, a change, or a reissue."""
    if app.kind == "new":
        return "decision"
    return "change_adding_products" if app.kind == "change" and app.adds_products else "change_reissue"


def add_step(app: CertApplication, actor, action: str, on: date, status_from: str | None,
             status_to: str | None, due_on: date | None = None, note: str | None = None) -> CertStep:
    step = CertStep(actor_id=actor.id if actor else None, action=action, on=on, status_from=status_from,
                    status_to=status_to, due_on=due_on, note=note)
    app.steps.append(step)
    db.session.flush()
    return step


def link(app: CertApplication) -> str:
    return f"/certification/applications/{app.id}"


def notify_officers(app: CertApplication, kind: str) -> None:
    name = app.organisation.name

    def compose():
        return (_("Hồ sơ chứng nhận DN KH&CN mới: %(name)s", name=name),
                _("%(name)s đã nộp hồ sơ (số %(id)s). Hạn kiểm tra tính đầy đủ: %(due)s.", name=name,
                  id=app.id, due=format_day(app.completeness_due) or "—"))
    notify(officers(), kind, compose, link(app))


def _notify_enterprise(app: CertApplication, kind: str, compose) -> None:
    notify(managers_of(app.organisation_id), kind, compose, link(app))


def _move(app: CertApplication, allowed: tuple, status: str, officer, action: str, today: date,
          due_on: date | None = None, note: str | None = None) -> None:
    if app.status not in allowed:
        raise CertError("wrong_status", status=app.status)
    previous, app.status = app.status, status
    add_step(app, officer, action, today, previous, status, due_on=due_on, note=note)
    log_action(officer.id, f"cert.application.{action}", "cert_application", app.id, status=status)


def request_completion(app: CertApplication, officer, note: str, today: date) -> None:
    """Ask the enterprise to complete its dossier by a date (a [setting] number of calendar days)."""
    if not (note or "").strip():
        raise CertError("note_required")
    app.completion_due = add_calendar_days(today, int(cert_setting("completion_request_days")), calendar())
    _move(app, ("submitted",), "incomplete", officer, "completion_requested", today, app.completion_due, note)
    due_on = app.completion_due
    _notify_enterprise(app, "cert.incomplete", lambda: (
        _("Sở KH&CN yêu cầu bổ sung hồ sơ chứng nhận"),
        _("Nội dung cần bổ sung: %(note)s. Hạn bổ sung: %(due)s.", note=note, due=format_day(due_on))))


def accept_dossier(app: CertApplication, officer, today: date, with_council: bool = False) -> None:
    """The dossier is complete and valid: the decision clock starts the day after today."""
    rules = rule_set(app.rule_set_code)
    app.valid_on, app.with_council = today, bool(with_council)
    app.decision_due = deadline(rules, decision_step(app), today, app.with_council)
    _move(app, ("submitted",), "appraisal", officer, "accepted", today, app.decision_due)


def set_council(app: CertApplication, officer, with_council: bool, today: date) -> None:
    """Appraise with (or without) an expert council; the decision deadline follows (Decree 13: 15 vs 10)."""
    if app.status != "appraisal":
        raise CertError("wrong_status", status=app.status)
    app.with_council = bool(with_council)
    app.decision_due = deadline(rule_set(app.rule_set_code), decision_step(app), app.valid_on, app.with_council)
    add_step(app, officer, "council_on" if with_council else "council_off", today, app.status, app.status,
             due_on=app.decision_due)
    log_action(officer.id, "cert.application.council", "cert_application", app.id, with_council=with_council)


def forward_to_ministry(app: CertApplication, officer, note: str, today: date) -> None:
    if app.kind != "new" or "forward_to_ministry" not in rule_set(app.rule_set_code).deadlines:
        raise CertError("forward_not_in_rule_set")
    _move(app, ("submitted", "appraisal"), "forwarded", officer, "forwarded", today, note=note)
    _notify_enterprise(app, "cert.forwarded", lambda: (
        _("Hồ sơ chứng nhận đã được chuyển Bộ KH&CN"),
        _("Sở KH&CN đã chuyển hồ sơ của doanh nghiệp về Bộ Khoa học và Công nghệ để thẩm định.")))


def refuse_application(app: CertApplication, officer, reason: str, today: date) -> None:
    if not (reason or "").strip():
        raise CertError("reason_required")
    app.decided_on, app.decision_note = today, reason
    _move(app, ("submitted", "appraisal"), "refused", officer, "refused", today, note=reason)
    _notify_enterprise(app, "cert.refused", lambda: (
        _("Hồ sơ chứng nhận DN KH&CN bị từ chối"), _("Lý do: %(reason)s", reason=reason)))


def issue_from_application(app: CertApplication, officer, today: date):
    """Issue (or change / reissue) the certificate the application asked for."""
    from ecosystem.services.certification.register import apply_to_certificate
    if app.status != "appraisal":
        raise CertError("wrong_status", status=app.status)
    certificate = apply_to_certificate(app, officer, today)
    app.certificate_id, app.decided_on = certificate.id, today
    _move(app, ("appraisal",), "issued", officer, "issued", today, note=certificate.number)
    number = certificate.number
    _notify_enterprise(app, "cert.issued", lambda: (
        _("Đã cấp giấy chứng nhận doanh nghiệp KH&CN số %(number)s", number=number),
        _("Giấy chứng nhận số %(number)s đã được cấp ngày %(day)s.", number=number,
          day=format_day(today))))
    return certificate


@dataclass(frozen=True)
class DueItem:
    application: CertApplication
    kind: str  # completeness | completion | decision
    due_on: date | None
    working_days_left: int | None  # negative when overdue
    overdue: bool


def current_due(app: CertApplication) -> tuple[str, date | None] | None:
    """The deadline the application is waiting on now, or None when nothing runs."""
    if app.status == "submitted":
        return "completeness", app.completeness_due
    if app.status == "incomplete":
        return "completion", app.completion_due
    if app.status == "appraisal":
        return "decision", app.decision_due
    return None


def due_item(app: CertApplication, today: date) -> DueItem | None:
    current = current_due(app)
    if current is None:
        return None
    kind, due_on = current
    left = working_days_between(today, due_on, calendar()) if due_on else None
    return DueItem(app, kind, due_on, left, bool(due_on and today > due_on))


def due_items(today: date) -> list[DueItem]:
    """Every application waiting on the DOST or the enterprise, overdue first, then by due date."""
    apps = db.session.scalars(select(CertApplication).where(
        CertApplication.status.in_(("submitted", "incomplete", "appraisal"))))
    items = [item for item in (due_item(app, today) for app in apps) if item is not None]
    return sorted(items, key=lambda i: (not i.overdue, i.due_on or date.max, i.application.id))
