"""The support-request state machine: hand-picked moves, then random sequences by random roles."""
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from ecosystem.services.support import workflow as wf
from ecosystem.services.support.workflow import State, TransitionForbidden, WorkflowError, apply

ALL_ROLES = sorted(wf.ROLES)
ASSIGN = {"assignee_kind": "person", "assignee_id": 7}

# Written out by hand from issue 3 and the module's documented decisions, independently of
# the module's table: (from, action) -> to. Everything not listed must be refused.
EXPECTED_EDGES = {
    ("draft", "submit"): "submitted",
    ("submitted", "triage"): "triaged",
    ("triaged", "assign"): "assigned",
    ("assigned", "assign"): "assigned",
    ("in_progress", "assign"): "assigned",
    ("assigned", "start"): "in_progress",
    ("assigned", "resolve"): "resolved",
    ("in_progress", "resolve"): "resolved",
    ("submitted", "decline"): "declined",
    ("triaged", "decline"): "declined",
    ("assigned", "decline"): "declined",
    ("in_progress", "decline"): "declined",
    ("draft", "withdraw"): "withdrawn",
    ("submitted", "withdraw"): "withdrawn",
    ("triaged", "withdraw"): "withdrawn",
    ("assigned", "withdraw"): "withdrawn",
    ("in_progress", "withdraw"): "withdrawn",
    ("resolved", "reopen"): "triaged",
    ("declined", "reopen"): "triaged",
}
# Who may perform each action (a set of roles of which the actor must hold at least one).
EXPECTED_ROLES = {
    "submit": {"startup"},
    "triage": {"officer", "admin"},
    "assign": {"officer", "admin"},
    "start": {"officer", "admin", "assignee"},
    "resolve": {"officer", "admin", "assignee"},
    "decline": {"officer", "admin"},
    "withdraw": {"startup"},
    "reopen": {"officer", "admin"},
}
GOOD_PARAMS = {
    "assign": ASSIGN,
    "decline": {"reason": "Ngoài phạm vi hỗ trợ"},
    "reopen": {"reason": "Startup báo chưa giải quyết xong"},
}
BAD_PARAMS = {
    "assign": {"assignee_kind": "club", "assignee_id": 3},
    "decline": {"reason": "  "},
    "reopen": {"reason": ""},
}


def test_happy_path_of_the_issue_journey():
    state = apply("draft", "submit", {"startup"})
    state = apply(state, "triage", {"officer"})
    state = apply(state, "assign", {"officer"}, assignee_kind="person", assignee_id=12)
    state = apply(state, "resolve", {"assignee"}, note="Đã gặp cố vấn hai buổi")
    assert state == State.RESOLVED == "resolved"


def test_resolving_a_draft_is_an_invalid_transition():
    with pytest.raises(WorkflowError) as err:
        apply("draft", "resolve", {"admin"})
    assert err.value.code == "support.transition.invalid"
    assert not isinstance(err.value, TransitionForbidden)
    assert err.value.params == {"state": "draft", "action": "resolve"}


def test_a_startup_cannot_triage_its_own_request():
    with pytest.raises(TransitionForbidden) as err:
        apply("submitted", "triage", {"startup"})
    assert err.value.code == "support.transition.forbidden"


@pytest.mark.parametrize("reason", [None, "", "   \n\t"])
def test_decline_needs_a_non_blank_reason(reason):
    with pytest.raises(WorkflowError) as err:
        apply("triaged", "decline", {"officer"}, reason=reason)
    assert err.value.code == "support.decline.reason_required"
    with pytest.raises(WorkflowError):
        apply("triaged", "decline", {"officer"})


def test_assign_needs_an_assignee_of_a_known_kind():
    with pytest.raises(WorkflowError) as err:
        apply("triaged", "assign", {"officer"}, assignee_kind="person")
    assert err.value.code == "support.assign.assignee_id_required"
    with pytest.raises(WorkflowError) as err:
        apply("triaged", "assign", {"officer"}, assignee_kind="club", assignee_id=3)
    assert err.value.code == "support.assign.assignee_kind_invalid"
    assert apply("triaged", "assign", {"admin"}, assignee_kind="organisation",
                 assignee_id=3) == "assigned"


def test_unknown_action_and_state_are_domain_errors_unknown_role_is_a_bug():
    with pytest.raises(WorkflowError) as err:
        apply("draft", "approve", {"officer"})
    assert err.value.code == "support.action.unknown"
    with pytest.raises(WorkflowError) as err:
        apply("archived", "submit", {"startup"})
    assert err.value.code == "support.state.unknown"
    with pytest.raises(ValueError, match="unknown workflow roles"):
        apply("draft", "submit", {"startup_member"})


def test_unexpected_parameter_is_refused():
    with pytest.raises(TypeError):
        apply("draft", "submit", {"startup"}, reason="x")


def test_withdrawn_is_final_even_for_an_admin():
    for action in wf.Action:
        with pytest.raises(WorkflowError):
            apply("withdrawn", action, set(ALL_ROLES), **GOOD_PARAMS.get(action, {}))


