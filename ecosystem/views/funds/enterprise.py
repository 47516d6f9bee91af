"""Fund pages of an enterprise: its tranches and ledger, and the forms that append entries."""
from datetime import date
from decimal import Decimal

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.hardening.downloads import send_upload
from ecosystem.forms.funds import (AppropriationForm, FundForm, MisuseForm, ReversalForm, TransferForm,
                                   UsageForm)
from ecosystem.i18n import current_locale
from ecosystem.models import FundEntry, Organisation, OrgOwnership, StFund
from ecosystem.models.funds import ENTRY_KINDS, FUND_FORMS, FUND_STATUSES, USAGE_CATEGORY_LABELS
from ecosystem.permissions import can, guard, require
from ecosystem.services.funds import ledger as service
from ecosystem.services.funds.queries import fund_of_org, fund_state, funds_of, rule_set_summaries
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.stored_files import forget_bytes, save_bytes
from ecosystem.services.platform.uploads import IMAGE_KINDS, PDF, inspect_upload, read_limited, storage_path
from ecosystem.views.loading import get_org
from ecosystem.views.errors import attempt
from ecosystem.views.funds.messages import FUNDS
from ecosystem.views.funds.rule_display import rule_vocab

bp = Blueprint("funds", __name__, url_prefix="/funds")
NAV = [("funds.mine", _l("Quỹ KH&CN của tôi"), "fund.mine", 60)]
ORG_PANELS = ["funds/_org_fund.html"]


def fund_vocab() -> dict:
    """Labels the fund templates show for codes."""
    return {"statuses": FUND_STATUSES, "kinds": ENTRY_KINDS, "categories": USAGE_CATEGORY_LABELS,
            "forms": FUND_FORMS, "rule_summaries": rule_set_summaries, **rule_vocab()}


bp.context_processor(fund_vocab)


@bp.app_template_filter("fund_pct")
def fund_pct(rate, digits: int = 1) -> str:
    """A Decimal rate as a per cent in the reader's notation: 0.075 → '7,5 %' (vi) / '7.5 %' (en)."""
    if rate is None:
        return "—"
    value = (Decimal(rate) * 100).quantize(Decimal(1).scaleb(-digits)).normalize()
    text = f"{value:f}"
    return (text.replace(".", ",") if current_locale() == "vi" else text) + " %"
bp.record_once(lambda state: state.app.jinja_env.globals.setdefault("fund_for_org", fund_of_org))


def get_fund(fund_id: int, action: str = "fund.view") -> StFund:
    fund = db.session.get(StFund, fund_id)
    if fund is None:
        abort(404)
    require(action, fund)
    return fund


def get_entry(fund: StFund, entry_id: int) -> FundEntry:
    entry = db.session.get(FundEntry, entry_id)
    if entry is None or entry.fund_id != fund.id:
        abort(404)
    return entry


def _as_of() -> date:
    raw = request.args.get("as_of", "")
    try:
        return date.fromisoformat(raw) if raw else local_today()
    except ValueError:
        return local_today()


@bp.route("/mine")
@guard("authenticated")
def mine():
    orgs = list(db.session.scalars(select(Organisation).where(Organisation.id.in_(current_user.managed_org_ids))
                                   .order_by(Organisation.name))) if current_user.managed_org_ids else []
    funds = {f.organisation_id: f for f in funds_of(current_user)}
    return render_template("funds/mine.html", orgs=orgs, funds=funds)


@bp.route("/new/<slug>", methods=["GET", "POST"])
@guard("fund.create")
def create(slug: str):
    org = get_org(slug, "fund.create")
    existing = fund_of_org(org)
    if existing is not None:
        return redirect(url_for("funds.detail", fund_id=existing.id))
    form = FundForm()
    if request.method == "GET":
        form.state_owned.data = org.state_owned
    if form.validate_on_submit():
        ok, fund = attempt(FUNDS, lambda: service.save_fund(org, form.data, current_user), _("Đã lập hồ sơ Quỹ KH&CN."),
                           form=form, field=lambda error: FIELD_OF.get(error.code))
        if ok:
            return redirect(url_for("funds.detail", fund_id=fund.id))
    return render_template("funds/fund_form.html", form=form, org=org, fund=None)


