"""JSON for suggestions and introductions: the same policies, services and reasons as the pages."""
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ecosystem.permissions import can, guard, require
from ecosystem.services.matching import introductions as intro_service
from ecosystem.services.matching import suggestions as service
from ecosystem.views.api.base import Moment, api_blueprint, preload
from ecosystem.views.api.problems import perform
from ecosystem.views.loading import get_org
from ecosystem.views.matching.intros import get_intro
from ecosystem.views.matching.messages import MATCHING

bp = api_blueprint("api_matching", "matching", url_prefix="/api/v1/matching",
                   description="Mentor and investor suggestions with reasons; introductions")


class Reason(Schema):
    code = fields.String()
    text = fields.String()
    negative = fields.Boolean()


class Suggestion(Schema):
    kind = fields.String()
    id = fields.Integer()
    key = fields.String(metadata={"description": "The graph node (p:<person> or o:<organisation>) "
                                                 "that warm paths and introductions name"})
    name = fields.String()
    score = fields.Float()
    components = fields.Dict(keys=fields.String(), values=fields.Float())
    reasons = fields.List(fields.Nested(Reason))
    reason_params = fields.List(fields.Dict())


class StartupSuggestions(Schema):
    startup = fields.String()
    mentors = fields.List(fields.Nested(Suggestion))
    investors = fields.List(fields.Nested(Suggestion))


class Introduction(Schema):
    id = fields.Integer()
    status = fields.String()
    startup = fields.String(allow_none=True)
    created_at = Moment()


def scored_json(suggestion) -> dict:
    """The score, its points and its reasons (codes, words, parameters) of any suggestion."""
    return {"score": round(suggestion.score, 4),
            "components": {k: round(v, 4) for k, v in suggestion.scored.points.items()},
            "reasons": [{"code": code, "text": str(text), "negative": negative}
                        for code, text, negative in suggestion.reasons],
            "reason_params": [dict(params) for _code, params in suggestion.scored.reasons]}


def _json(suggestion, kind: str) -> dict:
    candidate = suggestion.candidate
    if kind == "mentor":
        ident, name, key = candidate.id, candidate.full_name, f"p:{candidate.id}"
    else:
        ident = candidate.id
        name = candidate.person.full_name if candidate.person else candidate.organisation.name
        key = f"p:{candidate.person_id}" if candidate.person_id else f"o:{candidate.organisation_id}"
    return {"kind": kind, "id": ident, "key": key, "name": name, **scored_json(suggestion)}


@bp.route("/startups/<slug>/suggestions")
@guard("match.startup")
@bp.etag
@bp.response(200, StartupSuggestions)
def startup_suggestions(slug: str):
    """Mentors and investors for the caller's own startup (or any, for staff), with reasons."""
    org = get_org(slug)
    require("match.startup", org)
    found = service.suggestions_for_startup(org)
    return {"startup": org.slug,
            "mentors": [_json(s, "mentor") for s in found["mentors"]],
            "investors": [_json(s, "investor") for s in found["investors"]]}


@bp.route("/introductions")
@guard("intro.list")
@bp.etag
@bp.response(200, Introduction(many=True))
def introductions():
    """The introductions the caller asked for or is asked to decide."""
    return [intro_json(i) for i in intro_service.introductions_of(current_user) if can("intro.view", i)]


class DecisionIn(Schema):
    accept = fields.Boolean(required=True)
    note = fields.String(load_default=None, validate=validate.Length(max=2000))


def intro_json(intro) -> dict:
    return {"id": intro.id, "status": intro.status, "startup": intro.startup.slug if intro.startup else None,
            "created_at": intro.created_at}


@bp.route("/introductions/<int:intro_id>/decision", methods=["POST"])
@guard("intro.decide")
@preload(lambda intro_id: get_intro(intro_id, "intro.decide"))
@bp.arguments(DecisionIn)
@bp.response(200, Introduction)
def decide(data, intro_id: int):
    """Accept or decline an introduction the caller is asked to decide (as on the page)."""
    intro = get_intro(intro_id, "intro.decide")
    return intro_json(perform(lambda: intro_service.decide(intro, current_user, data["accept"], data["note"]),
                              MATCHING))


@bp.route("/introductions/<int:intro_id>/withdraw", methods=["POST"])
@guard("intro.withdraw")
@bp.response(200, Introduction)
def withdraw(intro_id: int):
    intro = get_intro(intro_id, "intro.withdraw")
    return intro_json(perform(lambda: intro_service.withdraw(intro, current_user), MATCHING))
