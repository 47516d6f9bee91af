"""Standings, ranking with a stated tie-break rule, and advancement rules, all given as data."""
from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cmp_to_key
from typing import Hashable, Mapping, Sequence

from ecosystem.services.awards.rubric import (Rubric, combine_public_vote, normalize_votes, parse_share,
                                             weighted_total)
from ecosystem.services.awards.normalisation import Normalisation, explain_normalisation

SCORE_KEYS = ("final", "normalised", "raw_mean", "vote")
_ZERO = 1e-9


@dataclass(frozen=True)
class Standing:
    """One nomination's figures in a round: what the results page shows side by side."""

    nomination_id: Hashable
    category: Hashable
    raw_mean: float | None  # None: no judge scored it (a vote-only round)
    normalised: float | None
    final: float | None
    vote: float | None = None
    judges: int = 0
    criterion_means: dict = field(default_factory=dict)
    criterion_min: dict = field(default_factory=dict)  # lowest score any judge gave, per criterion
    submitted_at: object = None  # anything orderable (datetime, ISO string)


def build_standings(sheets: Mapping[tuple, Mapping[str, float]], rubric: Rubric | None, categories: Mapping,
                    submitted_at: Mapping | None = None, votes: Mapping | None = None, share=0,
                    vote_method: str = "max", scale=None) -> tuple[list[Standing], Normalisation]:
    """{(judge, nomination): {criterion: score}} -> a standing (raw, normalised, vote, final) for every
    nomination of the round (the keys of `categories`) and the normalisation figures. The scale defaults
    to the rubric's range; a vote-only round (share 1) may have no rubric; unscored entries get None."""
    if rubric is None and (sheets or scale is None):
        raise ValueError("scores need a rubric, and a round without one needs an explicit scale")
    scale = tuple(scale) if scale is not None else rubric.scale
    totals = {key: weighted_total(rubric, sheet) for key, sheet in sheets.items()}
    report = explain_normalisation(totals, scale)
    nominations = list(dict.fromkeys([*categories, *report.normalised]))
    use_vote = votes is not None and parse_share(share) > 0
    vote_scores = normalize_votes(votes, nominations, scale, vote_method) if use_vote else {}
    jury = {n: report.normalised.get(n) for n in nominations}
    finals = combine_public_vote(jury, vote_scores, share if use_vote else 0)
    per_criterion: dict = defaultdict(lambda: defaultdict(list))
    for (_, nomination), sheet in sheets.items():
        for c in rubric.criteria:
            per_criterion[nomination][c.code].append(float(sheet[c.code]))
    submitted_at = submitted_at or {}
    judged = Counter(nomination for _, nomination in sheets)
    standings = [
        Standing(
            nomination_id=n, category=categories.get(n), raw_mean=report.raw_mean.get(n),
            normalised=jury[n], final=finals[n], vote=vote_scores.get(n) if use_vote else None,
            judges=judged[n],
            criterion_means={code: statistics.fmean(v) for code, v in per_criterion[n].items()},
            criterion_min={code: min(v) for code, v in per_criterion[n].items()},
            submitted_at=submitted_at.get(n),
        )
        for n in nominations
    ]
    return standings, report


def _key_value(standing: Standing, key: str, rubric: Rubric | None, decimals: int):
    """The value a tie-break key compares; scores are compared at the published precision."""
    if key == "submitted_at":
        return standing.submitted_at
    if key in SCORE_KEYS:
        value = getattr(standing, key)
    elif key == "heaviest_criterion" or key.startswith("criterion:"):
        if rubric is None:  # a vote-only round has no criteria: the key cannot separate anyone
            return None
        code = rubric.heaviest().code if key == "heaviest_criterion" else key.split(":", 1)[1]
        value = standing.criterion_means.get(code)
    else:
        raise ValueError(f"unknown tie-break key {key!r}")
    return None if value is None else round(value, decimals)


def _compare(a, b, order: str) -> int:
    """-1 when a ranks above b; a missing value always ranks below a present one."""
    if a == b:
        return 0
    if a is None or b is None:
        return 1 if a is None else -1
    better = a > b if order == "desc" else a < b
    return -1 if better else 1


@dataclass(frozen=True)
class Ranked:
    """A place in a ranking; `separated_by` names the key that set it apart from the entry above."""

    rank: int
    standing: Standing
    separated_by: str | None