@pytest.mark.parametrize("state", [s.value for s in State])
@pytest.mark.parametrize("action", [a.value for a in wf.Action])
def test_table_matches_the_hand_written_edges_and_roles(state, action):
    params = GOOD_PARAMS.get(action, {})
    expected = EXPECTED_EDGES.get((state, action))
    for role in ALL_ROLES:
        if expected is None:
            with pytest.raises(WorkflowError) as err:
                apply(state, action, {role}, **params)
            assert err.value.code == "support.transition.invalid"
        elif role in EXPECTED_ROLES[action]:
            assert apply(state, action, {role}, **params) == expected
        else:
            with pytest.raises(TransitionForbidden):
                apply(state, action, {role}, **params)


def test_allowed_actions_are_the_buttons_to_show():
    assert wf.allowed_actions("assigned", {"assignee"}) == ["start", "resolve"]
    assert wf.allowed_actions("assigned", {"startup"}) == ["withdraw"]
    assert wf.allowed_actions("draft", {"officer"}) == []
    assert set(wf.allowed_actions("resolved", {"officer"})) == {"reopen"}


def test_every_state_is_reachable_from_draft():
    seen, frontier = {"draft"}, ["draft"]
    while frontier:
        state = frontier.pop()
        for action in wf.allowed_actions(state, set(ALL_ROLES)):
            nxt = apply(state, action, set(ALL_ROLES), **GOOD_PARAMS.get(action, {}))
            if nxt not in seen:
                seen.add(nxt)
                frontier.append(nxt)
    assert seen == {s.value for s in State}


# --- property tests -----------------------------------------------------------------------

roles_st = st.one_of(st.sampled_from([{r} for r in ALL_ROLES]),
                     st.sets(st.sampled_from(ALL_ROLES), max_size=3))
reason_st = st.one_of(st.none(), st.just(""), st.just("  "), st.text(min_size=1, max_size=20))
params_st = st.fixed_dictionaries({}, optional={
    "reason": reason_st,
    "assignee_kind": st.sampled_from(["person", "organisation", "club", ""]),
    "assignee_id": st.one_of(st.none(), st.integers(1, 50)),
})


def _expected(state, action, roles, params):
    """The oracle: the hand-written tables plus parameter rules; None when it must be refused."""
    target = EXPECTED_EDGES.get((state, action))
    if target is None or not set(roles) & EXPECTED_ROLES[action]:
        return None
    if action in {"decline", "reopen"} and not (params.get("reason") or "").strip():
        return None
    if action == "assign" and (params.get("assignee_kind") not in {"person", "organisation"}
                               or params.get("assignee_id") is None):
        return None
    return target


def _try(state, action, roles, params):
    """apply() filtered to the parameters the action accepts; None when refused."""
    rule = wf.TRANSITIONS[wf.Action(action)]
    usable = {k: v for k, v in params.items() if k in rule.required + rule.optional}
    try:
        return apply(state, action, roles, **usable)
    except WorkflowError:
        return None


class RequestLifecycle(RuleBasedStateMachine):
    """Random actions by random roles and parameters; every step checked against the oracle."""

    def __init__(self):
        super().__init__()
        self.state = "draft"
        self.history = []  # accepted (from, action, roles, params, to)

    def _step(self, action, roles, params):
        before = self.state
        after = _try(before, action, roles, params)
        assert after == _expected(before, action, roles, params), (before, action, roles, params)
        if after is not None:
            self.history.append((before, action, frozenset(roles), params, after))
            self.state = after

    @rule(action=st.sampled_from([a.value for a in wf.Action]), roles=roles_st, params=params_st)
    def any_action(self, action, roles, params):
        self._step(action, roles, params)

    @rule(data=st.data())
    def a_permitted_move(self, data):
        """Steers the walk deeper: an action with an edge from here, by a role allowed to do it."""
        here = sorted(a for (s, a) in EXPECTED_EDGES if s == self.state)
        if here:
            action = data.draw(st.sampled_from(here))
            role = data.draw(st.sampled_from(sorted(EXPECTED_ROLES[action])))
            self._step(action, {role}, GOOD_PARAMS.get(action, {}))

    @precondition(lambda self: self.state in {"resolved", "declined"})
    @rule()
    def officer_reopens(self):
        self._step("reopen", {"officer"}, {"reason": "chưa xong"})
        assert self.state == "triaged"

    @precondition(lambda self: self.state in wf.TERMINAL_STATES)
    @rule()
    def startup_files_a_new_request(self):
        self.state = "draft"

    @invariant()
    def state_is_valid(self):
        assert self.state in {s.value for s in State}

    @invariant()
    def every_move_from_here_agrees_with_the_oracle(self):
        for action in wf.Action:
            for role in ALL_ROLES:
                for params in (GOOD_PARAMS.get(action, {}), BAD_PARAMS.get(action, {}), {}):
                    assert _try(self.state, action, {role}, params) == _expected(
                        self.state, action, {role}, params), (self.state, action, role, params)

    @invariant()
    def every_accepted_move_is_a_documented_edge_by_a_permitted_role(self):
        for before, action, roles, params, after in self.history:
            assert EXPECTED_EDGES[(before, action)] == after
            assert roles & EXPECTED_ROLES[action]

    @invariant()
    def leaving_a_terminal_state_is_only_reopen_and_never_from_withdrawn(self):
        for before, action, *_ in self.history:
            if before in {"resolved", "declined", "withdrawn"}:
                assert action == "reopen" and before != "withdrawn"

    @invariant()
    def declines_and_reopens_always_carry_a_reason(self):
        for _, action, _, params, _ in self.history:
            if action in {"decline", "reopen"}:
                assert params["reason"].strip()
            if action == "assign":
                assert params["assignee_kind"] in {"person", "organisation"}
                assert params["assignee_id"] is not None

    @invariant()
    def a_startup_alone_never_moves_the_request_inside_the_dost(self):
        for _, action, roles, _, _ in self.history:
            if roles == {"startup"}:
                assert action in {"submit", "withdraw"}


