"""Normalised award results: per-judge z-scores remove a lenient or harsh judge's shift and stretch.

Pure: plain mappings in, plain values out; the results page and the tests share these functions.
"""
from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import Hashable, Mapping

ScoreKey = tuple[Hashable, Hashable]  # (judge_id, nomination_id)


@dataclass(frozen=True)
class Normalisation:
    """Every intermediate figure, so the results page can explain a normalised score."""

    judge_mean: dict  # judge_id -> m_j
    judge_std: dict  # judge_id -> s_j (population)
    z: dict  # (judge_id, nomination_id) -> z_{j,n}
    overall_mean: float  # M
    overall_std: float  # S (population)
    raw_mean: dict  # nomination_id -> plain mean of its raw totals
    unclipped: dict  # nomination_id -> M + S * mean z, before clipping
    normalised: dict  # nomination_id -> clipped to the scale


def _check_scale(scale) -> tuple[float, float]:
    """A scale is (low, high) with low < high; anything else is a set-up error worth raising."""
    low, high = (float(scale[0]), float(scale[1]))
    if not low < high:
        raise ValueError(f"scale must be (low, high) with low < high, got {scale!r}")
    return low, high


def _check_raw(scores: Mapping[ScoreKey, float]) -> dict[ScoreKey, float]:
    """Raw totals as floats; a NaN or infinite total would silently poison every mean."""
    clean = {}
    for key, raw in scores.items():
        value = float(raw)
        if not math.isfinite(value):
            raise ValueError(f"raw total for {key!r} is not a finite number: {raw!r}")
        clean[key] = value
    return clean


def _mean_std(values: list[float]) -> tuple[float, float]:
    """Mean and population std; statistics.pstdev is exact, so equal values give exactly 0."""
    return statistics.fmean(values), statistics.pstdev(values)


def explain_normalisation(scores: Mapping[ScoreKey, float], scale=(0, 100)) -> Normalisation:
    """All figures of the normalisation of issue 8 (see normalize_scores for the definition)."""
    low, high = _check_scale(scale)
    raw = _check_raw(scores)
    if not raw:
        return Normalisation({}, {}, {}, 0.0, 0.0, {}, {}, {})
    by_judge: dict = defaultdict(list)
    by_nomination: dict = defaultdict(list)
    for (judge, nomination), value in raw.items():
        by_judge[judge].append(value)
        by_nomination[nomination].append((judge, value))
    judge_mean, judge_std = {}, {}
    for judge, values in by_judge.items():
        judge_mean[judge], judge_std[judge] = _mean_std(values)
    z = {
        (judge, nomination): (value - judge_mean[judge]) / judge_std[judge] if judge_std[judge] else 0.0
        for (judge, nomination), value in raw.items()
    }
    overall_mean, overall_std = _mean_std(list(raw.values()))
    raw_mean, unclipped, normalised = {}, {}, {}
    for nomination, pairs in by_nomination.items():
        raw_mean[nomination] = statistics.fmean(value for _, value in pairs)
        mean_z = statistics.fmean(z[(judge, nomination)] for judge, _ in pairs)
        unclipped[nomination] = overall_mean + overall_std * mean_z
        normalised[nomination] = min(high, max(low, unclipped[nomination]))
    return Normalisation(judge_mean, judge_std, z, overall_mean, overall_std, raw_mean, unclipped, normalised)


def normalize_scores(scores: Mapping[ScoreKey, float], scale=(0, 100)) -> dict:
    """{(judge, nomination): raw total} -> {nomination: M + S * mean of its judges' z}, clipped to scale.

    For each judge j, m_j and s_j are the mean and population standard deviation of j's raw totals and
    z = (raw - m_j) / s_j (0 when s_j = 0); M and S are the mean and population standard deviation of all
    raw totals. An empty mapping gives an empty result.
    """
    return explain_normalisation(scores, scale).normalised


def judge_leniency(scores: Mapping[ScoreKey, float]) -> dict:
    """{judge: judge's mean raw total minus the mean of all raw totals}; positive = lenient."""
    report = explain_normalisation(scores, scale=(-math.inf, math.inf))
    return {judge: mean - report.overall_mean for judge, mean in report.judge_mean.items()}
