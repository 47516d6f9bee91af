"""JSON API for asking introductions and for the startups suggested to a mentor or investor: the
warm-paths page, its request button and the "suggested to me" page, through the same services."""
from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields, validate

from ecosystem.permissions import guard
from ecosystem.services.matching import introductions as intros
from ecosystem.services.matching import suggestions as service
from ecosystem.views.api.base import IDEMPOTENCY_DOC, api_blueprint, idempotent, preload
from ecosystem.views.api.matching import Introduction, Suggestion, intro_json, scored_json
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.matching.messages import MATCHING
from ecosystem.views.matching.suggestions import get_startup

bp = api_blueprint("api_introductions", "matching", url_prefix="/api/v1/matching",
                   description="Warm paths, introduction requests, startups suggested to me")

KEY = validate.Regexp(r"^[po]:\d{1,9}$", error="A node key: p:<person id> or o:<organisation id>.")


class PathArgs(Schema):
    target = fields.String(required=True, validate=KEY)


class Hop(Schema):
    kind = fields.String()
    source = fields.String()
    target = fields.String()
    start = fields.Date(allow_none=True)
    end = fields.Date(allow_none=True)
    text = fields.String()


class WarmPath(Schema):
    via = fields.String(allow_none=True, metadata={"description": "The connector to ask (null: already tied)"})
    reachable = fields.Boolean(metadata={"description": "Whether the connector has an account to answer"})
    strength = fields.Float()
    hops = fields.List(fields.Nested(Hop))


class Paths(Schema):
    startup = fields.String()
    target = fields.String()
    target_name = fields.String()
    paths = fields.List(fields.Nested(WarmPath))


class IntroRequestIn(Schema):
    target = fields.String(required=True, validate=KEY)
    via = fields.String(required=True, validate=KEY)
    message = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class IntroductionOut(Introduction):
    target = fields.String()
    via = fields.String()
    message = fields.String(allow_none=True)


def _key(text: str) -> tuple:
    return intros.parse_key(text)


def _keyed(key) -> str:
    return intros.key_text(tuple(key))


@bp.route("/startups/<slug>/paths")
@guard("match.startup")
@preload(lambda slug: get_startup(slug))
@bp.etag
@bp.arguments(PathArgs, location="query", unknown="exclude")
@bp.response(200, Paths)
def paths(args, slug: str):
    """Warm paths from the caller's startup (any, for staff) to a person or organisation; the
    first connector of a path is whom an introduction request goes to."""
    org = get_startup(slug)
    target = _key(args["target"])
    names = service.key_names([target])
    if target not in names:
        abort(404)
    found = service.paths_to(org, target)
    return {"startup": org.slug, "target": args["target"], "target_name": names[target],
            "paths": [{"via": _keyed(path.connector) if path.connector else None,
                       "reachable": bool(path.connector and intros.approvers(path.connector)),
                       "strength": round(path.strength, 4),
                       "hops": [{**hop, "source": _keyed(hop["source"]), "target": _keyed(hop["target"]),
                                 "text": str(hop["text"])} for hop in service.explain_path(path)]}
                      for path in found]}


@bp.route("/startups/<slug>/introductions", methods=["POST"])
@guard("match.startup")
@preload(lambda slug: get_startup(slug))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(IntroRequestIn)
@bp.response(201, IntroductionOut)
def request_introduction(data, slug: str):
    """Ask the first connector of a current warm path to introduce the caller's startup to a
    mentor, investor or organisation; both must then agree before contacts are shown."""
    org = get_startup(slug)
    target, via = _key(data["target"]), _key(data["via"])
    if target is None or via is None:
        abort_problem(422, "bad_key", "target and via are node keys such as p:12 or o:7.")
    intro = perform(lambda: intros.request_introduction(org, target, via, current_user, data["message"]),
                    MATCHING)
    return {**intro_json(intro), "target": _keyed(intro.target_key), "via": _keyed(intro.connector_key),
            "message": intro.message}


class StartupSuggestion(Suggestion):
    slug = fields.String()


class InvestorSuggestions(Schema):
    investor_id = fields.Integer()
    name = fields.String()
    startups = fields.List(fields.Nested(StartupSuggestion))


class MySuggestions(Schema):
    mentor = fields.List(fields.Nested(StartupSuggestion), allow_none=True,
                         metadata={"description": "null when the caller has no mentor profile"})
    investors = fields.List(fields.Nested(InvestorSuggestions))


def startup_json(suggestion) -> dict:
    org = suggestion.candidate
    return {"kind": "startup", "id": org.id, "slug": org.slug, "key": f"o:{org.id}", "name": org.name,
            **scored_json(suggestion)}


@bp.route("/me/suggestions")
@guard("match.mine")
@bp.etag
@bp.response(200, MySuggestions)
def my_suggestions():
    """The startups suggested to the caller as a mentor (within their open slots) and to each
    investor profile they answer for, with reasons, as on their "suggested to me" page."""
    person, investors = service.own_candidacies(current_user)
    mentor = None
    if person is not None and person.mentor is not None:
        mentor = [startup_json(s) for s in service.suggestions_for_mentor(person)]
    return {"mentor": mentor,
            "investors": [{"investor_id": investor.id,
                           "name": investor.person.full_name if investor.person else investor.organisation.name,
                           "startups": [startup_json(s) for s in service.suggestions_for_investor(investor)]}
                          for investor in investors]}
