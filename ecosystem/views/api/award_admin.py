"""JSON for award organisers, as on their pages: the set-up (cycle, rounds, categories, criteria), staff,
screening, panels, conflict scan, judge assignment and a round's life (open, close, publish, reopen) with the same guards.
Scores never show while a round is open: progress counts sheets; standings come once it is closed."""
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.i18n import current_locale
from ecosystem.models import AwardStaff, Nomination, VoteCount
from ecosystem.models.awards import STAFF_ROLES
from ecosystem.permissions import guard, require
from ecosystem.services.awards import editing
from ecosystem.services.awards.assignment import SHORTFALL_REASONS
from ecosystem.services.awards.conflicts import scan_conflicts
from ecosystem.services.awards.judging import (close_round, confirm_assignment, judge_people, open_round, panels_of,
                                              plan_assignment, progress, reopen_round, reopen_sheet,
                                              round_assignments, round_readiness, set_panel)
from ecosystem.services.awards.nominations import screen_nomination
from ecosystem.services.awards.catalogue import round_entries
from ecosystem.services.awards.ranking import ADVANCE_REASONS
from ecosystem.services.awards.results import category_results, publish_round, record_votes
from ecosystem.services.awards.staff import add_staff, remove_staff, staff_of
from ecosystem.services.awards.rubric import describe
from ecosystem.services.platform.settings import setting
from ecosystem.views.api.awards_write import AwardCycleOut, cycle_json
from ecosystem.views.api.base import IDEMPOTENCY_DOC, api_blueprint, idempotent, preload
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.awards.loading import AWARDS, get_assignment, get_cycle, get_nomination, get_round

bp = api_blueprint("api_award_admin", "awards", description="Award organisers: set-up, screening, panels, "
                   "conflicts, judge assignment and the rounds' life")
CODE = fields.String(required=True, validate=[validate.Length(max=60), validate.Regexp(r"^[a-z0-9][a-z0-9_-]*$")])


def _text(size: int, required: bool = True):
    return fields.String(required=required, validate=validate.Length(min=1, max=size))


class CycleFields(Schema):
    """The cycle form's fields and checks (CycleForm)."""
    contest = CODE
    name_vi = _text(300)
    name_en = _text(300)
    year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    authority = _text(300)
    legal_basis = _text(60)
    effective_from = fields.Date(required=True)
    opens = fields.Date(required=True, metadata={"description": "submission opens"})
    closes = fields.Date(required=True, metadata={"description": "submission deadline"})


class CyclePatch(Schema):
    contest = fields.String(validate=[validate.Length(max=60), validate.Regexp(r"^[a-z0-9][a-z0-9_-]*$")])
    name_vi = _text(300, False)
    name_en = _text(300, False)
    year = fields.Integer(validate=validate.Range(2000, 2100))
    authority = _text(300, False)
    legal_basis = _text(60, False)
    effective_from = fields.Date()
    opens = fields.Date()
    closes = fields.Date()


class RoundFields(Schema):
    code = CODE
    name_vi = _text(200)
    name_en = _text(200)
    starts = fields.Date(required=True)
    ends = fields.Date(required=True)


class RoundPatch(Schema):
    name_vi = _text(200, False)
    name_en = _text(200, False)
    starts = fields.Date()
    ends = fields.Date()


class CategoryFields(Schema):
    code = CODE
    name_vi = _text(300)
    name_en = _text(300)


class CategoryPatch(Schema):
    name_vi = _text(300, False)
    name_en = _text(300, False)


class CriterionIn(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=60))
    name_vi = fields.String(load_default="", validate=validate.Length(max=300))
    name_en = fields.String(load_default="", validate=validate.Length(max=300))
    weight = fields.Float(required=True, allow_nan=False)
    max = fields.Float(required=True, allow_nan=False)


class RubricIn(Schema):
    criteria = fields.List(fields.Nested(CriterionIn), required=True, validate=validate.Length(min=1, max=50))


class CycleNew(CycleFields):
    """A cycle is valid only with its first round, category and rubric (NewCycleForm)."""
    code = CODE
    round = fields.Nested(RoundFields, required=True)
    category = fields.Nested(CategoryFields, required=True)
    criteria = fields.List(fields.Nested(CriterionIn), required=True, validate=validate.Length(min=1, max=50))


