"""Award set-ups edited through forms: every change is made to the cycle's set-up data, checked by the same
setup_problems the JSON import uses, and only then copied to the cycle, its rounds, categories and stages.
The JSON rule set stays the import/export format; a round that has started keeps its rubric."""
from copy import deepcopy
from datetime import date

from ecosystem.extensions import db
from ecosystem.models import AwardCategory, AwardCycle, AwardRound, AwardStage
from ecosystem.services.awards.catalogue import AwardError, install_setup
from ecosystem.services.awards.setup_checks import setup_problems
from ecosystem.services.platform.audit import log_action

CYCLE_KEYS = ("contest", "year", "authority", "legal_basis", "effective_from")


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, date) else value or None


def parse_rubric_lines(text: str) -> dict:
    """'code; Vietnamese name; English name; weight; max' per line -> {"criteria": [...]}; a bad line is a
    ValueError naming it (the rubric's own checks then run with the whole set-up)."""
    criteria = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 5 or not parts[0]:
            raise ValueError(number)
        try:
            weight, top = float(parts[3].replace(",", ".")), float(parts[4].replace(",", "."))
        except ValueError as error:
            raise ValueError(number) from error
        criteria.append(criterion(parts[0], parts[1], parts[2], weight, top))
    return {"criteria": criteria}


def criterion(code: str, name_vi: str, name_en: str, weight: float, top: float) -> dict:
    """One rubric criterion as set-up data (names fall back to the code), from the form's line or the API."""
    return {"code": code, "name": {"vi": name_vi or code, "en": name_en or name_vi or code},
            "weight": weight, "max": top}


def rubric_lines(rubric: dict | None) -> str:
    """The rubric as the form's lines (criteria given by multiplier show weight = max x multiplier)."""
    lines = []
    for c in (rubric or {}).get("criteria", []):
        weight = c.get("weight") if c.get("weight") is not None else float(c["max"]) * float(c.get("multiplier") or 0)
        name = c.get("name") or {}
        lines.append(f"{c['code']}; {name.get('vi', '')}; {name.get('en', '')}; {weight:g}; {float(c['max']):g}")
    return "\n".join(lines)


def with_cycle_fields(data: dict, fields: dict) -> dict:
    """The set-up with the cycle's own fields (names, year, authority, dates) replaced."""
    new = deepcopy(data)
    new.update({key: _iso(fields[key]) if key == "effective_from" else fields[key] for key in CYCLE_KEYS})
    new["name"] = {"vi": fields["name_vi"], "en": fields["name_en"]}
    new["submission"] = {"opens": _iso(fields.get("opens")), "closes": _iso(fields.get("closes"))}
    return new


def with_round(data: dict, code: str, fields: dict) -> dict:
    """The set-up with round `code` added at the end or renamed and re-dated; a new round takes the stages
    of the round before it (same rubric), so every category has a rubric there to edit."""
    new = deepcopy(data)
    step = {"code": code, "name": {"vi": fields["name_vi"], "en": fields["name_en"]},
            "starts": _iso(fields["starts"]), "ends": _iso(fields["ends"])}
    known = [r for r in new["rounds"] if r["code"] == code]
    if known:
        known[0].update(step)
        return new
    before = new["rounds"][-1]["code"] if new["rounds"] else None
    new["rounds"].append(step)
    for category in new["categories"]:
        earlier = next((deepcopy(s) for s in category.get("rounds", []) if s["round"] == before), None)
        if earlier is not None:
            category["rounds"].append({**earlier, "round": code})
    return new


def with_category(data: dict, code: str, fields: dict) -> dict:
    """The set-up with category `code` added or renamed; a new one copies the first category's rounds and
    rubrics (and nothing of its eligibility or form) for the officer to adjust."""
    new = deepcopy(data)
    known = [c for c in new["categories"] if c["code"] == code]
    if known:
        known[0]["name"] = {"vi": fields["name_vi"], "en": fields["name_en"]}
        return new
    stages = deepcopy(new["categories"][0]["rounds"]) if new["categories"] else []
    new["categories"].append({"code": code, "name": {"vi": fields["name_vi"], "en": fields["name_en"]},
                              "form": [], "eligibility": [], "rounds": stages})
    return new


