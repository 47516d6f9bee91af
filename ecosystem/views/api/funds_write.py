"""JSON writes of enterprises' S&T funds: the founding facts and the append-only ledger (appropriations,
usages, transfers, reversals, officers' misuse findings) through the pages' policies and ledger service."""
import hashlib
from decimal import Decimal

from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from marshmallow import Schema, ValidationError, fields, validate

from ecosystem.clock import local_today
from ecosystem.models.funds import FUND_FORMS, USAGE_CATEGORY_LABELS
from ecosystem.services.directory.records import find_org_by_slug
from ecosystem.services.funds import ledger as service
from ecosystem.services.funds.queries import find_enterprise, fund_state
from ecosystem.permissions import guard, require
from ecosystem.validators import MONEY_MAX
from ecosystem.views.api.base import IDEMPOTENCY_DOC, api_blueprint, idempotent, preload
from ecosystem.views.api.problems import abort_problem, perform
from ecosystem.views.api.programmes import EntryOut, FundOut, fund_json
from ecosystem.views.funds.enterprise import get_entry, get_fund
from ecosystem.views.funds.messages import FUNDS
from ecosystem.views.loading import get_org

bp = api_blueprint("api_funds_write", "funds", url_prefix="/api/v1/funds",
                   description="S&T funds: founding facts and ledger entries (integer VND, append-only)")
FUND = "/<int:fund_id>"
ENTRY = FUND + "/entries/<int:entry_id>"


def _rate(value: Decimal) -> None:
    """A rate as a fraction (0.075 = 7.5 %), 0 to 1, as exact as the page's four decimals of a per cent."""
    if not Decimal(0) <= value <= Decimal(1) or value != value.quantize(Decimal("0.000001")):
        raise ValidationError("A fraction from 0 to 1 with at most six decimals (0.075 = 7.5 %).")


def Money(description: str = "VND", **kwargs):  # noqa: N802 - reads as a field type
    """Whole VND: a JSON integer (never 1.5 or "1.500"), 0 to the platform's ceiling."""
    return fields.Integer(strict=True, validate=validate.Range(0, MONEY_MAX),
                          metadata={"description": description}, **kwargs)


def Rate(**kwargs):  # noqa: N802
    return fields.Decimal(as_string=True, validate=_rate, allow_nan=False, metadata={
        "type": "string", "pattern": r"^\d+(\.\d+)?$", "description": "a fraction as a string: \"0.1\" = 10 %"},
        **kwargs)


class FundFactsIn(Schema):
    decision_number = fields.String(required=True, validate=validate.Length(min=1, max=80))
    decision_date = fields.Date(required=True)
    sent_to_dost_on = fields.Date(load_default=None, allow_none=True)
    organisation_form = fields.String(load_default="internal", validate=validate.OneOf(list(FUND_FORMS)))
    state_owned = fields.Boolean(load_default=None, allow_none=True,
                                 metadata={"description": "default: as the enterprise's record (create) or as now"})


class NewFundFactsIn(FundFactsIn):
    organisation = fields.String(required=True, validate=validate.Length(min=1, max=200),
                                 metadata={"description": "slug of the enterprise"})


class FundAppropriationIn(Schema):
    tax_year = fields.Integer(required=True, validate=validate.Range(2000, 2100))
    taxable_income = Money(required=True)
    rate = Rate(required=True)
    cit_rate = Rate(load_default=Decimal("0.2"))
    day = fields.Date(load_default=None, allow_none=True)
    amount = Money(load_default=None, allow_none=True,
                   description="VND; only an officer may differ from income × rate, with a reason")
    override_reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class FundUsageIn(Schema):
    day = fields.Date(required=True)
    amount = Money(required=True)
    category = fields.String(required=True, validate=validate.OneOf(list(USAGE_CATEGORY_LABELS)))
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    advance = fields.Boolean(load_default=False, metadata={"description": "beyond the balance: an advance"})


class FundTransferIn(Schema):
    direction = fields.String(required=True, validate=validate.OneOf(("out", "in")))
    counterparty = fields.String(required=True, validate=validate.Length(min=1, max=200),
                                 metadata={"description": "slug of the 100 %-owned subsidiary or parent"})
    day = fields.Date(required=True)
    amount = Money(required=True)
    tax_year = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(2000, 2100))
    cit_rate = Rate(load_default=None, allow_none=True)
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class FundReversalIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class FundMisuseIn(Schema):
    note = fields.String(required=True, validate=validate.Length(min=1, max=2000),
                         metadata={"description": "why the usage was not for an allowed purpose"})


class OwnershipIn(Schema):
    parent = fields.String(required=True, validate=validate.Length(min=1, max=90),
                           metadata={"description": "slug or tax code of the parent company"})
    child = fields.String(required=True, validate=validate.Length(min=1, max=90),
                          metadata={"description": "slug or tax code of the subsidiary"})
    share = Rate(required=True)
    valid_from = fields.Date(required=True)
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class OwnershipOut(Schema):
    id = fields.Integer()
    parent = fields.Function(lambda row: row.parent.slug)
    child = fields.Function(lambda row: row.child.slug)
    share = fields.Decimal(as_string=True, metadata={"type": "string"})
    valid_from = fields.Date()
    valid_to = fields.Date(allow_none=True)
    reference = fields.String(allow_none=True)


def entry_json(entry) -> dict:
    return {name: getattr(entry, name) for name in ("id", "kind", "day", "amount", "tax_year", "category", "proper",
                                                     "reference", "created_at")} | {"reverses_id": entry.reverses_id}