class AwardEntryOut(Schema):
    id = fields.Integer()
    category = fields.String()
    title = fields.String()
    entrant = fields.String()
    status = fields.String()


class ScreenIn(Schema):
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "return", "reject")))
    reason = fields.String(load_default="", validate=validate.Length(max=2000),
                           metadata={"description": "required to return or reject"})


class PanelsIn(Schema):
    panels = fields.Dict(keys=fields.String(validate=validate.Length(max=60)),
                         values=fields.List(fields.Integer(), validate=validate.Length(max=200)), required=True,
                         validate=validate.Length(max=50), metadata={"description": "category code → judge person ids"})


class PanelsOut(Schema):
    panels = fields.Dict(keys=fields.String(), values=fields.List(fields.Integer()))


class ConfirmIn(Schema):
    confirm = fields.Boolean(required=True, validate=validate.Equal(True))


class StepIn(ConfirmIn):
    override_reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000),
                                    metadata={"description": "close/publish with sheets missing or entries short "
                                                             "of judges: the logged reason for going on"})


class ReasonIn(Schema):
    reason = _text(2000)


class ScanOut(Schema):
    found = fields.Integer()
    withdrawn = fields.Integer()


class PlanOut(Schema):
    judges_per_nomination = fields.Integer()
    current = fields.Integer(metadata={"description": "assignments already confirmed"})
    proposal = fields.Dict(keys=fields.String(), values=fields.List(fields.Integer()),
                           metadata={"description": "nomination id → judge person ids (kept and new)"})
    shortfalls = fields.List(fields.Dict())


class ConfirmedOut(Schema):
    added = fields.Integer()


class SheetState(Schema):
    id = fields.Integer()
    nomination_id = fields.Integer()
    judge_person_id = fields.Integer()
    state = fields.String(metadata={"description": "none, draft, submitted or reopened"})


class RoundState(Schema):
    code = fields.String()
    status = fields.String()
    readiness = fields.Dict(allow_none=True)


class ProgressOut(Schema):
    readiness = fields.Dict()
    judges = fields.List(fields.Dict(), metadata={"description": "per judge: sheet counts, never scores"})


def _round(code: str, round_code: str):
    award = get_cycle(code)
    return award, get_round(award, round_code)


def _save(cycle, data) -> dict:
    perform(lambda: editing.save_setup(cycle, data, current_user), AWARDS)
    return cycle_json(cycle, detail=True)


def _criteria(rows: list[dict]) -> dict:
    return {"criteria": [editing.criterion(r["code"], r["name_vi"], r["name_en"], r["weight"], r["max"])
                         for r in rows]}


def _taken(items: list[dict], code: str) -> None:
    if any(item["code"] == code for item in items):
        abort_problem(422, "code_taken", "This code is already used.")


@bp.route("/awards/cycles/<code>/nominations")
@guard("awards.manage")
@bp.etag
@bp.response(200, AwardEntryOut(many=True))
def entries(code: str):
    """Every entry of a cycle, as on the organisers' cycle page."""
    award = get_cycle(code)
    rows = db.session.scalars(select(Nomination).where(Nomination.cycle_id == award.id)
                              .order_by(Nomination.category_id, Nomination.id))
    return [{"id": n.id, "category": n.category.code, "title": n.title, "entrant": n.entrant_name,
             "status": n.status} for n in rows]


@bp.route("/awards/cycles", methods=["POST"])
@guard("awards.manage")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(CycleNew)
@bp.response(201, AwardCycleOut)
def create_cycle(data):
    """A new cycle with its first round, category and criteria, through the rule set's checks."""
    fields_ = {key: data[key] for key in CycleFields._declared_fields} | {"code": data["code"]}
    setup = editing.first_setup(fields_, data["round"], data["category"], _criteria(data["criteria"]))
    cycle = perform(lambda: editing.create_cycle(setup, current_user), AWARDS)
    return cycle_json(cycle, detail=True)


