"""Data subjects' requests: submitted → in progress → done, or refused with a reason, answered by
a due day that the legal time limit sets (privacy.response_days). A withdrawal of consent is done
at once: taking consent back must be as easy as giving it."""
from datetime import timedelta

from flask_babel import force_locale, gettext as _
from sqlalchemy import case, select

from ecosystem.formatting import format_day
from ecosystem.extensions import db
from ecosystem.clock import local_today
from ecosystem.models.base import as_utc, utcnow
from ecosystem.models.privacy import (OPEN_REQUEST_STATUSES, PRIVACY_REQUEST_KINDS, PrivacyRequest)
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.mail import send_mail
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.settings import setting
from ecosystem.services.privacy.anonymise import anonymise_user, restrict_person
from ecosystem.services.privacy.consents import withdraw_purpose
from ecosystem.services.privacy.notice import consent_purposes

SUBJECT_KINDS = ("correct", "restrict", "delete")  # what the form offers; withdraw has its buttons
MAX_DETAILS = 4000


class RequestError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def due_day(today=None):
    return (today or local_today()) + timedelta(days=int(setting("privacy.response_days")))


def _open_of(user, kind: str) -> PrivacyRequest | None:
    return db.session.scalar(select(PrivacyRequest).where(
        PrivacyRequest.user_id == user.id, PrivacyRequest.kind == kind,
        PrivacyRequest.status.in_(OPEN_REQUEST_STATUSES)))


def submit_request(user, kind: str, details: str | None) -> PrivacyRequest:
    """A request to correct, restrict or delete; one open request of each kind at a time."""
    if kind not in SUBJECT_KINDS:
        raise RequestError("unknown_kind")
    details = (details or "").strip()
    if kind == "correct" and not details:
        raise RequestError("details_needed")
    if len(details) > MAX_DETAILS:
        raise RequestError("details_too_long")
    if _open_of(user, kind) is not None:
        raise RequestError("already_open")
    request = PrivacyRequest(user_id=user.id, person_id=user.person_id, kind=kind,
                             details=details or None, status="submitted", submitted_at=utcnow(),
                             due_on=due_day())
    db.session.add(request)
    db.session.flush()
    log_action(user.id, "privacy.request.submit", "privacy_request", request.id, kind=kind)
    return request


def withdraw_consent(user, purpose: str) -> PrivacyRequest:
    """Withdraw consent for a purpose now; the request is recorded as done by the person."""
    if purpose not in consent_purposes():
        raise RequestError("unknown_purpose")
    withdraw_purpose(user, purpose)
    now = utcnow()
    request = PrivacyRequest(user_id=user.id, person_id=user.person_id, kind="withdraw",
                             purpose=purpose, status="done", submitted_at=now, due_on=local_today(),
                             handled_by_id=user.id, handled_at=now)
    db.session.add(request)
    db.session.flush()
    return request


def start_request(request: PrivacyRequest, actor) -> None:
    if request.status != "submitted":
        raise RequestError("not_submitted")
    request.status = "in_progress"
    log_action(actor.id, "privacy.request.start", "privacy_request", request.id)
    db.session.flush()


def complete_request(request: PrivacyRequest, actor, note: str | None = None) -> None:
    """Do what was asked (anonymise, restrict; a correction is made by the officer beforehand)
    and tell the person, naming what the law makes us keep."""
    if not request.is_open:
        raise RequestError("not_open")
    user = request.user
    email = user.email
    kept = None
    if request.kind == "delete":
        kept = anonymise_user(user, actor)
    elif request.kind == "restrict" and user.person is not None:
        restrict_person(user.person, actor)
    _close(request, actor, "done", outcome=(note or "").strip() or None)
    _tell(user, email, request, kept)


def refuse_request(request: PrivacyRequest, actor, reason: str) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise RequestError("reason_needed")
    if not request.is_open:
        raise RequestError("not_open")
    _close(request, actor, "refused", refusal_reason=reason)
    _tell(request.user, request.user.email, request, None)


def _close(request: PrivacyRequest, actor, status: str, **fields) -> None:
    request.status = status
    request.handled_by_id = actor.id
    request.handled_at = utcnow()
    for name, value in fields.items():
        setattr(request, name, value)
    db.session.flush()
    log_action(actor.id, f"privacy.request.{status}", "privacy_request", request.id,
               kind=request.kind)


def _tell(user, email: str, request: PrivacyRequest, kept: dict | None) -> None:
    """The answer, in the person's language; by e-mail alone once the account is disabled."""
    def compose():
        kind = PRIVACY_REQUEST_KINDS[request.kind]
        if request.status == "refused":
            return (_("Yêu cầu về dữ liệu cá nhân của bạn bị từ chối"),
                    _("Yêu cầu \"%(kind)s\" gửi ngày %(day)s bị từ chối. Lý do: %(reason)s",
                      kind=kind, day=_local_day(request),
                      reason=request.refusal_reason))
        body = _("Yêu cầu \"%(kind)s\" gửi ngày %(day)s đã được thực hiện.", kind=kind,
                 day=_local_day(request))
        if request.outcome:
            body += "\n" + request.outcome
        if kept is not None:
            body += "\n\n" + kept_statement(kept)
        return _("Yêu cầu về dữ liệu cá nhân của bạn đã được thực hiện"), body

    if user.active:
        notify([user], "privacy.request", compose, link="/me/data")
        return
    with force_locale(user.locale or "vi"):
        title, body = (str(part) for part in compose())
    send_mail(email, title, body)


def _local_day(request: PrivacyRequest) -> str:
    """The day it was sent, local time, in the recipient's format (called inside force_locale)."""
    return format_day(as_utc(request.submitted_at))


def kept_statement(kept: dict) -> str:
    """What deletion leaves, and why: the records other laws make the DOST keep."""
    text = _("Hồ sơ của bạn đã được ẩn danh, thông tin liên hệ đã bị xoá và tài khoản đã bị khoá. "
             "Theo quy định pháp luật, Sở vẫn lưu giữ các hồ sơ sau (chỉ với dữ liệu tối thiểu cần "
             "thiết): giấy chứng nhận doanh nghiệp KH&CN, sổ Quỹ phát triển KH&CN, kết quả giải "
             "thưởng và nhật ký kiểm toán.")
    labels = {"cert_applications": _("hồ sơ chứng nhận"), "fund_entries": _("bút toán Quỹ"),
              "award_results": _("kết quả giải thưởng"), "award_scores": _("phiếu chấm điểm"),
              "audit_entries": _("dòng nhật ký kiểm toán")}
    counts = ", ".join(f"{labels.get(name, name)}: {n}" for name, n in kept.items() if n)
    return text + (f" ({counts})" if counts else "")


def request_queue(status: str = "open"):
    """The admin's list: open requests by due day first; 'all' or one status otherwise."""
    query = select(PrivacyRequest)
    if status == "open":
        query = query.where(PrivacyRequest.status.in_(OPEN_REQUEST_STATUSES))
    elif status:
        query = query.where(PrivacyRequest.status == status)
    opened_first = case((PrivacyRequest.status.in_(OPEN_REQUEST_STATUSES), 0), else_=1)
    return query.order_by(opened_first, PrivacyRequest.due_on, PrivacyRequest.id)


def requests_of(user) -> list[PrivacyRequest]:
    return list(db.session.scalars(select(PrivacyRequest).where(PrivacyRequest.user_id == user.id)
                                   .order_by(PrivacyRequest.id.desc())))
