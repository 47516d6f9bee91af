"""Award set-ups as data in the database: install a rule set, find cycles, rounds, stages and who is in a round."""
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import (AwardCategory, AwardCycle, AwardResult, AwardRound, AwardStage, Nomination)
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.awards.rubric import Rubric
from ecosystem.services.awards.setup_checks import setup_problems


class AwardError(DomainError):
    """A refused award operation; `code` picks the message the view shows, `params` fill it."""


def _day(value):
    return date.fromisoformat(value) if value else None


def install_setup(data: dict, actor=None) -> AwardCycle:
    """Create a cycle with its categories, rounds and stages from a set-up; a known code is refused."""
    problems = setup_problems(data)
    if problems:
        raise AwardError("bad_setup", problems=problems)
    if db.session.scalar(select(AwardCycle.id).where(AwardCycle.code == data["code"])):
        raise AwardError("setup_exists", code=data["code"])
    cycle = AwardCycle(
        code=data["code"], contest=data["contest"], name=data["name"]["vi"], name_en=data["name"].get("en"),
        year=data["year"], authority=data["authority"], legal_basis=data["legal_basis"],
        effective_from=_day(data["effective_from"]), submission_opens=_day(data.get("submission", {}).get("opens")),
        submission_closes=_day(data.get("submission", {}).get("closes")), setup=data)
    rounds = {}
    for position, step in enumerate(data["rounds"]):
        rounds[step["code"]] = AwardRound(code=step["code"], name=step["name"]["vi"], name_en=step["name"].get("en"),
                                          starts_on=_day(step.get("starts")), ends_on=_day(step.get("ends")),
                                          position=position)
        cycle.rounds.append(rounds[step["code"]])
    for position, item in enumerate(data["categories"]):
        category = AwardCategory(code=item["code"], name=item["name"]["vi"], name_en=item["name"].get("en"),
                                 eligibility=item.get("eligibility", []), form=item.get("form", []),
                                 position=position)
        cycle.categories.append(category)
        for step in item["rounds"]:
            rounds[step["round"]].stages.append(AwardStage(
                category=category, rubric=step.get("rubric"), advancement=step.get("advancement"),
                public_vote_share=str(step.get("public_vote_share", "0"))))
    db.session.add(cycle)
    db.session.flush()
    log_action(actor.id if actor else None, "award.setup.install", "award_cycle", cycle.id, code=cycle.code)
    return cycle


def seed_setups(seeds_dir: str) -> list[dict]:
    """The rule sets shipped in seeds/awards, with whether each is already installed."""
    installed = set(db.session.scalars(select(AwardCycle.code)))
    found = []
    for path in sorted(Path(seeds_dir, "awards").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found.append({"file": path.name, "code": data.get("code"), "name": data.get("name", {}),
                      "year": data.get("year"), "installed": data.get("code") in installed})
    return found


def read_seed_setup(seeds_dir: str, filename: str) -> dict:
    """One shipped rule set by file name (only names listed by seed_setups are accepted)."""
    names = {item["file"] for item in seed_setups(seeds_dir)}
    if filename not in names:
        raise AwardError("unknown_setup")
    return json.loads(Path(seeds_dir, "awards", filename).read_text(encoding="utf-8"))


def list_cycles() -> list[AwardCycle]:
    return list(db.session.scalars(select(AwardCycle).order_by(AwardCycle.year.desc(), AwardCycle.id.desc())))


def find_cycle(code: str) -> AwardCycle | None:
    return db.session.scalar(select(AwardCycle).where(AwardCycle.code == code))


def find_round(cycle: AwardCycle, code: str) -> AwardRound | None:
    return next((r for r in cycle.rounds if r.code == code), None)


def stage_of(award_round: AwardRound, category: AwardCategory) -> AwardStage | None:
    return next((s for s in award_round.stages if s.category_id == category.id), None)


def rubric_of(stage: AwardStage | None) -> Rubric | None:
    return Rubric.from_data(stage.rubric) if stage is not None and stage.rubric else None


def previous_round(award_round: AwardRound) -> AwardRound | None:
    earlier = [r for r in award_round.cycle.rounds if r.position < award_round.position]
    return earlier[-1] if earlier else None


def submission_open(cycle: AwardCycle, today: date) -> bool:
    """Entries may be drafted and submitted only inside the published window."""
    opens, closes = cycle.submission_opens, cycle.submission_closes
    return (opens is None or opens <= today) and (closes is None or today <= closes)


def round_entries(award_round: AwardRound, category: AwardCategory | None = None) -> list[Nomination]:
    """Who competes in a round: accepted entries in the first round, then those that advanced before."""
    before = previous_round(award_round)
    query = select(Nomination).where(Nomination.cycle_id == award_round.cycle_id)
    if category is not None:
        query = query.where(Nomination.category_id == category.id)
    if before is None:
        query = query.where(Nomination.status == "accepted")
    else:
        query = query.join(AwardResult, AwardResult.nomination_id == Nomination.id).where(
            AwardResult.round_id == before.id, AwardResult.advanced.is_(True))
    entries = db.session.scalars(query.order_by(Nomination.id))
    staged = {s.category_id for s in award_round.stages}
    return [n for n in entries if n.category_id in staged]
