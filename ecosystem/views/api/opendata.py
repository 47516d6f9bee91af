"""Open data without a token: the certificate register, published award results, public events and
the public dashboard figures, as JSON or CSV (?format=csv or a .csv path), each with its licence."""
import json

from flask import Response, request
from marshmallow import Schema, fields, validate

from ecosystem.i18n import current_locale
from ecosystem.models.awards import AwardCategory
from ecosystem.permissions import guard, require
from ecosystem.services.awards.catalogue import list_cycles
from ecosystem.services.awards.results import published_results
from ecosystem.services.certification.register import register_query, register_rows
from ecosystem.services.dashboard import figures as dashboard_service
from ecosystem.services.events import lifecycle as events_service
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.spreadsheets import to_csv_bytes
from ecosystem.views.api.base import Moment, PageArgs, api_blueprint, paginate
from ecosystem.views.api.events import EventOut, event_json
from ecosystem.views.awards.loading import get_cycle, get_round
from ecosystem.extensions import db

bp = api_blueprint("api_open_data", "open_data", url_prefix="/api/v1/open-data",
                   description="Open data, no token needed; JSON or CSV with the licence line")


class Format(Schema):
    format = fields.String(load_default="json", validate=validate.OneOf(("json", "csv")))


class RegisterArgs(Format, PageArgs):
    q = fields.String(load_default="", validate=validate.Length(max=200))


class CertificateOut(Schema):
    number = fields.String()
    enterprise = fields.String()
    tax_code = fields.String(allow_none=True)
    issued_on = fields.Date()
    authority = fields.String()
    products = fields.List(fields.String())
    status = fields.String()
    basis = fields.String()


class RegisterPage(Schema):
    licence = fields.String()
    items = fields.List(fields.Nested(CertificateOut))
    page = fields.Integer()
    pages = fields.Integer()
    total = fields.Integer()


class RoundOut(Schema):
    code = fields.String()
    name = fields.String()
    status = fields.String()
    published_at = Moment(allow_none=True)


class CycleOut(Schema):
    code = fields.String()
    name = fields.String()
    year = fields.Integer()
    authority = fields.String()
    submission_opens = fields.Date(allow_none=True)
    submission_closes = fields.Date(allow_none=True)
    rounds = fields.List(fields.Nested(RoundOut))


class ResultOut(Schema):
    category = fields.String()
    rank = fields.Integer()
    title = fields.String()
    final = fields.Float(allow_none=True)


class Results(Schema):
    licence = fields.String()
    cycle = fields.String()
    round = fields.String()
    items = fields.List(fields.Nested(ResultOut))


class EventsOpen(Schema):
    licence = fields.String()
    items = fields.List(fields.Nested(EventOut))


class Figures(Schema):
    licence = fields.String()
    year_from = fields.Integer()
    year_to = fields.Integer()
    panels = fields.List(fields.Dict(), metadata={"description": "each public indicator as on the public dashboard"})


def licence() -> str:
    return str(setting("api.open_data_licence"))


def csv_response(rows: list[dict], columns: list[str], name: str) -> Response:
    """The shared CSV export (UTF-8 with BOM, formulas neutralised) under a first line with the licence."""
    body = to_csv_bytes(rows, columns).decode("utf-8").lstrip("\ufeff")
    text = f"\ufeff# {licence()}\r\n{body}"
    bp.set_etag(text)  # a CSV is validated by its own bytes (If-None-Match → 304)
    response = Response(text.encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _wants_csv(args: dict) -> bool:
    return args.get("format") == "csv" or request.path.endswith(".csv")


CERT_COLUMNS = ["number", "enterprise", "tax_code", "issued_on", "authority", "products", "status", "basis"]


@bp.route("/certificates")
@bp.route("/certificates.csv", endpoint="certificates_csv")
@guard("public")
@bp.etag
@bp.arguments(RegisterArgs, location="query", unknown="exclude")
@bp.response(200, RegisterPage)
def certificates(args):
    """The public register of S&T enterprise certificates (valid ones), searchable by name, number, product."""
    if _wants_csv(args):
        rows = register_rows(db.session.scalars(register_query(args["q"])), current_locale())
        return csv_response(rows, CERT_COLUMNS, "certificates")
    body, status, headers = paginate(register_query(args["q"]), args,
                                     lambda c: register_rows([c], current_locale())[0])
    return {"licence": licence(), **body}, status, headers


@bp.route("/award-cycles")
@guard("awards.browse")
@bp.etag
@bp.response(200, CycleOut(many=True))
def award_cycles():
    """Award cycles and their rounds (results are published per round)."""
    en = current_locale() == "en"
    return [{"code": c.code, "name": (c.name_en if en and c.name_en else c.name), "year": c.year,
             "authority": c.authority, "submission_opens": c.submission_opens,
             "submission_closes": c.submission_closes,
             "rounds": [{"code": r.code, "name": (r.name_en if en and r.name_en else r.name),
                         "status": r.status, "published_at": r.published_at} for r in c.rounds]}
            for c in list_cycles()]


@bp.route("/award-cycles/<code>/rounds/<round_code>/results")
@bp.route("/award-cycles/<code>/rounds/<round_code>/results.csv", endpoint="results_csv")
@guard("awards.results.public")
@bp.etag
@bp.arguments(Format, location="query", unknown="exclude")
@bp.response(200, Results)
def award_results(args, code: str, round_code: str):
    """A round's published standings; nothing before publication."""
    award_round = get_round(get_cycle(code), round_code)
    require("awards.results.public", award_round)
    en = current_locale() == "en"
    rows = []
    for result in published_results(award_round):
        category = db.session.get(AwardCategory, result.category_id)
        rows.append({"category": category.name_en if en and category.name_en else category.name,
                     "rank": result.rank, "title": result.nomination.title, "final": result.final})
    if _wants_csv(args):
        return csv_response(rows, ["category", "rank", "title", "final"], f"results-{code}-{round_code}")
    return {"licence": licence(), "cycle": code, "round": round_code, "items": rows}


@bp.route("/events")
@bp.route("/events.csv", endpoint="events_csv")
@guard("public")
@bp.etag
@bp.arguments(Format, location="query", unknown="exclude")
@bp.response(200, EventsOpen)
def public_events(args):
    """Upcoming published events."""
    items = [event_json(e) for e in db.session.scalars(events_service.event_query(when="upcoming").limit(500))]
    if _wants_csv(args):
        return csv_response(items, ["id", "kind", "title", "title_en", "organiser", "starts_at", "ends_at",
                                    "venue", "capacity", "audience", "sectors"], "events")
    return {"licence": licence(), "items": items}


@bp.route("/dashboard")
@bp.route("/dashboard.csv", endpoint="dashboard_csv")
@guard("dashboard.public")
@bp.etag
@bp.arguments(Format, location="query", unknown="exclude")
@bp.response(200, Figures)
def dashboard(args):
    """The public dashboard's indicators for the default span of years."""
    scope = dashboard_service.default_scope()
    found = dashboard_service.dashboard_panels(scope, public=True)
    if not found["from_cache"]:
        dashboard_service.save_cache()
        db.session.commit()
    panels = json.loads(json.dumps(found["panels"], default=str))
    if _wants_csv(args):
        rows = [{"code": p.get("code"), "title": p.get("title"), "value": p.get("value"),
                 "unit": p.get("unit")} for p in panels]
        return csv_response(rows, ["code", "title", "value", "unit"], "dashboard")
    return {"licence": licence(), "year_from": scope.year_from, "year_to": scope.year_to, "panels": panels}
