"""JSON for award cycles as their page shows them, a nominee's own entries (create, read, edit, documents,
submit, through the nomination form's checks and the services' deadline and eligibility rules) and a judge's
declaration of a conflict of interest."""
from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import MultiDict

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.i18n import current_locale
from ecosystem.permissions import can, guard
from ecosystem.services.awards import catalogue, nominations
from ecosystem.services.awards.catalogue import AwardError
from ecosystem.services.awards.conflicts import declare_conflict
from ecosystem.services.awards.eligibility import rule_text
from ecosystem.services.awards.judging import open_blocker, round_readiness
from ecosystem.services.awards.results import nominee_feedback
from ecosystem.services.awards.setup_checks import advancement_text
from ecosystem.forms.awards import nomination_data
from ecosystem.views.api.base import IDEMPOTENCY_DOC, Moment, api_blueprint, idempotent, preload
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.hardening.downloads import send_upload
from ecosystem.views.awards.loading import (AWARDS, failure_texts, get_assignment, get_cycle, get_document,
                                          get_nomination)
from ecosystem.views.awards.nomination_forms import nomination_form_class

bp = api_blueprint("api_awards_write", "awards", description="Award cycles with their rounds and criteria, "
                   "and the caller's own nominations")
ANSWERS = fields.Dict(keys=fields.String(validate=validate.Length(max=60)),
                      values=fields.Raw(allow_none=True), validate=validate.Length(max=50),
                      metadata={"description": "the category's form: question code → answer"})


class AwardCriterionOut(Schema):
    code = fields.String()
    name = fields.String()
    min = fields.Float()
    max = fields.Float()
    weight = fields.Float(allow_none=True)
    multiplier = fields.Float(allow_none=True)
    max_points = fields.Float()


class AwardStageOut(Schema):
    round = fields.String()
    criteria = fields.List(fields.Nested(AwardCriterionOut), metadata={"description": "empty: a public-vote round"})
    public_vote_share = fields.String()
    advancement = fields.String(allow_none=True)


class AwardCategoryOut(Schema):
    code = fields.String()
    name = fields.String()
    eligibility = fields.List(fields.String())
    form = fields.List(fields.Dict())
    stages = fields.List(fields.Nested(AwardStageOut))


class AwardRoundOut(Schema):
    code = fields.String()
    name = fields.String()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date(allow_none=True)
    status = fields.String(metadata={"description": "setup, open, closed or published"})
    readiness = fields.Dict(allow_none=True, metadata={"description": "organisers only: sheets and judges"})
    open_blocker = fields.Dict(allow_none=True, metadata={"description": "organisers only: why it cannot open"})


class AwardCycleSummary(Schema):
    code = fields.String()
    name = fields.String()
    year = fields.Integer()
    authority = fields.String()
    submission_opens = fields.Date(allow_none=True)
    submission_closes = fields.Date(allow_none=True)
    submission_open = fields.Boolean()
    rounds = fields.List(fields.Nested(AwardRoundOut))


class AwardCycleOut(AwardCycleSummary):
    legal_basis = fields.String()
    effective_from = fields.Date()
    categories = fields.List(fields.Nested(AwardCategoryOut))


class NominationMemberOut(Schema):
    person_id = fields.Integer()
    name = fields.String()


class NominationDocumentOut(Schema):
    id = fields.Integer()
    name = fields.String()
    mime = fields.String()
    size = fields.Integer()


class NominationDetail(Schema):
    id = fields.Integer()
    cycle = fields.String()
    category = fields.String()
    title = fields.String()
    summary = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "draft, submitted, returned, accepted, rejected"})
    entrant = fields.String()
    answers = fields.Dict()
    team = fields.List(fields.Nested(NominationMemberOut))
    documents = fields.List(fields.Nested(NominationDocumentOut))
    submitted_at = Moment(allow_none=True)
    return_reason = fields.String(allow_none=True)
    eligibility_failures = fields.List(fields.String(), metadata={"description": "the entrant and organisers"})
    feedback = fields.List(fields.Dict(), metadata={"description": "the entrant: published rounds, judges unnamed"})


class NominationIn(Schema):
    category = fields.String(required=True, validate=validate.Length(max=60))
    title = fields.String(required=True, validate=validate.Length(max=300))
    summary = fields.String(load_default="", validate=validate.Length(max=3000))
    answers = ANSWERS
    entrant_self = fields.Boolean(load_default=False, metadata={"description": "enter the caller in person"})
    entrant_org_id = fields.Integer(load_default=None, allow_none=True,
                                    metadata={"description": "an organisation the caller may enter"})
    nominated_by_org_id = fields.Integer(load_default=None, allow_none=True)


class NominationPatch(Schema):
    title = fields.String(validate=validate.Length(max=300))
    summary = fields.String(validate=validate.Length(max=3000))
    answers = ANSWERS
    team = fields.List(fields.Integer(), validate=validate.Length(max=100), metadata={"description": "person ids"})