def service_key() -> str | None:
    """The ledger's own double-submission key from the Idempotency-Key header (per caller), so two
    racing copies of one request append one entry."""
    raw = request.headers.get("Idempotency-Key", "").strip()
    if not raw:
        return None
    return "api:" + hashlib.sha256(f"{current_user.id}:{raw}".encode()).hexdigest()[:56]


def _record(fund_id: int, policy: str, call):
    """Append one entry under the fund's lock with the page's refusals; answers the new entry."""
    fund = get_fund(fund_id, policy)
    return entry_json(perform(lambda: call(fund), FUNDS))


@bp.route("", methods=["POST"])
@guard("fund.create")
@preload(lambda: require("fund.create"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(NewFundFactsIn)
@bp.response(201, FundOut)
def create(data):
    """Open the fund of an enterprise the caller manages (officers: any), one per enterprise."""
    org = get_org(data.pop("organisation"), "fund.create")
    data["state_owned"] = org.state_owned if data["state_owned"] is None else data["state_owned"]
    fund = perform(lambda: service.save_fund(org, data, current_user), FUNDS)
    return fund_json(fund_state(fund, local_today()))


@bp.route(FUND, methods=["PUT"])
@guard("fund.edit")
@preload(lambda fund_id: get_fund(fund_id, "fund.edit"))
@bp.arguments(FundFactsIn)
@bp.response(200, FundOut)
def edit(data, fund_id: int):
    """Replace the fund's founding facts (decision, date sent to the DOST, form, state ownership)."""
    fund = get_fund(fund_id, "fund.edit")
    data["state_owned"] = fund.state_owned if data["state_owned"] is None else data["state_owned"]
    perform(lambda: service.save_fund(fund.organisation, data, current_user, fund), FUNDS)
    return fund_json(fund_state(fund, local_today()))


@bp.route(FUND + "/appropriations", methods=["POST"])
@guard("fund.record")
@preload(lambda fund_id: get_fund(fund_id, "fund.record"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(FundAppropriationIn)
@bp.response(201, EntryOut)
def appropriate(data, fund_id: int):
    """A tax year's appropriation: income × rate within the rule set's limits, one per year; only an
    officer may set another amount, with a reason."""
    return _record(fund_id, "fund.record", lambda fund: service.record_appropriation(
        fund, current_user, key=service_key(), **data))


@bp.route(FUND + "/usages", methods=["POST"])
@guard("fund.record")
@preload(lambda fund_id: get_fund(fund_id, "fund.record"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(FundUsageIn)
@bp.response(201, EntryOut)
def use(data, fund_id: int):
    """Spend from the fund (oldest money first) within the balance on that day, or as an advance."""
    return _record(fund_id, "fund.record", lambda fund: service.record_usage(
        fund, current_user, key=service_key(), **data))


@bp.route(FUND + "/transfers", methods=["POST"])
@guard("fund.record")
@preload(lambda fund_id: get_fund(fund_id, "fund.record"))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(FundTransferIn)
@bp.response(201, EntryOut)
def transfer(data, fund_id: int):
    """Move fund money to (or receive it from) a 100 %-owned subsidiary or parent on that day."""
    def call(fund):
        counterparty = find_org_by_slug(data.pop("counterparty"))
        if counterparty is None:
            raise service.FundError("not_wholly_owned")
        return service.record_transfer(fund, current_user, counterparty=counterparty, key=service_key(), **data)
    return _record(fund_id, "fund.record", call)


@bp.route(ENTRY + "/reversal", methods=["POST"])
@guard("fund.record")
@preload(lambda fund_id, entry_id: get_entry(get_fund(fund_id, "fund.record"), entry_id))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(FundReversalIn)
@bp.response(201, EntryOut)
def reverse(data, fund_id: int, entry_id: int):
    """Cancel an entry by a reversing one (never an edit or a delete); staff findings by staff only."""
    return _record(fund_id, "fund.record", lambda fund: service.reverse_entry(
        fund, current_user, get_entry(fund, entry_id), data["reason"], key=service_key()))


@bp.route(ENTRY + "/misuse", methods=["POST"])
@guard("fund.inspect")
@preload(lambda fund_id, entry_id: get_entry(get_fund(fund_id, "fund.inspect"), entry_id))
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(FundMisuseIn)
@bp.response(201, EntryOut)
def misuse(data, fund_id: int, entry_id: int):
    """An officer's finding: the usage is reversed and recorded again as misused (tax and interest follow)."""
    return _record(fund_id, "fund.inspect", lambda fund: service.flag_misuse(
        fund, current_user, get_entry(fund, entry_id), data["note"], key=service_key()))


@bp.route("/ownerships", methods=["POST"])
@guard("fund.ownership")
@idempotent
@bp.doc(**IDEMPOTENCY_DOC)
@bp.arguments(OwnershipIn)
@bp.response(201, OwnershipOut)
def add_ownership(data):
    """An officer records a parent's share in a subsidiary: at 100 % it allows fund transfers."""
    parent, child = find_enterprise(data["parent"]), find_enterprise(data["child"])
    if parent is None or child is None:
        abort_problem(422, "unknown_organisation", _("Không tìm thấy doanh nghiệp này."),
                      field="parent" if parent is None else "child")
    return perform(lambda: service.add_ownership(parent, child, data["share"], data["valid_from"], current_user,
                                                 data["reference"]), FUNDS)
