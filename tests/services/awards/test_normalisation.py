"""normalize_scores exactly as issue 8 defines it: hand-computed cases, degenerate cases, invariances."""
import math
import statistics

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ecosystem.services.awards.normalisation import explain_normalisation, judge_leniency, normalize_scores

WIDE = (-1e12, 1e12)  # no clipping: invariance is a property of the unclipped scores


def test_hand_computed_two_judges():
    scores = {("A", 1): 80, ("A", 2): 60, ("A", 3): 70, ("B", 1): 50, ("B", 2): 40}
    # A: m=70, s=sqrt(200/3), z = +sqrt(1.5), -sqrt(1.5), 0; B: m=45, s=5, z = +1, -1
    # all raw: M = 60, S = sqrt(200); n1 = 60 + sqrt(200) * (sqrt(1.5) + 1) / 2 = 60 + (sqrt(300) + sqrt(200)) / 2
    result = normalize_scores(scores, scale=(0, 100))
    lift = (math.sqrt(300) + math.sqrt(200)) / 2
    assert result == pytest.approx({1: 60 + lift, 2: 60 - lift, 3: 60.0}, abs=1e-12)
    assert result[1] == pytest.approx(75.73132, abs=1e-5)


def test_figures_behind_the_result():
    scores = {("A", 1): 80, ("A", 2): 60, ("A", 3): 70, ("B", 1): 50, ("B", 2): 40}
    report = explain_normalisation(scores)
    assert report.judge_mean == {"A": 70.0, "B": 45.0}
    assert report.judge_std["A"] == pytest.approx(math.sqrt(200 / 3))
    assert report.judge_std["B"] == 5.0
    assert report.z[("B", 2)] == -1.0
    assert report.z[("A", 3)] == 0.0
    assert (report.overall_mean, report.overall_std) == (60.0, pytest.approx(math.sqrt(200)))
    assert report.raw_mean == {1: 65.0, 2: 50.0, 3: 70.0}


def test_clipped_to_the_scale():
    scores = {("A", 1): 100, ("B", 1): 10}
    scores.update({("A", n): 96 for n in range(2, 6)})
    scores.update({("B", n): 0 for n in range(2, 6)})
    # each judge: z(n1) = 2, z(others) = -0.5; M = 49.4, S = sqrt(mean((x - 49.4)^2))
    overall = list(scores.values())
    m, s = statistics.fmean(overall), statistics.pstdev(overall)
    report = explain_normalisation(scores, scale=(0, 100))
    assert report.unclipped[1] == pytest.approx(m + 2 * s) and report.unclipped[1] > 100
    assert report.normalised[1] == 100.0
    for n in range(2, 6):
        assert report.normalised[n] == pytest.approx(m - 0.5 * s)
    assert normalize_scores(scores, scale=(0, 60))[1] == 60.0
    low = normalize_scores({("A", 1): 0, ("A", 2): 0, ("A", 3): 0, ("A", 4): 100}, scale=(10, 100))
    assert low[1] == 10.0  # raw 0 under a one-judge panel is 0, clipped up to the scale's floor


def test_empty_gives_empty():
    assert normalize_scores({}) == {}
    assert judge_leniency({}) == {}


def test_one_judge_gives_back_the_raw_totals():
    scores = {("J", n): raw for n, raw in enumerate([12.5, 40, 77, 91, 40])}
    assert normalize_scores(scores) == pytest.approx({n: raw for (_, n), raw in scores.items()}, abs=1e-9)


def test_all_equal_gives_that_value_everywhere():
    scores = {(j, n): 0.1 for j in range(3) for n in range(4)}  # 0.1 is inexact in binary: s_j must still be 0
    report = explain_normalisation(scores)
    assert set(report.z.values()) == {0.0}
    assert report.normalised == pytest.approx({n: 0.1 for n in range(4)})


def test_a_judge_who_gives_one_score_adds_zero():
    scores = {("A", 1): 90, ("A", 2): 50, ("B", 1): 10}
    report = explain_normalisation(scores)
    assert report.judge_std["B"] == 0.0 and report.z[("B", 1)] == 0.0
    # n1's mean z = (1 + 0) / 2; M = 50, S = sqrt((1600 + 0 + 1600) / 3)
    assert report.normalised[1] == pytest.approx(50 + math.sqrt(3200 / 3) * 0.5)