@bp.route("/awards/cycles/<code>", methods=["PATCH"])
@guard("awards.manage")
@preload(lambda code: get_cycle(code))
@bp.arguments(CyclePatch)
@bp.response(200, AwardCycleOut)
def edit_cycle(data, code: str):
    """Change the cycle's names, year, authority and dates (its code never changes)."""
    cycle = get_cycle(code)
    setup = cycle.setup
    current = {"contest": setup.get("contest"), "name_vi": setup["name"].get("vi"),
               "name_en": setup["name"].get("en"), "year": setup.get("year"), "authority": setup.get("authority"),
               "legal_basis": setup.get("legal_basis"), "effective_from": cycle.effective_from,
               "opens": cycle.submission_opens, "closes": cycle.submission_closes}
    return _save(cycle, editing.with_cycle_fields(setup, current | data))


@bp.route("/awards/cycles/<code>/rounds", methods=["POST"])
@guard("awards.manage")
@preload(lambda code: get_cycle(code))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(RoundFields)
@bp.response(201, AwardCycleOut)
def add_round(data, code: str):
    """A round at the end; it takes the previous round's criteria to edit."""
    cycle = get_cycle(code)
    _taken(cycle.setup["rounds"], data["code"])
    return _save(cycle, editing.with_round(cycle.setup, data["code"], data))


@bp.route("/awards/cycles/<code>/rounds/<round_code>", methods=["PATCH"])
@guard("awards.manage")
@preload(lambda code, round_code: _round(code, round_code))
@bp.arguments(RoundPatch)
@bp.response(200, AwardCycleOut)
def edit_round(data, code: str, round_code: str):
    """Rename or re-date a round."""
    cycle, _award_round = _round(code, round_code)
    step = next(r for r in cycle.setup["rounds"] if r["code"] == round_code)
    current = {"name_vi": step["name"].get("vi"), "name_en": step["name"].get("en"),
               "starts": editing.parse_day(step.get("starts")), "ends": editing.parse_day(step.get("ends"))}
    return _save(cycle, editing.with_round(cycle.setup, round_code, current | data))


@bp.route("/awards/cycles/<code>/categories", methods=["POST"])
@guard("awards.manage")
@preload(lambda code: get_cycle(code))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(CategoryFields)
@bp.response(201, AwardCycleOut)
def add_category(data, code: str):
    """A category; it takes the first category's rounds and criteria to edit."""
    cycle = get_cycle(code)
    _taken(cycle.setup["categories"], data["code"])
    return _save(cycle, editing.with_category(cycle.setup, data["code"], data))


def _category(cycle, category_code: str) -> dict:
    item = next((c for c in cycle.setup["categories"] if c["code"] == category_code), None)
    if item is None:
        abort_problem(404, "not_found", "The cycle has no such category.")
    return item


@bp.route("/awards/cycles/<code>/categories/<category_code>", methods=["PATCH"])
@guard("awards.manage")
@preload(lambda code, category_code: _category(get_cycle(code), category_code))
@bp.arguments(CategoryPatch)
@bp.response(200, AwardCycleOut)
def edit_category(data, code: str, category_code: str):
    """Rename a category."""
    cycle = get_cycle(code)
    item = _category(cycle, category_code)
    current = {"name_vi": item["name"].get("vi"), "name_en": item["name"].get("en")}
    return _save(cycle, editing.with_category(cycle.setup, category_code, current | data))


def _rubric_target(code: str, category_code: str, round_code: str):
    cycle, _award_round = _round(code, round_code)
    _category(cycle, category_code)
    return cycle


@bp.route("/awards/cycles/<code>/categories/<category_code>/rubrics/<round_code>", methods=["PUT"])
@guard("awards.manage")
@preload(_rubric_target)
@bp.arguments(RubricIn)
@bp.response(200, AwardCycleOut)
def put_rubric(data, code: str, category_code: str, round_code: str):
    """Replace a category's criteria in a round still in preparation (same checks as the rule set)."""
    cycle = _rubric_target(code, category_code, round_code)
    return _save(cycle, editing.with_rubric(cycle.setup, category_code, round_code, _criteria(data["criteria"])))


@bp.route("/awards/nominations/<int:nomination_id>/screening", methods=["POST"])
@guard("awards.manage")
@preload(lambda nomination_id: get_nomination(nomination_id, "awards.manage"))
@bp.arguments(ScreenIn)
@bp.response(200, AwardEntryOut)
def screen(data, nomination_id: int):
    """Accept a submitted entry, or return or reject it with a reason."""
    entry = get_nomination(nomination_id, "awards.manage")
    perform(lambda: screen_nomination(entry, current_user, data["decision"], data["reason"]), AWARDS)
    return {"id": entry.id, "category": entry.category.code, "title": entry.title, "entrant": entry.entrant_name,
            "status": entry.status}


