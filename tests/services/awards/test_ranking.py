"""Standings, the stated tie-break rule, and advancement rules given as data."""
import pytest

from ecosystem.services.awards.ranking import Standing, apply_advancement, build_standings, rank_standings
from ecosystem.services.awards.normalisation import normalize_scores
from ecosystem.services.awards.rubric import weighted_total
from tests.services.awards.test_rubric import ISTAR

TIE_BREAK = [{"by": "final", "order": "desc"}, {"by": "heaviest_criterion", "order": "desc"},
             {"by": "submitted_at", "order": "asc"}]


def sheet(c, e, s):
    return {"creativity": c, "economic_efficiency": e, "social_impact": s}


def standing(n, final, category="startup", heavy=20.0, at="2025-05-01", mins=None):
    means = {"creativity": 10.0, "economic_efficiency": heavy, "social_impact": 10.0}
    return Standing(n, category, raw_mean=final, normalised=final, final=final, criterion_means=means,
                    criterion_min=mins or means, submitted_at=at)


def test_standings_from_sheets():
    sheets = {("A", 1): sheet(24, 30, 21), ("A", 2): sheet(15, 20, 10), ("B", 1): sheet(20, 30, 20),
              ("B", 2): sheet(10, 10, 5)}
    standings, report = build_standings(sheets, ISTAR, {1: "startup", 2: "startup", 3: "startup"},
                                        submitted_at={1: "2025-05-02"})
    by_id = {s.nomination_id: s for s in standings}
    totals = {key: weighted_total(ISTAR, value) for key, value in sheets.items()}
    assert by_id[1].raw_mean == (75 + 70) / 2
    assert by_id[1].normalised == pytest.approx(normalize_scores(totals, (0, 100))[1])
    assert by_id[1].final == by_id[1].normalised and by_id[1].vote is None
    assert by_id[1].judges == 2 and by_id[1].submitted_at == "2025-05-02"
    assert by_id[2].criterion_means == {"creativity": 12.5, "economic_efficiency": 15.0, "social_impact": 7.5}
    assert by_id[2].criterion_min == {"creativity": 10, "economic_efficiency": 10, "social_impact": 5}
    assert by_id[3].raw_mean is None and by_id[3].final is None and by_id[3].judges == 0
    assert report.judge_mean == {"A": 60.0, "B": 47.5}


def test_standings_with_a_public_vote():
    sheets = {("A", 1): sheet(24, 30, 21), ("A", 2): sheet(15, 20, 10)}
    standings, _ = build_standings(sheets, ISTAR, {1: "s", 2: "s"}, votes={1: 10, 2: 40}, share="0.20")
    by_id = {s.nomination_id: s for s in standings}
    # one judge: normalised = raw (75 and 45); votes 10 and 40 -> 25 and 100 on the scale
    assert by_id[1].vote == 25.0 and by_id[2].vote == 100.0
    assert by_id[1].final == pytest.approx(0.8 * 75 + 0.2 * 25)
    assert by_id[2].final == pytest.approx(0.8 * 45 + 0.2 * 100)


def test_a_vote_only_round():
    standings, _ = build_standings({}, None, {1: "s", 2: "s", 3: "s"}, votes={1: 30, 2: 60}, share="1",
                                   scale=(0, 100))
    assert {s.nomination_id: s.final for s in standings} == {1: 50.0, 2: 100.0, 3: 0.0}
    decisions = apply_advancement(standings, {"kind": "top_n", "n": 2, "by": "vote"}, TIE_BREAK)
    assert {n: d.advanced for n, d in decisions.items()} == {1: True, 2: True, 3: False}
    with pytest.raises(ValueError):
        build_standings({}, None, {1: "s"})


def test_tie_broken_by_the_heaviest_criterion_then_earlier_submission():
    field = [standing(1, 80.004, heavy=30), standing(2, 80.001, heavy=35), standing(3, 90.0),
             standing(4, 80.0, heavy=30, at="2025-04-02"), standing(5, 70.0)]
    ranked = rank_standings(field, TIE_BREAK, ISTAR, decimals=2)
    assert [(r.rank, r.standing.nomination_id, r.separated_by) for r in ranked] == [
        (1, 3, None), (2, 2, "final"), (3, 4, "heaviest_criterion"), (4, 1, "submitted_at"), (5, 5, "final")]


def test_complete_ties_share_a_rank():
    field = [standing(1, 60.0), standing(2, 60.0), standing(3, 50.0)]
    ranked = rank_standings(field, TIE_BREAK, ISTAR)
    assert [r.rank for r in ranked] == [1, 1, 3]
    assert ranked[1].separated_by is None