def rank_standings(standings: Sequence[Standing], tie_break: Sequence[Mapping], rubric: Rubric | None = None,
                   decimals: int = 2) -> list[Ranked]:
    """Order by the tie-break rule (a list of {"by": key, "order": "desc"|"asc"}, the first key being the
    main score); entries equal on every key share a rank (1, 2, 2, 4)."""
    if not tie_break:
        raise ValueError("a ranking needs at least one key")
    keys = [(rule["by"], rule.get("order", "asc" if rule["by"] == "submitted_at" else "desc")) for rule in tie_break]
    values = {id(s): [_key_value(s, k, rubric, decimals) for k, _ in keys] for s in standings}

    def compare(a: Standing, b: Standing) -> int:
        for i, (_, order) in enumerate(keys):
            result = _compare(values[id(a)][i], values[id(b)][i], order)
            if result:
                return result
        return 0

    ordered = sorted(standings, key=cmp_to_key(compare))
    ranked: list[Ranked] = []
    for position, standing in enumerate(ordered, start=1):
        if not ranked:
            ranked.append(Ranked(1, standing, None))
            continue
        above = ranked[-1].standing
        separated = next((k for i, (k, _) in enumerate(keys) if values[id(above)][i] != values[id(standing)][i]), None)
        ranked.append(Ranked(ranked[-1].rank if separated is None else position, standing, separated))
    return ranked


ADVANCE_REASONS = {
    "outside_top_n": {"vi": "Xếp hạng {rank}, ngoài {n} vị trí dẫn đầu.",
                      "en": "Ranked {rank}, outside the top {n}."},
    "below_threshold": {"vi": "Điểm {score} thấp hơn mức tối thiểu {min}.",
                        "en": "Score {score} is below the minimum of {min}."},
    "zero_criterion": {"vi": "Có tiêu chí “{name}” bị chấm 0 điểm.",
                       "en": "Criterion “{name}” was scored 0."},
    "not_scored": {"vi": "Chưa có điểm.", "en": "Not scored."},
}


@dataclass
class Decision:
    """Whether a nomination advances and, when not, every reason (codes + params for translation)."""

    advanced: bool
    reasons: list = field(default_factory=list)


def _top_n(standings, rule, tie_break, rubric, decimals, ties_at_cutoff) -> dict:
    """Top N per category (or overall), ranked on rule["by"] first when given; exact ties at the cutoff
    all pass unless ties_at_cutoff is "exclude"; an entry with no score on the main key never passes."""
    if ties_at_cutoff not in ("include", "exclude"):
        raise ValueError(f"ties_at_cutoff must be 'include' or 'exclude', got {ties_at_cutoff!r}")
    groups: dict = defaultdict(list)
    for s in standings:
        groups[s.category if rule.get("per", "category") == "category" else None].append(s)
    decisions = {}
    n = int(rule["n"])
    order = [{"by": rule["by"]}, *tie_break] if rule.get("by") else tie_break
    for members in groups.values():
        places = rank_standings(members, order, rubric, decimals)
        tied = defaultdict(int)
        for place in places:
            tied[place.rank] += 1
        for place in places:
            if _key_value(place.standing, order[0]["by"], rubric, decimals) is None:
                decisions[place.standing.nomination_id] = Decision(False, [{"code": "not_scored", "params": {}}])
                continue
            last = place.rank if ties_at_cutoff == "include" else place.rank + tied[place.rank] - 1
            inside = last <= n
            decisions[place.standing.nomination_id] = Decision(inside, [] if inside else [
                {"code": "outside_top_n", "params": {"rank": place.rank, "n": n}}])
    return decisions


def _threshold(standings, rule, rubric) -> dict:
    """Score >= min on the chosen figure and, when asked, no criterion at 0 (by any judge or on average)."""
    decisions = {}
    figure, minimum, zero_rule = rule.get("score", "raw_mean"), float(rule["min"]), rule.get("no_zero_criterion")
    names = {c.code: c.name for c in rubric.criteria} if rubric else {}
    for s in standings:
        reasons = []
        score = getattr(s, figure)
        if score is None:
            reasons.append({"code": "not_scored", "params": {}})
        elif score < minimum - _ZERO:
            reasons.append({"code": "below_threshold", "params": {"score": round(score, 2), "min": rule["min"]}})
        if zero_rule:
            lows = s.criterion_min if zero_rule == "any_judge" else s.criterion_means
            for code, value in lows.items():
                if math.isclose(value, 0.0, abs_tol=_ZERO):
                    reasons.append({"code": "zero_criterion", "params": {"criterion": code, "name": names.get(code, code)}})
        decisions[s.nomination_id] = Decision(not reasons, reasons)
    return decisions


def apply_advancement(standings: Sequence[Standing], rule: Mapping, tie_break: Sequence[Mapping],
                      rubric: Rubric | None = None, decimals: int = 2, ties_at_cutoff: str = "include") -> dict:
    """{nomination: Decision} for a rule {"kind": "top_n" | "threshold" | "all_of", ...} given as data."""
    kind = rule["kind"]
    if kind == "top_n":
        return _top_n(standings, rule, tie_break, rubric, decimals, ties_at_cutoff)
    if kind == "threshold":
        return _threshold(standings, rule, rubric)
    if kind == "all_of":
        parts = [apply_advancement(standings, r, tie_break, rubric, decimals, ties_at_cutoff) for r in rule["rules"]]
        return {s.nomination_id: Decision(all(p[s.nomination_id].advanced for p in parts),
                                          [r for p in parts for r in p[s.nomination_id].reasons])
                for s in standings}
    raise ValueError(f"unknown advancement rule {kind!r}")
