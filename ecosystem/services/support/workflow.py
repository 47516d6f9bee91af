"""The support-request life cycle as data, so views, jobs and tests agree on every allowed move.

Pure: no Flask, no models. The service layer works out the actor's roles *relative to one
request* and calls `apply`; a refused move raises `WorkflowError` and changes nothing.

Roles (relative to the request, not global account roles):
  startup   a member of the startup that owns the request
  officer   a DOST officer
  admin     an administrator (may do everything an officer may)
  assignee  the person assigned, or a member of the organisation assigned

Decisions recorded here:
  - withdraw: only the startup, from any open state (draft, submitted, triaged, assigned,
    in_progress); it is the startup's request and it may stop needing help at any time.
    Withdrawn is final (no reopen): the startup files a new request instead.
  - assign is also re-assign: from triaged, assigned or in_progress (back to assigned), so an
    officer can hand the work to someone else when the first assignee cannot help.
  - resolve: by the assignee or an officer, from assigned or in_progress (a mentor who helped
    in one meeting need not press "start" first).
  - decline: officer/admin only, from submitted, triaged, assigned or in_progress, with a
    non-blank reason. An assignee who cannot help says so in a comment; the officer re-assigns.
  - reopen: officer/admin only, resolved or declined -> triaged, with a non-blank reason (the
    startup says it was not solved, or a decline was a mistake); the officer then assigns again.
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ecosystem.codes import REQUEST_ROLES, RequestState as State
from ecosystem.services.platform.errors import DomainError


class Action(StrEnum):
    SUBMIT = "submit"
    TRIAGE = "triage"
    ASSIGN = "assign"
    START = "start"
    RESOLVE = "resolve"
    DECLINE = "decline"
    WITHDRAW = "withdraw"
    REOPEN = "reopen"


STARTUP, OFFICER, ADMIN, ASSIGNEE = REQUEST_ROLES
ROLES = frozenset(REQUEST_ROLES)
ASSIGNEE_KINDS = frozenset({"person", "organisation"})

TERMINAL_STATES = frozenset({State.RESOLVED, State.DECLINED, State.WITHDRAWN})
OPEN_STATES = frozenset({State.SUBMITTED, State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS})
BOARD_COLUMNS = (State.SUBMITTED, State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS,
                 State.RESOLVED, State.DECLINED, State.WITHDRAWN)


@dataclass(frozen=True)
class Transition:
    """One move: from which states, to which state, by whom, needing which parameters."""

    sources: frozenset
    target: State
    roles: frozenset
    required: tuple = ()
    optional: tuple = ()


_STAFF = frozenset({OFFICER, ADMIN})
_ANY_OPEN = frozenset({State.DRAFT}) | OPEN_STATES

TRANSITIONS: dict[Action, Transition] = {
    Action.SUBMIT: Transition(frozenset({State.DRAFT}), State.SUBMITTED, frozenset({STARTUP})),
    Action.TRIAGE: Transition(frozenset({State.SUBMITTED}), State.TRIAGED, _STAFF,
                              optional=("note",)),
    Action.ASSIGN: Transition(frozenset({State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS}),
                              State.ASSIGNED, _STAFF, required=("assignee_kind", "assignee_id"),
                              optional=("note",)),
    Action.START: Transition(frozenset({State.ASSIGNED}), State.IN_PROGRESS,
                             _STAFF | {ASSIGNEE}),
    Action.RESOLVE: Transition(frozenset({State.ASSIGNED, State.IN_PROGRESS}), State.RESOLVED,
                               _STAFF | {ASSIGNEE}, optional=("note",)),
    Action.DECLINE: Transition(OPEN_STATES, State.DECLINED, _STAFF, required=("reason",)),
    Action.WITHDRAW: Transition(_ANY_OPEN, State.WITHDRAWN, frozenset({STARTUP}),
                                optional=("reason",)),
    Action.REOPEN: Transition(frozenset({State.RESOLVED, State.DECLINED}), State.TRIAGED, _STAFF,
                              required=("reason",)),
}


class WorkflowError(DomainError, ValueError):
    """A refused move; `code` is a message key for the view (e.g. support.transition.invalid)."""


class TransitionForbidden(WorkflowError):
    """The move exists from this state but not for these roles: the view answers 403."""

    status = 403


def _as_enum(enum_cls, value, code: str):
    try:
        return enum_cls(value)
    except ValueError:
        raise WorkflowError(code, value=value) from None


def _check_roles(actor_roles) -> frozenset:
    roles = frozenset(actor_roles)
    unknown = roles - ROLES
    if unknown:
        raise ValueError(f"unknown workflow roles: {sorted(unknown)}")
    return roles


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_params(action: Action, rule: Transition, params: dict) -> None:
    unexpected = set(params) - set(rule.required) - set(rule.optional)
    if unexpected:
        raise TypeError(f"{action}: unexpected parameters {sorted(unexpected)}")
    for name in rule.required:
        if _blank(params.get(name)):
            raise WorkflowError(f"support.{action}.{name}_required")
    if action is Action.ASSIGN and params["assignee_kind"] not in ASSIGNEE_KINDS:
        raise WorkflowError("support.assign.assignee_kind_invalid", value=params["assignee_kind"])


def apply(state, action, actor_roles, **params) -> State:
    """The state after `action`; WorkflowError for an invalid move or bad params."""
    action = _as_enum(Action, action, "support.action.unknown")
    state = _as_enum(State, state, "support.state.unknown")
    roles = _check_roles(actor_roles)
    rule = TRANSITIONS[action]
    if state not in rule.sources:
        raise WorkflowError("support.transition.invalid", state=str(state), action=str(action))
    if not roles & rule.roles:
        raise TransitionForbidden("support.transition.forbidden", state=str(state),
                                  action=str(action))
    _check_params(action, rule, params)
    return rule.target


def allowed_actions(state, actor_roles) -> list[Action]:
    """Actions these roles may attempt from `state`, in table order (the buttons to show)."""
    state = _as_enum(State, state, "support.state.unknown")
    roles = _check_roles(actor_roles)
    return [a for a, rule in TRANSITIONS.items() if state in rule.sources and roles & rule.roles]


def may_ever(action, actor_roles) -> bool:
    """Whether these roles could perform `action` from some state (else the view answers 403)."""
    action = _as_enum(Action, action, "support.action.unknown")
    return bool(_check_roles(actor_roles) & TRANSITIONS[action].roles)


# --- time helpers (calendar days; the target per request type is a setting) -------------------

def due_at(submitted_at: datetime | None, target_days: int | None) -> datetime | None:
    """When the request should be resolved; None when never submitted or the type has no target."""
    if submitted_at is None or target_days is None:
        return None
    return submitted_at + timedelta(days=target_days)


def is_overdue(submitted_at: datetime | None, target_days: int | None, now: datetime,
               state) -> bool:
    """True for an open request past its target; drafts and finished requests are never overdue."""
    if State(state) not in OPEN_STATES:
        return False
    deadline = due_at(submitted_at, target_days)
    return deadline is not None and now > deadline


def reminder_slot(submitted_at: datetime | None, target_days: int | None, now: datetime, state,
                  every_days: int) -> int | None:
    """Which reminder an overdue request is due: 0 on the first overdue day, then +1 every N days.

    None when not overdue. The job sends each (request, slot) once, so two schedulers or a
    re-run never remind twice and the cadence (a setting) needs no "last reminded" column.
    """
    if every_days < 1:
        raise ValueError("reminder cadence must be at least one day")
    if not is_overdue(submitted_at, target_days, now, state):
        return None
    late = now - due_at(submitted_at, target_days)
    return late.days // every_days


def median_time_to_resolve(pairs) -> timedelta | None:
    """Median resolved_at - submitted_at over (submitted_at, resolved_at); unresolved skipped."""
    spans = [resolved - submitted for submitted, resolved in pairs
             if submitted is not None and resolved is not None]
    if not spans:
        return None
    if any(span < timedelta(0) for span in spans):
        raise ValueError("a request resolved before it was submitted")
    return statistics.median(spans)