def _panels(award_round) -> dict:
    current = panels_of(award_round)
    return {"panels": {s.category.code: current.get(s.category_id, []) for s in award_round.stages if s.rubric}}


@bp.route("/awards/cycles/<code>/rounds/<round_code>/panels")
@guard("awards.manage")
@bp.etag
@bp.response(200, PanelsOut)
def panels(code: str, round_code: str):
    """The jury of each juried category in a round (person ids)."""
    return _panels(_round(code, round_code)[1])


@bp.route("/awards/cycles/<code>/rounds/<round_code>/panels", methods=["PUT"])
@guard("awards.manage")
@preload(lambda code, round_code: _round(code, round_code))
@bp.arguments(PanelsIn)
@bp.response(200, PanelsOut)
def put_panels(data, code: str, round_code: str):
    """Set the juries of the categories named; only people who may judge, as the page offers."""
    _award, award_round = _round(code, round_code)
    categories = {s.category.code: s.category for s in award_round.stages if s.rubric}
    unknown = sorted(set(data["panels"]) - set(categories))
    if unknown:
        abort_problem(422, "unknown_category", "The round has no juried category " + ", ".join(unknown) + ".")
    allowed = {p.id for p in judge_people()}
    strangers = sorted({pid for ids in data["panels"].values() for pid in ids} - allowed)
    if strangers:
        abort_problem(422, "not_a_judge", "Not people who may judge: " + ", ".join(map(str, strangers)) + ".")

    def save_panels():
        for category_code, person_ids in data["panels"].items():
            set_panel(award_round, categories[category_code], person_ids, current_user)
    perform(save_panels, AWARDS)
    return _panels(award_round)


@bp.route("/awards/cycles/<code>/conflicts/scan", methods=["POST"])
@guard("awards.manage")
@preload(lambda code: get_cycle(code))
@bp.arguments(ConfirmIn)
@bp.response(200, ScanOut)
def scan(data, code: str):
    """Search the network for judge–entry conflicts; conflicted assignments are withdrawn."""
    award = get_cycle(code)
    found = perform(lambda: scan_conflicts(award, current_user, local_today()), AWARDS)
    return {"found": found["found"], "withdrawn": found["withdrawn"]}


@bp.route("/awards/cycles/<code>/rounds/<round_code>/assignment")
@guard("awards.manage")
@bp.etag
@bp.response(200, PlanOut)
def assignment(code: str, round_code: str):
    """The proposed assignment (conflicted pairs never proposed) and the entries it leaves short."""
    _award, award_round = _round(code, round_code)
    plan, _entries, _keep = plan_assignment(award_round)
    lang = current_locale()
    return {"judges_per_nomination": int(setting("awards.judges_per_nomination")),
            "current": len(round_assignments(award_round)),
            "proposal": {str(n): list(judges) for n, judges in plan.judges.items()},
            "shortfalls": [{"nomination": s["nomination"], "code": s["code"],
                            "reason": describe(s, SHORTFALL_REASONS, lang)} for s in plan.shortfalls]}


@bp.route("/awards/cycles/<code>/rounds/<round_code>/assignment", methods=["POST"])
@guard("awards.manage")
@preload(lambda code, round_code: _round(code, round_code))
@bp.arguments(ConfirmIn)
@bp.response(200, ConfirmedOut)
def confirm(data, code: str, round_code: str):
    """Confirm the proposal: new pairs saved, newly assigned judges told."""
    _award, award_round = _round(code, round_code)
    return {"added": perform(lambda: confirm_assignment(award_round, current_user), AWARDS)}


def _state(award_round) -> dict:
    ready = round_readiness(award_round) if award_round.status in ("open", "closed") else None
    return {"code": award_round.code, "status": award_round.status, "readiness": ready}


def _step(code: str, round_code: str, call) -> dict:
    _award, award_round = _round(code, round_code)
    perform(lambda: call(award_round), AWARDS)
    return _state(award_round)


