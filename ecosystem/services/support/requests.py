"""Support requests: create (once per idempotency key), move through the workflow under a row lock,
keep every move as an event, thread comments, and tell the people concerned."""
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import Organisation, Person
from ecosystem.models.base import utcnow
from ecosystem.models.support import (SUPPORT_TYPE_CODES, SupportComment, SupportRequest,
                                      SupportRequestEvent)
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.support import workflow as wf
from ecosystem.services.support import notify as support_notify
from ecosystem.services.platform.audit import log_action
from ecosystem.validators import parse_int
from ecosystem.services.api import webhooks

MAX_TEXT = 5000


class SupportError(DomainError):
    """A refusal outside the state machine (bad type, empty title, unknown assignee …), with its field."""


def _check_content(type_code: str, title: str, description: str) -> tuple[str, str]:
    if type_code not in SUPPORT_TYPE_CODES:
        raise SupportError("support.type.unknown", field="type_code")
    title = (title or "").strip()
    if not title:
        raise SupportError("support.title.required", field="title")
    return title[:200], (description or "").strip()[:MAX_TEXT]


def _event(req: SupportRequest, action: str, before: str | None, actor, note=None) -> None:
    db.session.add(SupportRequestEvent(
        request_id=req.id, action=action, from_state=before, to_state=req.state,
        actor_id=actor.id if actor is not None else None, note=note,
        assignee_person_id=req.assignee_person_id if action == "assign" else None,
        assignee_org_id=req.assignee_org_id if action == "assign" else None))


def find_by_key(key: str | None) -> SupportRequest | None:
    if not key:
        return None
    return db.session.scalar(select(SupportRequest).where(SupportRequest.idempotency_key == key))


def create_request(org: Organisation, actor, type_code: str, title: str, description: str = "",
                   submit: bool = False, idempotency_key: str | None = None
                   ) -> tuple[SupportRequest, bool]:
    """A new draft (submitted at once when asked). A repeated key returns the first request and
    False, so a double-clicked "send" creates one request."""
    existing = find_by_key(idempotency_key)
    if existing is not None:
        return existing, False
    if org.kind != "startup" or org.status == "archived":
        raise SupportError("support.org.not_startup", field="organisation_id")
    title, description = _check_content(type_code, title, description)
    req = SupportRequest(organisation_id=org.id, type_code=type_code, title=title,
                         description=description, state=wf.State.DRAFT.value,
                         created_by_id=actor.id, idempotency_key=idempotency_key or None)
    try:
        with db.session.begin_nested():
            db.session.add(req)
            db.session.flush()
    except IntegrityError:  # the same key committed by a concurrent click
        existing = find_by_key(idempotency_key)
        if existing is None:
            raise
        return existing, False
    _event(req, "create", None, actor)
    log_action(actor.id, "support.create", "support_request", req.id, type=type_code)
    if submit:
        transition(req, "submit", actor)
    db.session.flush()
    return req, True


def update_draft(req: SupportRequest, actor, type_code: str, title: str, description: str) -> None:
    """Only a draft can be edited; after submission the text is what the DOST received."""
    if req.state != wf.State.DRAFT:
        raise wf.WorkflowError("support.edit.not_draft")
    req.title, req.description = _check_content(type_code, title, description)
    req.type_code = type_code
    log_action(actor.id, "support.edit", "support_request", req.id)


def _lock(req: SupportRequest) -> SupportRequest:
    """Re-read the row under SELECT … FOR UPDATE, so concurrent moves see each other's result."""
    return db.session.execute(
        select(SupportRequest).where(SupportRequest.id == req.id).with_for_update()
        .execution_options(populate_existing=True)).scalar_one()


def resolve_assignee(key: str | None) -> tuple[str, int]:
    """'p:12' → ('person', 12), 'o:7' → ('organisation', 7) for an existing, active end."""
    kind, _, ident = (key or "").partition(":")
    number = parse_int(ident)
    if number is not None:
        if kind == "p":
            person = db.session.get(Person, number)
            if person is not None and not person.archived:
                return "person", person.id
        if kind == "o":
            org = db.session.get(Organisation, number)
            if org is not None and org.status != "archived" and org.kind != "startup":
                return "organisation", org.id
    raise SupportError("support.assign.assignee_required", field="assignee")


def transition(req: SupportRequest, action: str, actor, reason: str | None = None,
               note: str | None = None, assignee: str | None = None) -> SupportRequest:
    """Apply one workflow action; WorkflowError (nothing changed) when refused."""
    req = _lock(req)
    params = {}
    if action in ("decline", "reopen"):
        params["reason"] = (reason or "").strip()[:MAX_TEXT] or None
    elif action == "withdraw":
        params["reason"] = (reason or "").strip()[:MAX_TEXT] or None
    elif action == "assign":
        kind, ident = resolve_assignee(assignee)
        params.update(assignee_kind=kind, assignee_id=ident)
    if action in ("triage", "assign", "resolve") and note and note.strip():
        params["note"] = note.strip()[:MAX_TEXT]
    before = req.state
    req.state = wf.apply(before, action, req.roles_of(actor), **params).value
    now = utcnow()
    if action == "submit":
        req.submitted_at = req.submitted_at or now
    elif action == "assign":
        req.assignee_person_id = ident if kind == "person" else None
        req.assignee_org_id = ident if kind == "organisation" else None
    elif action == "resolve":
        req.resolved_at = now
    elif action == "decline":
        req.decline_reason, req.closed_at = params["reason"], now
    elif action == "withdraw":
        req.closed_at = now
    elif action == "reopen":
        req.resolved_at = req.closed_at = None
    _event(req, action, before, actor, params.get("reason") or params.get("note"))
    log_action(actor.id, f"support.{action}", "support_request", req.id, before=before,
               after=req.state)
    db.session.flush()
    support_notify.state_changed(req, action, actor, params.get("reason"))
    webhooks.emit("support.request.state_changed", {"id": req.id, "organisation_id": req.organisation_id,
                                                    "action": action, "from": before, "to": req.state},
                  [req.organisation_id])
    return req


def add_comment(req: SupportRequest, actor, body: str, internal: bool = False) -> SupportComment:
    """A message in the thread; only the DOST and the assignee write (and read) internal notes."""
    body = (body or "").strip()
    if not body:
        raise SupportError("support.comment.required", field="body")
    if internal and not req.shows_internal_notes_to(actor):
        raise SupportError("support.comment.internal_forbidden", field="internal")
    if req.state == wf.State.DRAFT and internal:
        raise SupportError("support.comment.internal_forbidden", field="internal")
    comment = SupportComment(request_id=req.id, author_id=actor.id, body=body[:MAX_TEXT],
                             internal=bool(internal))
    db.session.add(comment)
    db.session.flush()
    log_action(actor.id, "support.comment", "support_request", req.id, internal=bool(internal))
    support_notify.commented(req, comment, actor)
    return comment


def visible_comments(req: SupportRequest, user) -> list[SupportComment]:
    """The thread as this user may read it: internal notes only for the DOST and the assignee."""
    if req.shows_internal_notes_to(user):
        return list(req.comments)
    return [c for c in req.comments if not c.internal]