def _criteria(stage, lang: str) -> list[dict]:
    rubric = catalogue.rubric_of(stage)
    return [{"code": c.code, "name": c.name.get(lang) or c.code, "min": c.min, "max": c.max, "weight": c.weight,
             "multiplier": c.multiplier, "max_points": c.max_points} for c in (rubric.criteria if rubric else ())]


def round_json(award_round, lang: str, manager: bool) -> dict:
    data = {"code": award_round.code, "name": award_round.display_name(lang), "starts_on": award_round.starts_on,
            "ends_on": award_round.ends_on, "status": award_round.status, "readiness": None, "open_blocker": None}
    if manager and award_round.status in ("open", "closed"):
        data["readiness"] = round_readiness(award_round)
    if manager and award_round.status == "setup":
        data["open_blocker"] = open_blocker(award_round)
    return data


def cycle_json(cycle, detail: bool = False) -> dict:
    """What the cycle's page shows; readiness of the rounds only for organisers, as on their page."""
    lang, manager = current_locale(), can("awards.manage")
    data = {"code": cycle.code, "name": cycle.display_name(lang), "year": cycle.year, "authority": cycle.authority,
            "submission_opens": cycle.submission_opens, "submission_closes": cycle.submission_closes,
            "submission_open": catalogue.submission_open(cycle, local_today()),
            "rounds": [round_json(r, lang, manager and detail) for r in cycle.rounds]}
    if detail:
        data.update(legal_basis=cycle.legal_basis, effective_from=cycle.effective_from, categories=[
            {"code": c.code, "name": c.display_name(lang), "form": list(c.form or []),
             "eligibility": [rule_text(rule, lang) for rule in c.eligibility or ()],
             "stages": [{"round": r.code, "criteria": _criteria(stage, lang), "public_vote_share": stage.public_vote_share,
                         "advancement": advancement_text(stage.advancement, lang) if stage.advancement else None}
                        for r in cycle.rounds for stage in [catalogue.stage_of(r, c)] if stage is not None]}
            for c in cycle.categories])
    return data


def _feedback(entry) -> list[dict]:
    return [{"round": item["round"].code, "rank": item["result"].rank, "final": item["result"].final,
             "advanced": item["result"].advanced, "sheets": item["sheets"]} for item in nominee_feedback(entry)]


def nomination_json(entry) -> dict:
    owner = entry.spoken_for_by(current_user)
    return {"id": entry.id, "cycle": entry.cycle.code, "category": entry.category.code, "title": entry.title,
            "summary": entry.summary, "status": entry.status, "entrant": entry.entrant_name,
            "answers": dict(entry.answers or {}),
            "team": [{"person_id": m.person_id, "name": m.person.full_name} for m in entry.members],
            "documents": [_document_json(d) for d in entry.documents],
            "submitted_at": entry.submitted_at,
            "return_reason": entry.return_reason,
            "eligibility_failures": failure_texts(entry.eligibility) if owner or can("awards.manage") else [],
            "feedback": _feedback(entry) if owner else []}


def checked_form(category, body: dict, nomination=None) -> dict:
    """The body through the page's own nomination form (same choices, same checks): its data, or a 422."""
    form_data = MultiDict()
    for key in ("title", "summary"):
        form_data[key] = body.get(key) or ""
    for code, value in (body.get("answers") or {}).items():
        if value is not None:
            form_data[f"answer_{code}"] = str(value)
    if nomination is None:
        form_data["entrant"] = "self" if body.get("entrant_self") else f"o{body.get('entrant_org_id') or 0}"
        form_data["nominated_by"] = str(body.get("nominated_by_org_id") or "")
    else:
        form_data.setlist("team", [str(pid) for pid in body.get("team") or ()])
    form = nomination_form_class(category, creating=nomination is None, nomination=nomination)(
        formdata=form_data, meta={"csrf": False})
    if not form.validate():
        abort_problem(422, "invalid_nomination", "The nomination form refused the data.",
                      errors={name: [str(m) for m in messages] for name, messages in form.errors.items()})
    return nomination_data(form, category, creating=nomination is None)


@bp.route("/awards/cycles")
@guard("awards.browse")
@bp.etag
@bp.response(200, AwardCycleSummary(many=True))
def cycles():
    """Award cycles with their rounds, as the awards page lists them."""
    return [cycle_json(c) for c in catalogue.list_cycles()]


@bp.route("/awards/cycles/<code>")
@guard("awards.browse")
@bp.etag
@bp.response(200, AwardCycleOut)
def cycle(code: str):
    """One cycle: rounds, categories, eligibility rules and each round's criteria (organisers also see
    each round's readiness and what keeps it from opening)."""
    return cycle_json(get_cycle(code), detail=True)


