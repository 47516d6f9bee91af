"""Results of a round: raw and normalised side by side, leniency, public vote, ranking, publication, feedback."""
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AwardResult, AwardRound, Nomination, Person, VoteCount
from ecosystem.models.base import utcnow
from ecosystem.services.platform.audit import log_action
from ecosystem.services.awards.catalogue import AwardError, rubric_of, round_entries, stage_of
from ecosystem.services.awards.judging import check_readiness, round_assignments
from ecosystem.services.awards.nominations import result_recipients
from ecosystem.services.awards.ranking import apply_advancement, build_standings, rank_standings
from ecosystem.services.awards.normalisation import judge_leniency
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.settings import setting
from ecosystem.services.api import webhooks


@dataclass
class CategoryResult:
    """Everything the results page and the exports show for one category of a round."""

    category: object
    stage: object
    rubric: object
    ranked: list
    decisions: dict
    report: object
    leniency: dict
    judges: dict  # person id -> Person
    sheets: dict = field(default_factory=dict)  # (judge, nomination) -> submitted ScoreEntry
    entries: dict = field(default_factory=dict)  # nomination id -> Nomination


def _votes(award_round: AwardRound) -> dict[int, int]:
    return dict(db.session.execute(select(VoteCount.nomination_id, VoteCount.votes).where(
        VoteCount.round_id == award_round.id)).all())


def tie_break_rule() -> dict:
    """The [setting] order that separates equal final scores, so every results page states it."""
    keys = [rule["by"] for rule in setting("awards.tie_break")]
    return {"keys": [k for k in keys if k != "final"], "decimals": int(setting("awards.tie_decimals"))}


def category_results(award_round: AwardRound) -> list[CategoryResult]:
    """Compute each category's standings from the submitted sheets of active assignments."""
    tie_break, decimals = setting("awards.tie_break"), int(setting("awards.tie_decimals"))
    votes = _votes(award_round)
    sheets_by_category: dict = {}
    for a in round_assignments(award_round):
        entry = a.submitted_entry
        if entry is not None:
            sheets_by_category.setdefault(a.nomination.category_id, {})[(a.judge_person_id, a.nomination_id)] = entry
    results = []
    for category in award_round.cycle.categories:
        stage = stage_of(award_round, category)
        if stage is None:
            continue
        rubric = rubric_of(stage)
        entries = {n.id: n for n in round_entries(award_round, category)}
        sheets = {k: v for k, v in sheets_by_category.get(category.id, {}).items() if k[1] in entries}
        scale = tuple(setting("awards.normalised_scale")) if rubric is None else None
        standings, report = build_standings(
            {k: e.scores for k, e in sheets.items()}, rubric, {n: category.id for n in entries},
            submitted_at={n.id: n.submitted_at for n in entries.values()}, votes=votes,
            share=stage.public_vote_share, vote_method=setting("awards.vote_normalisation"), scale=scale)
        ranked = rank_standings(standings, tie_break, rubric, decimals) if standings else []
        decisions = apply_advancement(standings, stage.advancement, tie_break, rubric, decimals,
                                      setting("awards.ties_at_cutoff")) if stage.advancement and standings else {}
        totals = {k: e.total for k, e in sheets.items()}
        judge_ids = {j for j, _ in sheets}
        judges = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(judge_ids)))}
        results.append(CategoryResult(category, stage, rubric, ranked, decisions, report, judge_leniency(totals),
                                      judges, sheets, entries))
    return results


def publish_round(award_round: AwardRound, actor, override: str | None = None) -> int:
    """Snapshot the results, open them to nominees and tell them; returns the number of entries.
    Missing sheets or entries short of judges refuse it unless an officer overrides with a reason."""
    if award_round.status != "closed":
        raise AwardError("round_not_closed")
    check_readiness(award_round, actor, "publish", override)
    count = 0
    told = []
    for result in category_results(award_round):
        for place in result.ranked:
            s = place.standing
            decision = result.decisions.get(s.nomination_id)
            db.session.add(AwardResult(
                round_id=award_round.id, nomination_id=s.nomination_id, category_id=result.category.id,
                raw_mean=s.raw_mean, normalised=s.normalised, vote=s.vote, final=s.final, rank=place.rank,
                separated_by=place.separated_by, advanced=bool(decision and decision.advanced),
                reasons=decision.reasons if decision else [], judges=s.judges))
            told.append(result.entries[s.nomination_id])
            count += 1
    award_round.status, award_round.published_at = "published", utcnow()
    db.session.flush()
    log_action(actor.id, "award.round.publish", "award_round", award_round.id, entries=count)
    webhooks.emit("awards.results.published", {"cycle": award_round.cycle.code, "round": award_round.code,
                                               "entries": count})
    name = f"{award_round.cycle.name} — {award_round.name}"
    for nomination in told:
        title, link = nomination.title, f"/awards/nominations/{nomination.id}"
        notify(result_recipients(nomination), "award.published", lambda: (_("Đã công bố kết quả"), _(
            "Kết quả %(round)s đã được công bố. Xem kết quả và nhận xét cho hồ sơ “%(title)s”.",
            round=name, title=title)), link=link)
    return count


def record_votes(award_round: AwardRound, counts: dict[int, int], actor) -> None:
    """Vote counts from the voting platform; changed only before the round is published."""
    if award_round.status == "published":
        raise AwardError("round_published")
    if any(int(v) < 0 for v in counts.values()):
        raise AwardError("bad_votes")
    current = {v.nomination_id: v for v in db.session.scalars(select(VoteCount).where(
        VoteCount.round_id == award_round.id))}
    for nomination_id, votes in counts.items():
        row = current.get(nomination_id)
        if row is None:
            db.session.add(VoteCount(round_id=award_round.id, nomination_id=nomination_id, votes=int(votes),
                                     recorded_by_id=actor.id))
        elif row.votes != int(votes):
            row.votes, row.recorded_by_id = int(votes), actor.id
    db.session.flush()
    log_action(actor.id, "award.votes.record", "award_round", award_round.id,
               votes={str(k): int(v) for k, v in counts.items()})


def published_results(award_round: AwardRound) -> list[AwardResult]:
    if award_round.status != "published":
        return []
    return list(db.session.scalars(select(AwardResult).where(AwardResult.round_id == award_round.id)
                                   .order_by(AwardResult.category_id, AwardResult.rank)))


def nominee_feedback(nomination: Nomination) -> list[dict]:
    """Per published round: the entry's standing and each sheet's scores and comments, judges unnamed."""
    feedback = []
    for award_round in nomination.cycle.rounds:
        if award_round.status != "published":
            continue
        result = db.session.scalar(select(AwardResult).where(
            AwardResult.round_id == award_round.id, AwardResult.nomination_id == nomination.id))
        if result is None:
            continue
        rubric = rubric_of(stage_of(award_round, nomination.category))
        sheets = [a.submitted_entry for a in round_assignments(award_round)
                  if a.nomination_id == nomination.id and a.submitted_entry is not None]
        feedback.append({"round": award_round, "result": result, "rubric": rubric,
                         "sheets": [{"number": i, "scores": e.scores, "comments": e.comments, "total": e.total}
                                    for i, e in enumerate(sheets, start=1)]})
    return feedback
