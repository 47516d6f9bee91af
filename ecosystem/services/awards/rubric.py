"""Rubric maths as data: each award publishes its own criteria, so weights and scales are never code.

A criterion is scored between `min` and `max` (step `step`). Its points are score x factor, where the
factor is `multiplier` when given (the "1-5 x multiplier" style) and otherwise `weight / max` (so
creativity 30 / economic efficiency 40 / social impact 30 scored 0-100 each add up to 100).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Hashable, Mapping

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Criterion:
    """One rubric line; `name` holds the Vietnamese and English labels shown to judges."""

    code: str
    name: dict
    max: float
    min: float = 0.0
    weight: float | None = None
    multiplier: float | None = None
    step: float | None = None

    @property
    def factor(self) -> float:
        """Points per unit of score."""
        return self.multiplier if self.multiplier is not None else self.weight / self.max

    @property
    def max_points(self) -> float:
        """What the criterion adds to the total at full marks; the heaviest criterion has the most."""
        return self.max * self.factor


@dataclass(frozen=True)
class Rubric:
    """The criteria of one round, in the order the judges see them."""

    criteria: tuple[Criterion, ...]

    @classmethod
    def from_data(cls, data: Mapping) -> "Rubric":
        """Build from seed/settings JSON: {"criteria": [{"code", "name", "max", "weight" | "multiplier"}]}."""
        criteria = []
        for item in data["criteria"]:
            criteria.append(Criterion(
                code=str(item["code"]),
                name=dict(item.get("name") or {"vi": item["code"], "en": item["code"]}),
                max=float(item["max"]),
                min=float(item.get("min", 0)),
                weight=None if item.get("weight") is None else float(item["weight"]),
                multiplier=None if item.get("multiplier") is None else float(item["multiplier"]),
                step=None if item.get("step") is None else float(item["step"]),
            ))
        return cls(tuple(criteria))

    def by_code(self) -> dict[str, Criterion]:
        """Criteria keyed by code."""
        return {c.code: c for c in self.criteria}

    @property
    def scale(self) -> tuple[float, float]:
        """The range of a judge's weighted total, e.g. (0, 100)."""
        return (sum(c.min * c.factor for c in self.criteria), sum(c.max_points for c in self.criteria))

    def heaviest(self) -> Criterion:
        """The criterion worth most points; the first one listed when several tie."""
        return max(self.criteria, key=lambda c: c.max_points)


def rubric_problems(rubric: Rubric, expected_total: float | None = None) -> list[dict]:
    """Set-up errors in a rubric (codes + params), checked before a round opens and on the seeds."""
    problems: list[dict] = []
    if not rubric.criteria:
        problems.append({"code": "rubric_empty", "params": {}})
    seen: set[str] = set()
    for c in rubric.criteria:
        if c.code in seen:
            problems.append({"code": "criterion_duplicate", "params": {"criterion": c.code}})
        seen.add(c.code)
        if not c.min < c.max:
            problems.append({"code": "criterion_bad_range", "params": {"criterion": c.code, "min": c.min, "max": c.max}})
        if (c.weight is None) == (c.multiplier is None):
            problems.append({"code": "criterion_weight_or_multiplier", "params": {"criterion": c.code}})
        elif (c.weight if c.weight is not None else c.multiplier) <= 0:
            problems.append({"code": "criterion_nonpositive_weight", "params": {"criterion": c.code}})
        if c.step is not None and c.step <= 0:
            problems.append({"code": "criterion_bad_step", "params": {"criterion": c.code}})
    if expected_total is not None and not problems and not math.isclose(rubric.scale[1], expected_total):
        problems.append({"code": "rubric_total", "params": {"total": rubric.scale[1], "expected": expected_total}})
    return problems


def weighted_total(rubric: Rubric, sheet: Mapping[str, float]) -> float:
    """A judge's total for one nomination: the sum of score x factor over the rubric's criteria."""
    missing = [c.code for c in rubric.criteria if sheet.get(c.code) is None]
    if missing:
        raise ValueError(f"score sheet lacks criteria: {', '.join(missing)}")
    return math.fsum(float(sheet[c.code]) * c.factor for c in rubric.criteria)


SHEET_REASONS = {
    "missing": {"vi": "Chưa chấm tiêu chí “{name}”.", "en": "Criterion “{name}” has no score."},
    "not_a_number": {"vi": "Điểm tiêu chí “{name}” không phải là số.", "en": "The score for “{name}” is not a number."},
    "out_of_range": {"vi": "Điểm tiêu chí “{name}” phải từ {min} đến {max}.",
                     "en": "The score for “{name}” must be between {min} and {max}."},
    "off_step": {"vi": "Điểm tiêu chí “{name}” phải là bội số của {step}.",
                 "en": "The score for “{name}” must be a multiple of {step}."},
    "unknown_criterion": {"vi": "Tiêu chí “{name}” không thuộc thang điểm của vòng này.",
                          "en": "Criterion “{name}” is not in this round's rubric."},
}