@bp.route("/awards/cycles/<code>/nominations", methods=["POST"])
@guard("awards.nominate")
@preload(lambda code: get_cycle(code))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(NominationIn)
@bp.response(201, NominationDetail)
def create_nomination(data, code: str):
    """Start a draft while submission is open, for yourself or an organisation you may enter."""
    award = get_cycle(code)
    category = next((c for c in award.categories if c.code == data["category"]), None)
    if category is None:
        abort_problem(422, "unknown_category", "The cycle has no such category.")
    form_data = checked_form(category, data)
    entry = perform(lambda: nominations.start_nomination(award, category, current_user, form_data, local_today()),
                    AWARDS)
    return nomination_json(entry)


@bp.route("/awards/nominations/<int:nomination_id>")
@guard("awards.nomination.view")
@bp.etag
@bp.response(200, NominationDetail)
def nomination(nomination_id: int):
    """One nomination, for those its page shows it to (the entrant, organisers, its judges)."""
    return nomination_json(get_nomination(nomination_id))


@bp.route("/awards/nominations/<int:nomination_id>", methods=["PATCH"])
@guard("awards.nomination.edit")
@preload(lambda nomination_id: get_nomination(nomination_id, "awards.nomination.edit"))
@bp.arguments(NominationPatch)
@bp.response(200, NominationDetail)
def edit_nomination(data, nomination_id: int):
    """Change a draft or returned entry while submission is open; fields left out keep their value."""
    entry = get_nomination(nomination_id, "awards.nomination.edit")
    body = {"title": entry.title, "summary": entry.summary or "", "answers": dict(entry.answers or {}),
            "team": [m.person_id for m in entry.members], **data}
    form_data = checked_form(entry.category, body, nomination=entry)
    perform(lambda: nominations.update_nomination(entry, current_user, form_data, local_today()), AWARDS)
    return nomination_json(entry)


class SubmitIn(Schema):
    confirm = fields.Boolean(required=True, validate=validate.Equal(True),
                             metadata={"description": "true: submitting ends editing"})


@bp.route("/awards/nominations/<int:nomination_id>/submit", methods=["POST"])
@guard("awards.nomination.edit")
@preload(lambda nomination_id: get_nomination(nomination_id, "awards.nomination.edit"))
@bp.arguments(SubmitIn)
@bp.response(200, NominationDetail)
def submit_nomination(data, nomination_id: int):
    """Submit before the deadline; failing eligibility rules are kept on the entry and named in the 422."""
    entry = get_nomination(nomination_id, "awards.nomination.edit")
    perform(lambda: _submit_keeping_failures(entry), AWARDS)
    return nomination_json(entry)


def _submit_keeping_failures(entry) -> None:
    """As the page does: the failing rules found at submission stay recorded on the entry."""
    try:
        nominations.submit_nomination(entry, current_user, local_today())
    except AwardError as error:
        if error.code == "ineligible":
            db.session.commit()
        raise


class DocumentIn(Schema):
    document = Upload(required=True, metadata={"description": "PDF, PNG, JPEG or WebP, checked by content"})


def _document_json(document) -> dict:
    return {"id": document.id, "name": document.original_name, "mime": document.mime, "size": document.size}


@bp.route("/awards/nominations/<int:nomination_id>/documents", methods=["POST"])
@guard("awards.nomination.edit")
@preload(lambda nomination_id: get_nomination(nomination_id, "awards.nomination.edit"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(DocumentIn, location="files")
@bp.response(201, NominationDocumentOut)
def upload_document(files, nomination_id: int):
    """Attach a document to a draft or returned entry while submission is open (the page's file checks)."""
    entry = get_nomination(nomination_id, "awards.nomination.edit")
    upload = files["document"]
    document = perform(lambda: nominations.add_document(entry, current_user, upload.filename, upload.stream,
                                                        local_today()), AWARDS)
    return _document_json(document)


@bp.route("/awards/documents/<int:document_id>")
@guard("awards.nomination.view")
@bp.response(200, {"format": "binary", "type": "string"}, content_type="application/octet-stream")
def document(document_id: int):
    """A nomination's document, for those its page shows it to."""
    doc = get_document(document_id)
    return send_upload(nominations.document_path(doc), doc.mime, doc.original_name)


class DeclareIn(Schema):
    confirm = fields.Boolean(required=True, validate=validate.Equal(True),
                             metadata={"description": "true: I have a tie that keeps me from judging this entry"})
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class DeclaredOut(Schema):
    nomination_id = fields.Integer()
    withdrawn = fields.Boolean(metadata={"description": "the assignment left the judge's list"})


@bp.route("/awards/assignments/<int:assignment_id>/conflict", methods=["POST"])
@guard("awards.score")
@preload(lambda assignment_id: get_assignment(assignment_id))
@bp.arguments(DeclareIn)
@bp.response(200, DeclaredOut)
def declare(data, assignment_id: int):
    """The calling judge declares a conflict with an entry: it leaves their list and goes to another judge."""
    assignment = get_assignment(assignment_id)
    perform(lambda: declare_conflict(assignment.nomination, current_user.person_id, current_user, data["note"]),
            AWARDS)
    return {"nomination_id": assignment.nomination_id, "withdrawn": assignment.status != "active"}