def test_single_score():
    assert normalize_scores({("A", "x"): 42}) == {"x": 42.0}


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        normalize_scores({("A", 1): float("nan")})
    with pytest.raises(ValueError):
        normalize_scores({("A", 1): 10}, scale=(100, 0))


def test_leniency_is_judge_mean_minus_overall_mean():
    scores = {("A", 1): 80, ("A", 2): 60, ("A", 3): 70, ("B", 1): 50, ("B", 2): 40}
    assert judge_leniency(scores) == {"A": pytest.approx(10.0), "B": pytest.approx(-15.0)}


def reference(scores, scale):
    """An independent numpy implementation of the issue's definition."""
    judges = sorted({j for j, _ in scores})
    noms = sorted({n for _, n in scores})
    values = np.array(list(scores.values()), dtype=float)
    big_m, big_s = values.mean(), values.std()
    z = {}
    for j in judges:
        own = np.array([v for (jj, _), v in scores.items() if jj == j], dtype=float)
        m, s = own.mean(), own.std()
        for (jj, n), v in scores.items():
            if jj == j:
                z[(j, n)] = 0.0 if np.isclose(s, 0.0, atol=1e-12) else (v - m) / s
    out = {}
    for n in noms:
        zs = [z[(j, nn)] for (j, nn) in scores if nn == n]
        out[n] = float(np.clip(big_m + big_s * np.mean(zs), *scale))
    return out


raw_value = st.integers(0, 10_000).map(lambda x: x / 100)
score_maps = st.dictionaries(st.tuples(st.integers(0, 3), st.integers(0, 6)), raw_value, min_size=1, max_size=28)


def assert_same_order(before, after):
    """Every strict order between two nominations survives; equal stays equal (up to rounding)."""
    spread = max(1.0, max(abs(v) for v in before.values()))
    tol = 1e-7 * spread
    for a in before:
        for b in before:
            gap = before[a] - before[b]
            if gap > tol:
                assert after[a] > after[b], (a, b, before, after)
            elif abs(gap) <= 1e-12 * spread:
                assert after[a] == pytest.approx(after[b], abs=1e-6 * max(1.0, abs(after[a])))


@settings(max_examples=300, deadline=None)
@given(score_maps)
def test_matches_an_independent_implementation(scores):
    ours = normalize_scores(scores, scale=(0, 100))
    assert ours == pytest.approx(reference(scores, (0, 100)), abs=1e-7)
    assert set(ours) == {n for _, n in scores}
    assert all(0 <= v <= 100 for v in ours.values())


@settings(max_examples=300, deadline=None)
@given(score_maps, st.integers(0, 3), st.integers(-5000, 5000).map(lambda x: x / 100))
def test_adding_a_constant_to_one_judge_keeps_the_ranking(scores, judge, shift):
    assume(any(j == judge for j, _ in scores))
    moved = {(j, n): v + shift if j == judge else v for (j, n), v in scores.items()}
    assert_same_order(normalize_scores(scores, WIDE), normalize_scores(moved, WIDE))


@settings(max_examples=300, deadline=None)
@given(score_maps, st.integers(0, 3), st.integers(10, 1000).map(lambda x: x / 100))
def test_stretching_one_judge_keeps_the_ranking(scores, judge, factor):
    assume(any(j == judge for j, _ in scores))
    stretched = {(j, n): v * factor if j == judge else v for (j, n), v in scores.items()}
    assert_same_order(normalize_scores(scores, WIDE), normalize_scores(stretched, WIDE))


@settings(max_examples=200, deadline=None)
@given(score_maps, st.integers(0, 3), st.integers(-30, 30), st.integers(50, 300).map(lambda x: x / 100))
def test_a_judge_shift_and_stretch_leaves_z_scores_alone(scores, judge, shift, factor):
    changed = {(j, n): v * factor + shift if j == judge else v for (j, n), v in scores.items()}
    before, after = explain_normalisation(scores, WIDE).z, explain_normalisation(changed, WIDE).z
    assert after == pytest.approx(before, abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(score_maps, st.integers(-50, 50), st.integers(50, 300).map(lambda x: x / 100))
def test_an_affine_change_of_every_score_moves_the_result_alike(scores, shift, factor):
    changed = {key: v * factor + shift for key, v in scores.items()}
    before, after = normalize_scores(scores, WIDE), normalize_scores(changed, WIDE)
    assert after == pytest.approx({n: v * factor + shift for n, v in before.items()}, abs=1e-6)