def test_ascending_keys_and_missing_values():
    field = [standing(1, 60.0, at=None), standing(2, 60.0, at="2025-04-01"), standing(3, None)]
    ranked = rank_standings(field, [{"by": "final"}, {"by": "submitted_at"}])
    assert [r.standing.nomination_id for r in ranked] == [2, 1, 3]
    with pytest.raises(ValueError):
        rank_standings(field, [{"by": "mood"}])
    assert [r.rank for r in rank_standings(field[:2], [{"by": "heaviest_criterion"}])] == [1, 1]  # no rubric
    with pytest.raises(ValueError):
        rank_standings(field, [])


def test_ranking_on_a_named_criterion():
    field = [standing(1, 50.0, heavy=10), standing(2, 50.0, heavy=30)]
    ranked = rank_standings(field, [{"by": "criterion:economic_efficiency", "order": "desc"}], ISTAR)
    assert [r.standing.nomination_id for r in ranked] == [2, 1]


def test_top_n_per_category():
    field = [standing(1, 90.0), standing(2, 80.0), standing(3, 70.0), standing(4, 60.0, category="media"),
             standing(5, 50.0, category="media")]
    decisions = apply_advancement(field, {"kind": "top_n", "n": 2, "per": "category"}, TIE_BREAK, ISTAR)
    assert {n: d.advanced for n, d in decisions.items()} == {1: True, 2: True, 3: False, 4: True, 5: True}
    assert decisions[3].reasons == [{"code": "outside_top_n", "params": {"rank": 3, "n": 2}}]
    overall = apply_advancement(field, {"kind": "top_n", "n": 2, "per": "all"}, TIE_BREAK, ISTAR)
    assert sorted(n for n, d in overall.items() if d.advanced) == [1, 2]


def test_exact_ties_at_the_cutoff():
    field = [standing(1, 90.0), standing(2, 80.0), standing(3, 80.0), standing(4, 70.0)]
    rule = {"kind": "top_n", "n": 2}
    include = apply_advancement(field, rule, TIE_BREAK, ISTAR, ties_at_cutoff="include")
    exclude = apply_advancement(field, rule, TIE_BREAK, ISTAR, ties_at_cutoff="exclude")
    assert [n for n, d in include.items() if d.advanced] == [1, 2, 3]
    assert [n for n, d in exclude.items() if d.advanced] == [1]
    with pytest.raises(ValueError):
        apply_advancement(field, rule, TIE_BREAK, ISTAR, ties_at_cutoff="coin")


def test_threshold_average_and_no_zero_criterion():
    zero_by_one_judge = {"creativity": 0.0, "economic_efficiency": 20.0, "social_impact": 10.0}
    field = [standing(1, 50.0), standing(2, 49.99), standing(3, 72.0, mins=zero_by_one_judge)]
    rule = {"kind": "threshold", "score": "raw_mean", "min": 50, "no_zero_criterion": "any_judge"}
    decisions = apply_advancement(field, rule, TIE_BREAK, ISTAR)
    assert decisions[1].advanced and not decisions[2].advanced and not decisions[3].advanced
    assert decisions[2].reasons == [{"code": "below_threshold", "params": {"score": 49.99, "min": 50}}]
    assert decisions[3].reasons == [{"code": "zero_criterion", "params": {
        "criterion": "creativity", "name": {"vi": "Tính sáng tạo", "en": "Creativity"}}}]
    on_average = apply_advancement(field, {**rule, "no_zero_criterion": "average"}, TIE_BREAK, ISTAR)
    assert on_average[3].advanced  # the criterion's average is 10, not 0


def test_all_of_combines_rules():
    field = [standing(1, 90.0), standing(2, 60.0), standing(3, 40.0)]
    rule = {"kind": "all_of", "rules": [{"kind": "top_n", "n": 3}, {"kind": "threshold", "min": 50}]}
    decisions = apply_advancement(field, rule, TIE_BREAK, ISTAR)
    assert [n for n, d in decisions.items() if d.advanced] == [1, 2]
    assert [r["code"] for r in decisions[3].reasons] == ["below_threshold"]
    with pytest.raises(ValueError):
        apply_advancement(field, {"kind": "lottery"}, TIE_BREAK)


def test_an_unscored_entry_never_advances():
    field = [standing(1, 90.0), standing(2, None)]
    for rule in ({"kind": "top_n", "n": 5}, {"kind": "threshold", "min": 0}):
        decisions = apply_advancement(field, rule, TIE_BREAK, ISTAR)
        assert decisions[1].advanced and not decisions[2].advanced
        assert decisions[2].reasons == [{"code": "not_scored", "params": {}}]
