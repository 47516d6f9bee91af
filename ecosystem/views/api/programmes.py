"""JSON for the DOST's programmes: certification applications, S&T funds (owner and officers only),
a judge's own assignments and sheets, nominations, dashboard indicators and targets."""
import json

from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import CertApplication, Organisation
from ecosystem.permissions import can, guard
from ecosystem.services.awards.judging import judge_assignments, save_sheet
from ecosystem.services.awards.nominations import nominations_of
from ecosystem.services.dashboard import figures as dashboard_service
from ecosystem.services.dashboard.targets import progress, targets_in_force
from ecosystem.services.funds.queries import all_states, fund_state, funds_of
from ecosystem.i18n import current_locale
from ecosystem.views.api.base import Moment, PageArgs, api_blueprint, page_schema, paginate, preload
from ecosystem.views.api.problems import perform
from ecosystem.views.awards.loading import AWARDS, get_assignment
from ecosystem.views.funds.enterprise import get_fund

bp = api_blueprint("api_programmes", "",  # the capability is the path's first segment (funds, awards …)
                   description="Certification, S&T funds, awards judging, dashboard indicators and targets")


class ApplicationOut(Schema):
    id = fields.Integer()
    organisation = fields.String()
    kind = fields.String()
    status = fields.String()
    rule_set_code = fields.String()
    certificate_id = fields.Integer(allow_none=True)
    created_at = Moment()


class ApplicationFilters(PageArgs):
    status = fields.String(load_default="", validate=validate.Length(max=30))


class FundOut(Schema):
    id = fields.Integer()
    organisation = fields.String()
    decision_number = fields.String()
    decision_date = fields.Date()
    as_of = fields.Date()
    appropriated = fields.Integer(metadata={"description": "VND"})
    used = fields.Integer(metadata={"description": "VND"})
    balance = fields.Integer(metadata={"description": "VND still usable"})
    at_risk = fields.Integer(metadata={"description": "VND"})
    owed = fields.Integer(metadata={"description": "corporate income tax and interest due, VND"})
    nearest_deadline = fields.Date(allow_none=True)
    breaches = fields.Integer()


class EntryOut(Schema):
    id = fields.Integer()
    kind = fields.String()
    day = fields.Date(allow_none=True)
    amount = fields.Integer(metadata={"description": "VND"})
    tax_year = fields.Integer(allow_none=True)
    category = fields.String(allow_none=True)
    proper = fields.Boolean()
    reference = fields.String(allow_none=True)
    reverses_id = fields.Integer(allow_none=True)
    created_at = Moment()


class FundDetail(FundOut):
    entries = fields.List(fields.Nested(EntryOut))


class AssignmentOut(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    nomination_id = fields.Integer()
    nomination_title = fields.String()
    state = fields.String(metadata={"description": "none, draft, submitted or reopened"})


class SheetOut(AssignmentOut):
    scores = fields.Dict(keys=fields.String(), values=fields.Raw())
    comments = fields.Dict(keys=fields.String(), values=fields.String())
    total = fields.Float(allow_none=True)


class NominationOut(Schema):
    id = fields.Integer()
    cycle = fields.String()
    category = fields.String()
    title = fields.String()
    status = fields.String()


class Indicators(Schema):
    year_from = fields.Integer()
    year_to = fields.Integer()
    panels = fields.List(fields.Dict())


class TargetOut(Schema):
    code = fields.String()
    title = fields.String()
    unit = fields.String()
    comparator = fields.String()
    baseline = fields.String(allow_none=True)
    goal = fields.String(allow_none=True)
    current = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "met, not_met or no_data"})


class YearArgs(Schema):
    year = fields.Integer(load_default=None, validate=validate.Range(2000, 2100))


def application_json(app: CertApplication) -> dict:
    return {"id": app.id, "organisation": app.organisation.slug, "kind": app.kind, "status": app.status,
            "rule_set_code": app.rule_set_code, "certificate_id": app.certificate_id, "created_at": app.created_at}


def fund_json(state) -> dict:
    fund = state.fund
    return {"id": fund.id, "organisation": fund.organisation.slug, "decision_number": fund.decision_number,
            "decision_date": fund.decision_date, "as_of": state.as_of, "appropriated": state.appropriated,
            "used": state.used, "balance": state.balance, "at_risk": state.at_risk, "owed": state.owed,
            "nearest_deadline": state.nearest_deadline, "breaches": state.breaches}


def assignment_json(assignment, sheet: bool = False) -> dict:
    data = {"id": assignment.id, "round_id": assignment.round_id, "nomination_id": assignment.nomination_id,
            "nomination_title": assignment.nomination.title, "state": assignment.state}
    if sheet:
        working = assignment.working_entry
        data.update(scores=dict(working.scores) if working else {},
                    comments=dict(working.comments) if working else {},
                    total=working.total if working else None)
    return data


