"""Checks on an award set-up given as data (seeds/awards/*.json), so a bad rule set fails before it opens."""
from __future__ import annotations

from copy import deepcopy
from datetime import date, timedelta
from decimal import InvalidOperation
from typing import Mapping

from ecosystem.services.awards.eligibility import rule_problems
from ecosystem.services.awards.ranking import SCORE_KEYS
from ecosystem.services.awards.rubric import Rubric, parse_share, rubric_problems

ZERO_CRITERION_RULES = (None, False, "any_judge", "average")
FORM_TYPES = ("text", "textarea", "number", "url")


def form_problems(form, where: str) -> list[dict]:
    """A category's nomination form as data: [{"code", "label": {"vi", "en"}, "type", "required"}]."""
    problems, seen = [], set()
    for item in form or ():
        code = item.get("code")
        label = item.get("label") or {}
        if not code or code in seen or item.get("type", "textarea") not in FORM_TYPES \
                or not label.get("vi") or not label.get("en"):
            problems.append({"code": "bad_form_field", "params": {"where": where, "field": code}})
        seen.add(code)
    return problems


def shift_setup(setup: Mapping, days: int, code: str | None = None, year: int | None = None) -> dict:
    """A copy with every date moved by `days` (a new edition or a live demo reuses a published rule set)."""
    moved = deepcopy(dict(setup))

    def shift(value):
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat() if value else value

    moved["effective_from"] = shift(moved.get("effective_from"))
    for key in ("opens", "closes"):
        if key in moved.get("submission", {}):
            moved["submission"][key] = shift(moved["submission"][key])
    for step in moved.get("rounds", []):
        step["starts"], step["ends"] = shift(step.get("starts")), shift(step.get("ends"))
    if code:
        moved["code"] = code
    if year:
        moved["year"] = year
    return moved


def advancement_problems(rule: Mapping | None) -> list[dict]:
    """Set-up errors in an advancement rule {"kind": "top_n" | "threshold" | "all_of", ...}."""
    if rule is None:
        return []
    kind = rule.get("kind")
    if kind == "top_n":
        n = rule.get("n")
        bad = not isinstance(n, int) or n < 1 or rule.get("per", "category") not in ("category", "all") \
            or rule.get("by", "final") not in SCORE_KEYS
        return [{"code": "bad_top_n", "params": {"rule": dict(rule)}}] if bad else []
    if kind == "threshold":
        ok = isinstance(rule.get("min"), (int, float)) and rule.get("score", "raw_mean") in SCORE_KEYS \
            and rule.get("no_zero_criterion") in ZERO_CRITERION_RULES
        return [] if ok else [{"code": "bad_threshold", "params": {"rule": dict(rule)}}]
    if kind == "all_of" and rule.get("rules"):
        return [p for part in rule["rules"] for p in advancement_problems(part)]
    return [{"code": "unknown_advancement", "params": {"kind": kind}}]


def _date(value, where: str, problems: list) -> date | None:
    """An ISO date, or a problem naming where it was expected."""
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append({"code": "bad_date", "params": {"where": where, "value": value}})
        return None


def _in_order(first, second, where: str, problems: list) -> None:
    if first and second and first > second:
        problems.append({"code": "dates_out_of_order", "params": {"where": where}})


def _round_problems(category: Mapping, step: Mapping, rounds: set, scale, problems: list) -> None:
    """One category's use of a round: known round, valid rubric on the award's scale, rule and vote share."""
    where = f"{category.get('code')}/{step.get('round')}"
    if step.get("round") not in rounds:
        problems.append({"code": "unknown_round", "params": {"where": where}})
    try:
        share = parse_share(step.get("public_vote_share", "0"))
    except (InvalidOperation, ValueError):
        problems.append({"code": "bad_vote_share", "params": {"where": where}})
        share = None
    problems.extend({**p, "params": {**p["params"], "where": where}} for p in advancement_problems(step.get("advancement")))
    if step.get("rubric") is None:
        if share != 1:  # only a round decided by the public vote alone may go without a rubric
            problems.append({"code": "missing_rubric", "params": {"where": where}})
        return
    try:
        rubric = Rubric.from_data(step["rubric"])
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        problems.append({"code": "bad_rubric", "params": {"where": where}})
        return
    for problem in rubric_problems(rubric, expected_total=scale[1] if scale else None):
        problems.append({**problem, "params": {**problem["params"], "where": where}})