@bp.route("/awards/cycles/<code>/rounds/<round_code>/open", methods=["POST"])
@guard("awards.manage")
@preload(lambda code, round_code: _round(code, round_code))
@bp.arguments(ConfirmIn)
@bp.response(200, RoundState)
def open_(data, code: str, round_code: str):
    """Start judging: refused while the previous round is unpublished or any entry is short of judges."""
    return _step(code, round_code, lambda r: open_round(r, current_user))


@bp.route("/awards/cycles/<code>/rounds/<round_code>/close", methods=["POST"])
@guard("awards.manage")
@preload(lambda code, round_code: _round(code, round_code))
@bp.arguments(StepIn)
@bp.response(200, RoundState)
def close(data, code: str, round_code: str):
    """Stop scoring: refused (round_incomplete) with sheets missing or entries short of judges, unless an
    override_reason is given, which is logged with the figures it went past."""
    return _step(code, round_code, lambda r: close_round(r, current_user, override=data["override_reason"]))


@bp.route("/awards/cycles/<code>/rounds/<round_code>/publish", methods=["POST"])
@guard("awards.manage")
@preload(lambda code, round_code: _round(code, round_code))
@bp.arguments(StepIn)
@bp.response(200, RoundState)
def publish(data, code: str, round_code: str):
    """Publish a closed round's results and tell the entrants, with the same guard and override as closing."""
    return _step(code, round_code, lambda r: publish_round(r, current_user, override=data["override_reason"]))


@bp.route("/awards/cycles/<code>/rounds/<round_code>/reopen", methods=["POST"])
@guard("awards.manage")
@preload(lambda code, round_code: _round(code, round_code))
@bp.arguments(ReasonIn)
@bp.response(200, RoundState)
def reopen(data, code: str, round_code: str):
    """Back to scoring before publication; the reason is logged."""
    return _step(code, round_code, lambda r: reopen_round(r, current_user, data["reason"]))


@bp.route("/awards/cycles/<code>/rounds/<round_code>/progress")
@guard("awards.manage")
@bp.etag
@bp.response(200, ProgressOut)
def round_progress(code: str, round_code: str):
    """Sheets per judge (submitted, drafts, not started) and the round's readiness; never a score."""
    _award, award_round = _round(code, round_code)
    return {"readiness": round_readiness(award_round),
            "judges": [{"person_id": row["judge"].id, "name": row["judge"].full_name, "assigned": row["assigned"],
                        "submitted": row["submitted"], "draft": row["draft"], "none": row["none"]}
                       for row in progress(award_round)]}


@bp.route("/awards/assignments/<int:assignment_id>/reopen", methods=["POST"])
@guard("awards.manage")
@preload(lambda assignment_id: get_assignment(assignment_id, "awards.manage"))
@bp.arguments(ReasonIn)
@bp.response(200, SheetState)
def reopen_assignment(data, assignment_id: int):
    """Unlock a judge's submitted sheet in an open round, with the reason (the judge is told)."""
    target = get_assignment(assignment_id, "awards.manage")
    perform(lambda: reopen_sheet(target, current_user, data["reason"]), AWARDS)
    return {"id": target.id, "nomination_id": target.nomination_id, "judge_person_id": target.judge_person_id,
            "state": target.state}


class StaffIn(Schema):
    role = fields.String(required=True, validate=validate.OneOf(STAFF_ROLES))
    person_id = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1, 2**31 - 1))
    organisation_id = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1, 2**31 - 1))


class StaffOut(Schema):
    id = fields.Integer()
    role = fields.String(metadata={"description": "organiser or secretariat (they may not enter the cycle)"})
    person_id = fields.Integer(allow_none=True)
    person = fields.String(allow_none=True)
    organisation_id = fields.Integer(allow_none=True)
    organisation = fields.String(allow_none=True)


def _staff_json(member) -> dict:
    return {"id": member.id, "role": member.role, "person_id": member.person_id,
            "person": member.person.full_name if member.person else None, "organisation_id": member.organisation_id,
            "organisation": member.organisation.name if member.organisation else None}


@bp.route("/awards/cycles/<code>/staff")
@guard("awards.manage")
@bp.etag
@bp.response(200, StaffOut(many=True))
def staff(code: str):
    """The cycle's organisers and secretariat."""
    return [_staff_json(m) for m in staff_of(get_cycle(code))]