@bp.route("/certification/applications")
@guard("cert.applications")
@bp.etag
@bp.arguments(ApplicationFilters, location="query", unknown="exclude")
@bp.response(200, page_schema(ApplicationOut, "CertApplicationPage"))
def applications(args):
    """Certification applications: the caller's enterprises', or all for the office."""
    query = select(CertApplication).join(Organisation).order_by(CertApplication.id.desc())
    if not can("cert.office"):
        query = query.where(CertApplication.organisation_id.in_(current_user.managed_org_ids or {0}))
    if args["status"]:
        query = query.where(CertApplication.status == args["status"])
    return paginate(query, args, application_json)


@bp.route("/funds")
@guard("authenticated")
@bp.etag
@bp.response(200, FundOut(many=True))
def funds():
    """S&T development funds with their positions today: the caller's enterprises' (all for officers)."""
    today = local_today()
    if can("fund.list_all"):
        return [fund_json(state) for state in all_states(today)]
    return [fund_json(fund_state(fund, today)) for fund in funds_of(current_user)]


@bp.route("/funds/<int:fund_id>")
@guard("fund.view")
@bp.etag
@bp.response(200, FundDetail)
def fund(fund_id: int):
    """One fund's position and its append-only ledger."""
    state = fund_state(get_fund(fund_id), local_today())
    entries = [{"id": e.id, "kind": e.kind, "day": e.day, "amount": e.amount, "tax_year": e.tax_year,
                "category": e.category, "proper": e.proper, "reference": e.reference,
                "reverses_id": e.reverses_id, "created_at": e.created_at} for e in state.fund.entries]
    return {**fund_json(state), "entries": entries}


@bp.route("/awards/nominations")
@guard("awards.nominate")
@bp.etag
@bp.response(200, NominationOut(many=True))
def my_nominations():
    """The nominations the caller made or speaks for."""
    return [{"id": n.id, "cycle": n.cycle.code, "category": n.category.code, "title": n.title,
             "status": n.status} for n in nominations_of(current_user)]


@bp.route("/awards/assignments")
@guard("awards.judge")
@bp.etag
@bp.response(200, AssignmentOut(many=True))
def my_assignments():
    """The calling judge's own assignments (never another judge's)."""
    return [assignment_json(a) for a in judge_assignments(current_user.person_id)]


@bp.route("/awards/assignments/<int:assignment_id>")
@guard("awards.score")
@bp.etag
@bp.response(200, SheetOut)
def my_sheet(assignment_id: int):
    """The calling judge's own sheet for one assignment."""
    return assignment_json(get_assignment(assignment_id), sheet=True)


class SheetIn(Schema):
    scores = fields.Dict(keys=fields.String(validate=validate.Length(max=60)),
                         values=fields.String(validate=validate.Length(max=20)), required=True,
                         validate=validate.Length(max=50), metadata={"description": "criterion code → score"})
    comments = fields.Dict(keys=fields.String(validate=validate.Length(max=60)),
                           values=fields.String(validate=validate.Length(max=5000)), load_default=dict,
                           validate=validate.Length(max=50))
    submit = fields.Boolean(load_default=False, metadata={"description": "submit (locks the sheet) or save a draft"})


@bp.route("/awards/assignments/<int:assignment_id>/sheet", methods=["POST"])
@guard("awards.score")
@preload(lambda assignment_id: get_assignment(assignment_id))
@bp.arguments(SheetIn)
@bp.response(200, SheetOut)
def save_my_sheet(data, assignment_id: int):
    """Save or submit the calling judge's sheet, with the page's rubric checks and lock."""
    assignment = get_assignment(assignment_id)
    perform(lambda: save_sheet(assignment, current_user, data["scores"], data["comments"], data["submit"]),
            AWARDS)
    return assignment_json(assignment, sheet=True)


@bp.route("/dashboard/indicators")
@guard("dashboard.view")
@bp.etag
@bp.response(200, Indicators)
def indicators():
    """Every indicator of the staff dashboard (the public set is under /open-data/dashboard)."""
    scope = dashboard_service.default_scope()
    found = dashboard_service.dashboard_panels(scope, public=False)
    if not found["from_cache"]:
        dashboard_service.save_cache()
        db.session.commit()
    return {"year_from": scope.year_from, "year_to": scope.year_to,
            "panels": json.loads(json.dumps(found["panels"], default=str))}


@bp.route("/dashboard/targets")
@guard("dashboard.targets")
@bp.etag
@bp.arguments(YearArgs, location="query", unknown="exclude")
@bp.response(200, TargetOut(many=True))
def targets(args):
    """The programme targets in force and their progress in a year (default: this year)."""
    year = args["year"] or local_today().year
    en = current_locale() == "en"
    rows = []
    for target in targets_in_force(year):
        found = progress(target, year)
        rows.append({"code": target.code, "title": target.title_en if en and target.title_en else target.title_vi,
                     "unit": target.unit, "comparator": target.comparator,
                     "baseline": None if found.baseline is None else str(found.baseline),
                     "goal": None if found.goal is None else str(found.goal),
                     "current": None if found.current is None else str(found.current), "status": found.status})
    return rows