def _number(value) -> float | None:
    """A finite float from a form value (str, int, float, Decimal), None when it is not one."""
    if isinstance(value, bool):
        return None
    try:
        number = float(Decimal(str(value).strip().replace(",", "."))) if isinstance(value, str) else float(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _fmt(number: float) -> str:
    """3 not 3.0 in messages."""
    return str(int(number)) if float(number).is_integer() else str(number)


def validate_sheet(rubric: Rubric, sheet: Mapping[str, object], partial: bool = False) -> list[dict]:
    """Problems of a score sheet, each {"code", "criterion", "params"}; a draft (`partial`) may leave blanks."""
    problems: list[dict] = []
    for c in rubric.criteria:
        params = {"name": c.name, "min": _fmt(c.min), "max": _fmt(c.max)}
        value = sheet.get(c.code)
        if value is None or (isinstance(value, str) and not value.strip()):
            if not partial:
                problems.append({"code": "missing", "criterion": c.code, "params": params})
            continue
        number = _number(value)
        if number is None:
            problems.append({"code": "not_a_number", "criterion": c.code, "params": params})
        elif number < c.min - _TOLERANCE or number > c.max + _TOLERANCE:
            problems.append({"code": "out_of_range", "criterion": c.code, "params": params})
        elif c.step and not math.isclose((number - c.min) / c.step, round((number - c.min) / c.step), abs_tol=1e-6):
            problems.append({"code": "off_step", "criterion": c.code, "params": {**params, "step": _fmt(c.step)}})
    known = rubric.by_code()
    for code in sheet:
        if code not in known:
            problems.append({"code": "unknown_criterion", "criterion": code,
                             "params": {"name": {"vi": code, "en": code}}})
    return problems


def parse_sheet(rubric: Rubric, sheet: Mapping[str, object]) -> dict[str, float]:
    """The rubric's criteria that carry a number, as floats (run validate_sheet first for messages)."""
    parsed = {}
    for c in rubric.criteria:
        value = sheet.get(c.code)
        number = None if value is None or (isinstance(value, str) and not value.strip()) else _number(value)
        if number is not None:
            parsed[c.code] = number
    return parsed


def describe(problem: Mapping, reasons: Mapping, lang: str = "vi") -> str:
    """Fill a reason template in `lang`; a criterion name given as {vi, en} is picked in the same language."""
    template = reasons[problem["code"]][lang]
    params = {k: (v.get(lang) or v.get("vi")) if isinstance(v, dict) else v for k, v in problem["params"].items()}
    return template.format(**params)


def parse_share(share) -> Decimal:
    """A public-vote share as a Decimal rate in [0, 1] ("0.20", 0.2 or Decimal); a rate is never a float."""
    rate = Decimal(str(share))
    if not Decimal(0) <= rate <= Decimal(1):
        raise ValueError(f"public-vote share must be between 0 and 1, got {share!r}")
    return rate


def normalize_votes(votes: Mapping[Hashable, int], nominations, scale=(0, 100), method: str = "max") -> dict:
    """Vote counts onto the score scale: "max" gives the top entry the top of the scale, "minmax" spreads
    the fewest..most votes over the whole scale; nominations without votes count 0."""
    if method not in ("max", "minmax"):
        raise ValueError(f"unknown vote normalisation {method!r}")
    low, high = float(scale[0]), float(scale[1])
    counts = {n: int(votes.get(n, 0)) for n in nominations}
    if any(v < 0 for v in counts.values()):
        raise ValueError("vote counts cannot be negative")
    if not counts:
        return {}
    top = max(counts.values())
    bottom = min(counts.values()) if method == "minmax" else 0
    if top == bottom:
        return {n: (high if top else low) for n in counts}
    return {n: low + (high - low) * (v - bottom) / (top - bottom) for n, v in counts.items()}


def combine_public_vote(jury: Mapping[Hashable, float | None], votes_on_scale: Mapping[Hashable, float], share) -> dict:
    """final = (1 - share) x jury + share x vote (the vote already on the scale); share 0 keeps the jury score,
    share 1 is the vote alone; without a jury score (None) a mixed final is None too."""
    rate = parse_share(share)
    jury_part, vote_part = float(1 - rate), float(rate)
    finals = {}
    for n, score in jury.items():
        vote = float(votes_on_scale.get(n, 0.0))
        if rate == 1:
            finals[n] = vote
        elif score is None:
            finals[n] = None
        else:
            finals[n] = float(score) if rate == 0 else jury_part * float(score) + vote_part * vote
    return finals