@bp.route("/awards/cycles/<code>/staff", methods=["POST"])
@guard("awards.manage")
@preload(lambda code: get_cycle(code))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(StaffIn)
@bp.response(201, StaffOut)
def add_staff_member(data, code: str):
    """Add a person, an organisation or both in a role (the same entry twice is added once)."""
    award = get_cycle(code)
    member = perform(lambda: add_staff(award, data["role"], current_user, data["person_id"], data["organisation_id"]),
                     AWARDS)
    return _staff_json(member)


@bp.route("/awards/cycles/<code>/staff/<int:staff_id>", methods=["DELETE"])
@guard("awards.manage")
@bp.response(204)
def remove_staff_member(code: str, staff_id: int):
    """Take an entry off the staff; one already gone is no error, as on the page (a second click)."""
    award = get_cycle(code)
    member = db.session.get(AwardStaff, staff_id)
    if member is not None and member.cycle_id != award.id:
        abort_problem(404, "not_found", "No such staff entry in this cycle.")
    if member is not None:
        perform(lambda: remove_staff(member, current_user), AWARDS)


class VotesIn(Schema):
    votes = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[0-9]{1,10}$")),
                        values=fields.Integer(validate=validate.Range(0, 2**31 - 1)), required=True,
                        validate=validate.Length(max=1000), metadata={"description": "nomination id → public votes"})


class VotesOut(Schema):
    votes = fields.Dict(keys=fields.String(), values=fields.Integer())


def _votes(award_round) -> dict:
    rows = db.session.scalars(select(VoteCount).where(VoteCount.round_id == award_round.id))
    return {"votes": {str(row.nomination_id): row.votes for row in rows}}


@bp.route("/awards/cycles/<code>/rounds/<round_code>/votes")
@guard("awards.manage")
@bp.etag
@bp.response(200, VotesOut)
def votes(code: str, round_code: str):
    """The public-vote counts recorded for a round's entries."""
    return _votes(_round(code, round_code)[1])


@bp.route("/awards/cycles/<code>/rounds/<round_code>/votes", methods=["PUT"])
@guard("awards.manage")
@preload(lambda code, round_code: _round(code, round_code))
@bp.arguments(VotesIn)
@bp.response(200, VotesOut)
def put_votes(data, code: str, round_code: str):
    """Record vote counts from the voting platform for entries of the round, until it is published."""
    _award, award_round = _round(code, round_code)
    entries = {n.id for n in round_entries(award_round)}
    counts = {int(k): v for k, v in data["votes"].items()}
    strangers = sorted(set(counts) - entries)
    if strangers:
        abort_problem(422, "unknown_entry", "Not entries of this round: " + ", ".join(map(str, strangers)) + ".")
    perform(lambda: record_votes(award_round, counts, current_user), AWARDS)
    return _votes(award_round)


class StandingOut(Schema):
    nomination_id = fields.Integer()
    title = fields.String()
    rank = fields.Integer()
    raw_mean = fields.Float(allow_none=True)
    normalised = fields.Float(allow_none=True)
    vote = fields.Float(allow_none=True)
    final = fields.Float(allow_none=True)
    judges = fields.Integer()
    advanced = fields.Boolean(allow_none=True)
    reasons = fields.List(fields.String())


class CategoryStandings(Schema):
    category = fields.String()
    standings = fields.List(fields.Nested(StandingOut))


def _standing(result, place, lang: str) -> dict:
    s, decision = place.standing, result.decisions.get(place.standing.nomination_id)
    return {"nomination_id": s.nomination_id, "title": result.entries[s.nomination_id].title, "rank": place.rank,
            "raw_mean": s.raw_mean, "normalised": s.normalised, "vote": s.vote, "final": s.final, "judges": s.judges,
            "advanced": decision.advanced if decision else None,
            "reasons": [describe(r, ADVANCE_REASONS, lang) for r in decision.reasons] if decision else []}


@bp.route("/awards/cycles/<code>/rounds/<round_code>/results")
@guard("awards.results")
@bp.etag
@bp.response(200, CategoryStandings(many=True))
def results(code: str, round_code: str):
    """Standings per category once the round is closed (never while judges still score)."""
    _award, award_round = _round(code, round_code)
    require("awards.results", award_round)
    lang = current_locale()
    return [{"category": r.category.code, "standings": [_standing(r, place, lang) for place in r.ranked]}
            for r in category_results(award_round)]