@bp.route("/<int:fund_id>")
@guard("fund.view")
def detail(fund_id: int):
    fund = get_fund(fund_id)
    state = fund_state(fund, _as_of())
    first = min((row["year"] for row in state.rows), default=state.as_of.year)
    return render_template("funds/detail.html", fund=fund, state=state, years=range(state.as_of.year, first - 1, -1))


@bp.route("/<int:fund_id>/edit", methods=["GET", "POST"])
@guard("fund.edit")
def edit(fund_id: int):
    fund = get_fund(fund_id, "fund.edit")
    form = FundForm(obj=fund)
    if form.validate_on_submit() and attempt(
            FUNDS, lambda: service.save_fund(fund.organisation, form.data, current_user, fund), _("Đã lưu thay đổi."),
            form=form, field="sent_to_dost_on")[0]:
        return redirect(url_for("funds.detail", fund_id=fund.id))
    return render_template("funds/fund_form.html", form=form, org=fund.organisation, fund=fund)


FIELD_OF = {"tax_year_range": "tax_year", "year_taken": "tax_year", "no_rule_set": "tax_year",
            "cit_rate_range": "cit_rate",
            "rate_out_of_range": "rate", "rate_below_state_minimum": "rate", "override_needs_reason": "override_reason",
            "override_officer_only": "amount", "amount_above_cap": "amount", "beyond_balance": "amount",
            "amount_positive": "amount", "future_day": "day", "category": "category", "transfer_year": "tax_year",
            "not_wholly_owned": "counterparty", "transfer_backdated": "day", "reason_required": "reason",
            "sent_before_decision": "sent_to_dost_on", "upload.empty": "attachment", "upload.too_large": "attachment",
            "upload.quota_exceeded": "attachment",
            "upload.type_not_allowed": "attachment"}


def _entry_page(fund, form, template: str, call, done: str, **context):
    """The shared shape of every entry form: validate, one service call, commit, back to the fund."""
    if form.validate_on_submit() and attempt(FUNDS, call, done, form=form,
                                             field=lambda error: FIELD_OF.get(error.code))[0]:
        return redirect(url_for("funds.detail", fund_id=fund.id))
    return render_template(template, form=form, fund=fund, **context)


@bp.route("/<int:fund_id>/appropriations/new", methods=["GET", "POST"])
@guard("fund.record")
def appropriate(fund_id: int):
    fund = get_fund(fund_id, "fund.record")
    form = AppropriationForm()
    if request.method == "GET":
        form.tax_year.data = local_today().year - 1
    officer = can("fund.inspect", fund)

    def call():
        service.record_appropriation(
            fund, current_user, tax_year=form.tax_year.data, taxable_income=form.taxable_income.data,
            rate=form.rate.data, cit_rate=form.cit_rate.data, day=form.day.data,
            amount=form.amount.data if officer else None,
            override_reason=form.override_reason.data if officer else None, key=form.key.data)

    return _entry_page(fund, form, "funds/appropriation_form.html", call, _("Đã ghi bút toán trích lập."),
                       officer=officer)


def _store_attachment(form, fund) -> dict | None:
    """Keep an uploaded voucher outside static/, checked by content; None when no file was sent.
    The bytes take their final name only when the entry commits (stored_files.save_bytes)."""
    upload = form.attachment.data
    if not upload or not getattr(upload, "filename", ""):
        return None
    data = read_limited(upload.stream, int(setting("funds.upload_max_bytes")))
    info = inspect_upload(data, upload.filename, int(setting("funds.upload_max_bytes")),
                          allowed=frozenset({PDF, *IMAGE_KINDS}))
    save_bytes(info, data, fund.organisation_id)
    return {"name": info.original_name, "path": info.storage_name, "mime": info.mime}


