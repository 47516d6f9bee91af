"""JSON for suggestions (/api/v1/matching): the same policy, service and reasons as the page."""
from flask import Blueprint

from ecosystem.permissions import guard, require
from ecosystem.services.matching import suggestions as service
from ecosystem.views.limits import limit_blueprint
from ecosystem.views.loading import get_org

bp = Blueprint("api_matching", __name__, url_prefix="/api/v1/matching")
limit_blueprint(bp, "accounts.rate_api")


def _json(suggestion, kind: str) -> dict:
    candidate = suggestion.candidate
    if kind == "mentor":
        ident, name = candidate.id, candidate.full_name
    else:
        ident = candidate.id
        name = candidate.person.full_name if candidate.person else candidate.organisation.name
    return {"kind": kind, "id": ident, "name": name, "score": round(suggestion.score, 4),
            "components": {k: round(v, 4) for k, v in suggestion.scored.points.items()},
            "reasons": [{"code": code, "text": text, "negative": negative}
                        for code, text, negative in suggestion.reasons],
            "reason_params": [dict(params) for _code, params in suggestion.scored.reasons]}


@bp.route("/startups/<slug>/suggestions")
@guard("match.startup")
def startup_suggestions(slug: str):
    org = get_org(slug)
    require("match.startup", org)
    found = service.suggestions_for_startup(org)
    return {"startup": org.slug,
            "mentors": [_json(s, "mentor") for s in found["mentors"]],
            "investors": [_json(s, "investor") for s in found["investors"]]}