TestRequestLifecycle = RequestLifecycle.TestCase
TestRequestLifecycle.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)


@given(state=st.sampled_from([s.value for s in State]),
       action=st.sampled_from([a.value for a in wf.Action]), roles=roles_st, params=params_st)
def test_any_single_move_agrees_with_the_oracle(state, action, roles, params):
    assert _try(state, action, roles, params) == _expected(state, action, roles, params)


@given(state=st.sampled_from(sorted(wf.TERMINAL_STATES)),
       action=st.sampled_from([a.value for a in wf.Action if a != "reopen"]),
       roles=roles_st, params=params_st)
def test_terminal_states_stay_terminal_without_reopen(state, action, roles, params):
    assert _try(state, action, roles, params) is None


# --- time helpers ---------------------------------------------------------------------------

T0 = datetime(2026, 3, 2, 9, 0)


def test_is_overdue_after_the_target_for_open_states_only():
    assert not wf.is_overdue(T0, 10, T0 + timedelta(days=10), "assigned")  # on the deadline
    assert wf.is_overdue(T0, 10, T0 + timedelta(days=10, seconds=1), "assigned")
    for state in ("submitted", "triaged", "in_progress"):
        assert wf.is_overdue(T0, 10, T0 + timedelta(days=11), state)
    for state in ("draft", "resolved", "declined", "withdrawn"):
        assert not wf.is_overdue(T0, 10, T0 + timedelta(days=99), state)
    assert not wf.is_overdue(T0, None, T0 + timedelta(days=99), "assigned")
    assert not wf.is_overdue(None, 10, T0 + timedelta(days=99), "submitted")


def test_reminder_slots_follow_the_cadence():
    due = T0 + timedelta(days=10)
    assert wf.reminder_slot(T0, 10, due, "assigned", 3) is None          # not yet late
    assert wf.reminder_slot(T0, 10, due + timedelta(hours=1), "assigned", 3) == 0
    assert wf.reminder_slot(T0, 10, due + timedelta(days=2, hours=23), "assigned", 3) == 0
    assert wf.reminder_slot(T0, 10, due + timedelta(days=3), "assigned", 3) == 1
    assert wf.reminder_slot(T0, 10, due + timedelta(days=7), "in_progress", 3) == 2
    assert wf.reminder_slot(T0, 10, due + timedelta(days=7), "resolved", 3) is None
    with pytest.raises(ValueError):
        wf.reminder_slot(T0, 10, due, "assigned", 0)


def test_may_ever_says_whether_a_role_could_ever_act():
    assert wf.may_ever("start", {"assignee"}) and wf.may_ever("withdraw", {"startup"})
    assert not wf.may_ever("triage", {"startup", "assignee"})
    assert not wf.may_ever("withdraw", {"officer", "admin"})
    assert not wf.may_ever("resolve", set())


def test_median_time_to_resolve():
    day = timedelta(days=1)
    pairs = [(T0, T0 + 2 * day), (T0, T0 + 10 * day), (T0, T0 + 4 * day), (T0, None)]
    assert wf.median_time_to_resolve(pairs) == 4 * day
    assert wf.median_time_to_resolve(pairs[:2]) == 6 * day
    assert wf.median_time_to_resolve([(T0, None)]) is None
    assert wf.median_time_to_resolve([]) is None
    with pytest.raises(ValueError):
        wf.median_time_to_resolve([(T0, T0 - day)])


# --- seed data the workflow relies on -----------------------------------------------------

def test_every_support_type_has_labels_and_a_target_time_setting():
    import json
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[3] / "seeds"
    types = json.loads((seeds / "support_types.json").read_text(encoding="utf-8"))
    support = json.loads((seeds / "settings" / "support.json").read_text(encoding="utf-8"))
    codes = [t["code"] for t in types]
    assert len(codes) == len(set(codes)) == 12
    assert all(t["vi"].strip() and t["en"].strip() for t in types)
    targets = {k.removeprefix("support.target_days."): v for k, v in support.items()
               if k.startswith("support.target_days.")}
    assert set(targets) == set(codes)
    assert all(isinstance(v, int) and v > 0 for v in targets.values())
    assert all(key.startswith("support.") for key in support)
    assert support["support.startup_max_age_years"] == 5
    assert support["support.upload_max_bytes"] == 10 * 1024 * 1024