@bp.route("/<int:fund_id>/usages/new", methods=["GET", "POST"])
@guard("fund.record")
def use(fund_id: int):
    fund = get_fund(fund_id, "fund.record")
    form = UsageForm()
    if request.method == "GET":
        form.day.data = local_today()

    def call():
        attachment = _store_attachment(form, fund)  # a refused file is shown under its field, like any refusal
        entry = service.record_usage(fund, current_user, day=form.day.data, amount=form.amount.data,
                                     category=form.category.data, reference=form.reference.data or None,
                                     note=form.note.data or None, advance=form.advance.data,
                                     attachment=attachment, key=form.key.data)
        if attachment and entry.attachment_path != attachment["path"]:
            forget_bytes(attachment["path"])  # a resent form: the first entry keeps its own file

    available = service.balance_on(fund.id, local_today())
    return _entry_page(fund, form, "funds/usage_form.html", call, _("Đã ghi khoản sử dụng Quỹ."),
                       available=available)


def _owned_partners(org_id: int) -> list[Organisation]:
    """Enterprises one of which owns the other at 100 % (a transfer needs it on its day as well)."""
    rows = db.session.scalars(select(OrgOwnership).where(
        OrgOwnership.share_micro == service.FULL_OWNERSHIP,
        (OrgOwnership.parent_id == org_id) | (OrgOwnership.child_id == org_id)))
    partners = {row.child if row.parent_id == org_id else row.parent for row in rows}
    return sorted(partners, key=lambda o: o.name)


@bp.route("/<int:fund_id>/transfers/new", methods=["GET", "POST"])
@guard("fund.record")
def transfer(fund_id: int):
    fund = get_fund(fund_id, "fund.record")
    form = TransferForm()
    partners = _owned_partners(fund.organisation_id)
    form.counterparty.choices = [(o.id, o.name) for o in partners]
    if request.method == "GET":
        form.day.data = local_today()

    def call():
        counterparty = next((o for o in partners if o.id == form.counterparty.data), None)
        if counterparty is None:
            raise service.FundError("not_wholly_owned")
        service.record_transfer(fund, current_user, direction=form.direction.data, counterparty=counterparty,
                                day=form.day.data, amount=form.amount.data, tax_year=form.tax_year.data,
                                cit_rate=form.cit_rate.data, reference=form.reference.data or None,
                                key=form.key.data)

    return _entry_page(fund, form, "funds/transfer_form.html", call, _("Đã ghi bút toán điều chuyển."),
                       partners=partners)


def _entry_action(fund_id: int, entry_id: int, action: str, policy: str, form, call, done: str):
    """Reverse an entry, or record it as misuse: one confirmation page with a reason."""
    fund = get_fund(fund_id, policy)
    entry = get_entry(fund, entry_id)
    return _entry_page(fund, form, "funds/entry_action.html", lambda: call(fund, entry), done, entry=entry,
                       action=action)


@bp.route("/<int:fund_id>/entries/<int:entry_id>/reverse", methods=["GET", "POST"])
@guard("fund.record")
def reverse(fund_id: int, entry_id: int):
    form = ReversalForm()
    return _entry_action(fund_id, entry_id, "reverse", "fund.record", form, lambda fund, entry: service.reverse_entry(
        fund, current_user, entry, form.reason.data, key=form.key.data), _("Đã ghi bút toán đảo."))


@bp.route("/<int:fund_id>/entries/<int:entry_id>/misuse", methods=["GET", "POST"])
@guard("fund.inspect")
def misuse(fund_id: int, entry_id: int):
    form = MisuseForm()
    return _entry_action(fund_id, entry_id, "misuse", "fund.inspect", form, lambda fund, entry: service.flag_misuse(
        fund, current_user, entry, form.note.data, key=form.key.data), _("Đã ghi nhận khoản chi sai mục đích."))


@bp.route("/<int:fund_id>/entries/<int:entry_id>/attachment")
@guard("fund.view")
def attachment(fund_id: int, entry_id: int):
    fund = get_fund(fund_id)
    entry = get_entry(fund, entry_id)
    if not entry.attachment_path:
        abort(404)
    path = storage_path(current_app.config["UPLOAD_ROOT"], entry.attachment_path)
    return send_upload(path, entry.attachment_mime, entry.attachment_name)