def setup_problems(setup: Mapping) -> list[dict]:
    """Every error in an award cycle set-up: identity, dates, rounds, categories, rules and rubrics."""
    problems: list[dict] = []
    for key in ("code", "contest", "name", "year", "authority", "legal_basis", "effective_from", "rounds", "categories"):
        if not setup.get(key):
            problems.append({"code": "missing", "params": {"where": key}})
    if problems:
        return problems
    for lang in ("vi", "en"):
        if not setup["name"].get(lang):
            problems.append({"code": "missing", "params": {"where": f"name.{lang}"}})
    _date(setup["effective_from"], "effective_from", problems)
    submission = setup.get("submission", {})
    _in_order(_date(submission.get("opens"), "submission.opens", problems),
              _date(submission.get("closes"), "submission.closes", problems), "submission", problems)
    rounds, previous_end = set(), None
    for step in setup["rounds"]:
        starts = _date(step.get("starts"), f"{step.get('code')}.starts", problems)
        ends = _date(step.get("ends"), f"{step.get('code')}.ends", problems)
        _in_order(starts, ends, str(step.get("code")), problems)
        _in_order(previous_end, starts, f"before {step.get('code')}", problems)
        previous_end = ends or previous_end
        if step.get("code") in rounds:
            problems.append({"code": "duplicate_round", "params": {"where": step.get("code")}})
        rounds.add(step.get("code"))
    codes = set()
    for category in setup["categories"]:
        if category.get("code") in codes:
            problems.append({"code": "duplicate_category", "params": {"where": category.get("code")}})
        codes.add(category.get("code"))
        for problem in rule_problems(category.get("eligibility", [])):
            problems.append({**problem, "params": {**problem["params"], "where": category.get("code")}})
        problems.extend(form_problems(category.get("form"), str(category.get("code"))))
        if not category.get("rounds"):
            problems.append({"code": "missing", "params": {"where": f"{category.get('code')}.rounds"}})
        for step in category.get("rounds", []):
            _round_problems(category, step, rounds, setup.get("scale"), problems)
    return problems


ADVANCEMENT_TEXTS = {
    "top_n": {"vi": "{n} hồ sơ đứng đầu mỗi hạng mục", "en": "The top {n} entries of each category"},
    "top_n_all": {"vi": "{n} hồ sơ đứng đầu toàn vòng", "en": "The top {n} entries of the round"},
    "by_vote": {"vi": " (theo bình chọn)", "en": " (by public vote)"},
    "threshold": {"vi": "Điểm trung bình từ {min} trở lên", "en": "An average of at least {min}"},
    "no_zero": {"vi": " và không có tiêu chí nào bị chấm 0", "en": " and no criterion scored 0"},
    "and": {"vi": " và ", "en": " and "},
}


def advancement_text(rule: Mapping | None, lang: str = "vi") -> str:
    """An advancement rule in words ("average ≥ 50 and no criterion scored 0")."""
    if not rule:
        return ""
    if rule["kind"] == "all_of":
        return ADVANCEMENT_TEXTS["and"][lang].join(advancement_text(r, lang) for r in rule["rules"])
    if rule["kind"] == "top_n":
        key = "top_n" if rule.get("per", "category") == "category" else "top_n_all"
        text = ADVANCEMENT_TEXTS[key][lang].format(n=rule["n"])
        return text + (ADVANCEMENT_TEXTS["by_vote"][lang] if rule.get("by") == "vote" else "")
    text = ADVANCEMENT_TEXTS["threshold"][lang].format(min=rule["min"])
    return text + (ADVANCEMENT_TEXTS["no_zero"][lang] if rule.get("no_zero_criterion") else "")


def sheet_gaps(entries, sheets, k: int) -> dict:
    """Before closing or publishing a round: x / y sheets submitted and the entries with fewer than k
    submitted sheets. `sheets` is [(entry, submitted?)] for the active assignments of `entries`."""
    done: dict = {entry: 0 for entry in entries}
    submitted = 0
    for entry, is_submitted in sheets:
        if is_submitted:
            submitted += 1
            done[entry] = done.get(entry, 0) + 1
    short = sorted(entry for entry, count in done.items() if count < k)
    return {"submitted": submitted, "assigned": len(sheets), "short": short, "required": k,
            "complete": submitted == len(sheets) and not short}
