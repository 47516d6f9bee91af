"""JSON writes of the programme targets: an officer adds a target, retires one (it stays as history)
or records a year's reported figure, through the targets page's policy and service."""
from flask import abort
from flask_login import current_user
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.forms.dashboard import COMPARATORS, INDICATORS, UNITS
from ecosystem.models import ProgrammeTarget
from ecosystem.permissions import guard
from ecosystem.services.dashboard import targets as service
from ecosystem.views.api.base import IDEMPOTENCY_DOC, Moment, api_blueprint, idempotent, preload
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.dashboard.targets import TARGETS

bp = api_blueprint("api_targets_write", "dashboard", url_prefix="/api/v1/dashboard/targets",
                   description="Programme targets: add, retire, reported figures (officers)")
TARGET = "/<code>"
Decimal = validate.Length(max=40)


class TargetNewIn(Schema):
    code = fields.String(required=True, validate=[validate.Length(min=1, max=60),
                                                  validate.Regexp(r"^[a-z0-9_]+$")])
    title_vi = fields.String(required=True, validate=validate.Length(min=1, max=300))
    title_en = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    owner_vi = fields.String(required=True, validate=validate.Length(min=1, max=200))
    owner_en = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    frequency = fields.String(load_default="once", validate=validate.OneOf(("once", "yearly")))
    unit = fields.String(required=True, validate=validate.OneOf([code for code, _label in UNITS]))
    comparator = fields.String(required=True, validate=validate.OneOf([code for code, _label in COMPARATORS]))
    target_value = fields.String(load_default=None, allow_none=True, validate=Decimal,
                                 metadata={"description": "a decimal, e.g. \"7.5\""})
    baseline_year = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(1990, 2100))
    baseline_value = fields.String(load_default=None, allow_none=True, validate=Decimal)
    indicator = fields.String(load_default="", validate=validate.OneOf([code for code, _label in INDICATORS]),
                              metadata={"description": "computed from the system's data; empty: reported figures"})
    legal_basis = fields.String(required=True, validate=validate.Length(min=1, max=60))
    note_vi = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class TargetDetailOut(Schema):
    id = fields.Integer()
    code = fields.String()
    title_vi = fields.String()
    title_en = fields.String(allow_none=True)
    period_start = fields.Date()
    period_end = fields.Date()
    unit = fields.String()
    comparator = fields.String()
    target_value = fields.String(allow_none=True)
    baseline_year = fields.Integer(allow_none=True)
    baseline_value = fields.String(allow_none=True)
    measure = fields.String(metadata={"description": "computed or reported"})
    indicator = fields.String(allow_none=True)
    status = fields.String(metadata={"description": "active, retired or superseded"})
    retired_on = fields.Date(allow_none=True)
    retired_reason = fields.String(allow_none=True)
    superseded_by = fields.Method("successor_code", allow_none=True)

    def successor_code(self, target):
        return db.session.get(ProgrammeTarget, target.superseded_by_id).code if target.superseded_by_id else None


class TargetRetireIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    superseded_by = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=60),
                                  metadata={"description": "code of the target that replaces it"})


class TargetFigureIn(Schema):
    year = fields.Integer(required=True, validate=validate.Range(1990, 2100))
    value = fields.String(required=True, validate=validate.Length(min=1, max=40),
                          metadata={"description": "a decimal, e.g. \"7.5\""})
    source = fields.String(load_default="", validate=validate.Length(max=300))


class TargetFigureOut(Schema):
    year = fields.Integer()
    value = fields.String()
    source = fields.String(allow_none=True)
    entered_at = Moment()


def target_by_code(code: str) -> ProgrammeTarget:
    target = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == code))
    if target is None:
        abort(404)
    return target


@bp.route("", methods=["POST"])
@guard("dashboard.targets")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(TargetNewIn)
@bp.response(201, TargetDetailOut)
def create(data):
    """A new target: a unique code, an ordered period, and a goal or a baseline year to beat."""
    return perform(lambda: service.add_target(data, current_user), TARGETS)


@bp.route(TARGET + "/retire", methods=["POST"])
@guard("dashboard.targets")
@preload(lambda code: target_by_code(code))
@bp.arguments(TargetRetireIn)
@bp.response(200, TargetDetailOut)
def retire(data, code: str):
    """Stop following an active target, with a reason (optionally replaced by another); its history stays."""
    target = target_by_code(code)
    successor = None
    if data["superseded_by"]:
        successor = db.session.scalar(select(ProgrammeTarget).where(ProgrammeTarget.code == data["superseded_by"]))
        if successor is None:
            abort_problem(422, "unknown_successor", "superseded_by names no target.")
    perform(lambda: service.retire_target(target, data["reason"], current_user, successor), TARGETS)
    return target


@bp.route(TARGET + "/figures", methods=["POST"])
@guard("dashboard.targets")
@preload(lambda code: target_by_code(code))
@bp.arguments(TargetFigureIn)
@bp.response(200, TargetFigureOut)
def figure(data, code: str):
    """Enter or correct a year's official figure of the target."""
    target = target_by_code(code)
    return perform(lambda: service.record_figure(target, data["year"], data["value"], data["source"],
                                                 current_user), TARGETS)