def with_rubric(data: dict, category_code: str, round_code: str, rubric: dict) -> dict:
    """The set-up with one category's rubric in one round replaced."""
    new = deepcopy(data)
    category = next(c for c in new["categories"] if c["code"] == category_code)
    step = next((s for s in category["rounds"] if s["round"] == round_code), None)
    if step is None:
        category["rounds"].append({"round": round_code, "rubric": rubric})
    else:
        step["rubric"] = rubric
    return new


def first_setup(fields: dict, round_fields: dict, category_fields: dict, rubric: dict) -> dict:
    """A new cycle's set-up from the creation form: the cycle, its first round and category with a rubric."""
    data = {"code": fields["code"], "rounds": [], "categories": []}
    data = with_cycle_fields(data, fields)
    data["rounds"].append({"code": round_fields["code"], "name": {"vi": round_fields["name_vi"],
                                                                  "en": round_fields["name_en"]},
                           "starts": _iso(round_fields["starts"]), "ends": _iso(round_fields["ends"])})
    data["categories"].append({"code": category_fields["code"], "name": {"vi": category_fields["name_vi"],
                                                                         "en": category_fields["name_en"]},
                               "form": [], "eligibility": [],
                               "rounds": [{"round": round_fields["code"], "rubric": rubric}]})
    return data


def create_cycle(data: dict, actor) -> AwardCycle:
    """Install a set-up built by the forms exactly as an imported JSON one (same checks, same log)."""
    return install_setup(data, actor)


def parse_day(value):
    """An ISO date of the set-up as a date (None when absent)."""
    return date.fromisoformat(value) if value else None


def save_setup(cycle: AwardCycle, data: dict, actor) -> None:
    """Check the edited set-up, then bring the rows in line: names and dates everywhere, new rounds and
    categories appended, rubrics and rules of rounds still in preparation. Nothing is removed."""
    problems = setup_problems(data)
    if problems:
        raise AwardError("bad_setup", problems=problems)
    if data["code"] != cycle.code:
        raise AwardError("bad_setup", problems=[{"code": "code_changed", "params": {"where": "code"}}])
    cycle.contest, cycle.year, cycle.authority = data["contest"], data["year"], data["authority"]
    cycle.legal_basis, cycle.effective_from = data["legal_basis"], parse_day(data["effective_from"])
    cycle.name, cycle.name_en = data["name"]["vi"], data["name"].get("en")
    cycle.submission_opens = parse_day(data.get("submission", {}).get("opens"))
    cycle.submission_closes = parse_day(data.get("submission", {}).get("closes"))
    rounds = {r.code: r for r in cycle.rounds}
    for position, step in enumerate(data["rounds"]):
        row = rounds.get(step["code"]) or AwardRound(code=step["code"], position=position, status="setup")
        if row.id is None:
            cycle.rounds.append(row)
            rounds[step["code"]] = row
        row.name, row.name_en = step["name"]["vi"], step["name"].get("en")
        row.starts_on, row.ends_on = parse_day(step.get("starts")), parse_day(step.get("ends"))
    categories = {c.code: c for c in cycle.categories}
    for position, item in enumerate(data["categories"]):
        row = categories.get(item["code"]) or AwardCategory(code=item["code"], position=position)
        if row.id is None:
            cycle.categories.append(row)
        row.name, row.name_en = item["name"]["vi"], item["name"].get("en")
        row.eligibility, row.form = item.get("eligibility", []), item.get("form", [])
        for step in item["rounds"]:
            _sync_stage(rounds[step["round"]], row, step)
    missing = set(rounds) - {r["code"] for r in data["rounds"]}
    if missing:
        raise AwardError("bad_setup", problems=[{"code": "round_removed", "params": {"where": sorted(missing)}}])
    cycle.setup = data
    db.session.flush()
    log_action(actor.id, "award.setup.edit", "award_cycle", cycle.id, code=cycle.code)


def _sync_stage(award_round: AwardRound, category: AwardCategory, step: dict) -> None:
    """One category's rubric and rules in one round; refused once the round has started."""
    stage = next((s for s in award_round.stages if s.category is category or
                  (category.id is not None and s.category_id == category.id)), None)
    wanted = (step.get("rubric"), step.get("advancement"), str(step.get("public_vote_share", "0")))
    if stage is not None and (stage.rubric, stage.advancement, stage.public_vote_share) == wanted:
        return
    if award_round.status != "setup":
        raise AwardError("round_started")
    if stage is None:
        stage = AwardStage(category=category)
        award_round.stages.append(stage)
    stage.rubric, stage.advancement, stage.public_vote_share = wanted
