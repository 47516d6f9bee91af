"""Enterprise S&T funds: record ledger entries under the rules of fund_rules, one fund lock at a time.

Every write locks the fund row first (SELECT … FOR UPDATE on PostgreSQL; SQLite transactions
already begin IMMEDIATE), then re-reads the ledger, checks the balance and appends: two usages
racing for one balance are serialised, so one is accepted and the other refused, never both.
Functions flush and leave the commit to the caller.
"""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.codes import USAGE_CATEGORIES
from ecosystem.extensions import db
from ecosystem.models import FundEntry, Organisation, OrgOwnership, StFund
from ecosystem.models.accounts import is_staff
from ecosystem.models.funds import to_micro
from ecosystem.services.platform.audit import log_action
from ecosystem.services.funds.statements import (  # noqa: F401  (re-exported for callers of this module)
    check_reversal, effective_entries, form_03_6, in_force, ledger_inputs, usage_by_category, warnings_due)
from ecosystem.services.funds.tranche_rule import (  # noqa: F401  (re-exported: the one rule everyone uses)
    FundPosition, FundRuleError, add_months, appropriation_amount, available_balance,
    check_appropriation, fund_position, fund_setting, round_vnd, tranche_deadline, usage_draws)
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting, setting_decimal

FULL_OWNERSHIP = 1_000_000  # share_micro of 100 %
OUTFLOWS = ("usage", "advance", "transfer_out")


class FundError(DomainError):
    """A refusal with a stable code; the view turns code and params into a translated message."""


def rule_settings() -> dict:
    """The officer's current [setting] values as keyword arguments of fund_position."""
    return {"late_rate": setting_decimal("funds.late_payment_rate_per_day"),
            "deadline_years": int(setting("funds.deadline_offset_years")),
            "compliance_share": setting_decimal("funds.compliance_share")}


def entry_dict(entry: FundEntry) -> dict:
    """A ledger row as the plain data fund_rules takes."""
    return {"id": entry.id, "kind": entry.kind, "tax_year": entry.tax_year, "amount": entry.amount,
            "cit_rate": entry.cit_rate, "rate": entry.rate, "taxable_income": entry.taxable_income,
            "day": entry.day, "proper": entry.proper, "category": entry.category, "reverses": entry.reverses_id}


def ledger(fund_id: int) -> list[FundEntry]:
    return list(db.session.scalars(select(FundEntry).where(FundEntry.fund_id == fund_id).order_by(FundEntry.id)))


def _lock(fund_id: int) -> StFund:
    """Take the fund's row lock for the rest of the transaction."""
    return db.session.scalars(select(StFund).where(StFund.id == fund_id).with_for_update()).one()


def _replayed(key: str | None, fund: StFund) -> FundEntry | None:
    """The entry an identical earlier submission made, so a double click changes nothing."""
    if not key:
        return None
    entry = db.session.scalar(select(FundEntry).where(FundEntry.idempotency_key == key))
    if entry is not None and entry.fund_id != fund.id:
        raise FundError("key_reused")
    return entry


def _append(fund: StFund, actor, key: str | None, **fields) -> FundEntry:
    entry = FundEntry(fund_id=fund.id, created_by_id=actor.id, idempotency_key=key, **fields)
    db.session.add(entry)
    db.session.flush()
    log_action(actor.id, f"fund.{entry.kind}", "fund_entry", entry.id, fund_id=fund.id, amount=entry.amount)
    return entry


# --- the fund ----------------------------------------------------------------------------------

def save_fund(org: Organisation, data: dict, actor, fund: StFund | None = None) -> StFund:
    """Create (one per enterprise, which needs a tax code) or update the fund's founding facts."""
    if fund is None:
        if not org.tax_code:
            raise FundError("needs_tax_code")
        if db.session.scalar(select(StFund.id).where(StFund.organisation_id == org.id)):
            raise FundError("fund_exists")
        fund = StFund(organisation_id=org.id, created_by_id=actor.id)
        db.session.add(fund)
    sent = data.get("sent_to_dost_on")
    if sent and sent < data["decision_date"]:
        raise FundError("sent_before_decision")
    for name in ("decision_number", "decision_date", "sent_to_dost_on", "organisation_form", "state_owned"):
        setattr(fund, name, data.get(name))
    db.session.flush()
    log_action(actor.id, "fund.save", "st_fund", fund.id, organisation_id=org.id)
    return fund


def add_ownership(parent: Organisation, child: Organisation, share: Decimal, valid_from: date, actor,
                  reference: str | None = None) -> OrgOwnership:
    """Record a parent's share in a subsidiary (the evidence for fund transfers)."""
    if parent.id == child.id:
        raise FundError("self_ownership")
    if not Decimal(0) < share <= Decimal(1):
        raise FundError("share_range")
    row = OrgOwnership(parent_id=parent.id, child_id=child.id, valid_from=valid_from, reference=reference,
                       created_by_id=actor.id)
    row.share = share
    db.session.add(row)
    db.session.flush()
    log_action(actor.id, "fund.ownership", "org_ownership", row.id, share=str(share))
    return row


def wholly_owned_pair(org_id: int, other_id: int, day: date) -> bool:
    """True when one of the two owns 100 % of the other on that day."""
    query = select(OrgOwnership.id).where(
        OrgOwnership.share_micro == FULL_OWNERSHIP, OrgOwnership.valid_from <= day,
        (OrgOwnership.valid_to.is_(None)) | (OrgOwnership.valid_to >= day),
        ((OrgOwnership.parent_id == org_id) & (OrgOwnership.child_id == other_id))
        | ((OrgOwnership.parent_id == other_id) & (OrgOwnership.child_id == org_id)))
    return db.session.scalar(query.limit(1)) is not None


# --- entries -----------------------------------------------------------------------------------

def record_appropriation(fund: StFund, actor, *, tax_year: int, taxable_income: int, rate: Decimal,
                         cit_rate: Decimal, amount: int | None = None, override_reason: str | None = None,
                         day: date | None = None, key: str | None = None) -> FundEntry:
    """A tax year's appropriation: rate within the limits, amount = round(income × rate) unless an
    officer overrides it with a reason; one appropriation in force per tax year."""
    fund = _lock(fund.id)
    if (replay := _replayed(key, fund)) is not None:
        return replay
    today = local_today()
    if not 2000 <= tax_year <= today.year:
        raise FundError("tax_year_range", latest=today.year)
    if not Decimal(0) <= cit_rate <= Decimal("0.5"):
        raise FundError("cit_rate_range")
    computed = appropriation_amount(taxable_income, rate)
    if amount is not None and amount != computed and not is_staff(actor):
        raise FundError("override_officer_only", computed=computed)
    try:
        amount = check_appropriation(
            taxable_income, rate, state_owned=fund.state_owned, amount=amount, override_reason=override_reason,
            max_rate=setting_decimal("funds.max_rate"),
            state_owned_min_rate=setting_decimal("funds.state_owned_min_rate"))
    except FundRuleError as error:
        raise FundError(error.code, computed=computed, max_rate=setting_decimal("funds.max_rate"),
                        min_rate=setting_decimal("funds.state_owned_min_rate")) from error
    entries = effective_entries([entry_dict(e) for e in ledger(fund.id)])
    if any(e["kind"] == "appropriation" and e["tax_year"] == tax_year for e in entries):
        raise FundError("year_taken", year=tax_year)
    return _append(fund, actor, key, kind="appropriation", tax_year=tax_year, taxable_income=taxable_income,
                   amount=amount, rate_micro=to_micro(rate), cit_rate_micro=to_micro(cit_rate), day=day,
                   override_reason=(override_reason or "").strip() or None if amount != computed else None)


def _position_inputs(fund_id: int):
    return ledger_inputs([entry_dict(e) for e in ledger(fund_id)])


def balance_on(fund_id: int, day: date) -> int:
    """What a new usage dated `day` may take without leaving any recorded usage unpaid."""
    appropriations, usages = _position_inputs(fund_id)
    return available_balance(appropriations, usages, day, deadline_years=int(setting("funds.deadline_offset_years")))


def record_usage(fund: StFund, actor, *, day: date, amount: int, category: str, reference: str | None = None,
                 note: str | None = None, advance: bool = False, proper: bool = True,
                 attachment: dict | None = None, key: str | None = None) -> FundEntry:
    """Spend from the fund (FIFO); beyond the balance only when recorded as an advance.

    An advance the balance turns out to cover is an ordinary usage. Misuse (proper=False) is an
    officer's finding. attachment: {name, path, mime} of a file already stored by services.uploads.
    """
    fund = _lock(fund.id)
    if (replay := _replayed(key, fund)) is not None:
        return replay
    _check_outflow(day, amount)
    if category not in USAGE_CATEGORIES:
        raise FundError("category")
    if not proper and not is_staff(actor):
        raise FundError("misuse_officer_only")
    available = balance_on(fund.id, day)
    if amount > available and not advance:
        raise FundError("beyond_balance", available=available)
    attachment = attachment or {}
    return _append(fund, actor, key, kind="advance" if amount > available else "usage", day=day, amount=amount,
                   category=category, reference=reference, note=note, proper=proper,
                   attachment_name=attachment.get("name"), attachment_path=attachment.get("path"),
                   attachment_mime=attachment.get("mime"))


def _check_outflow(day: date, amount: int) -> None:
    if amount <= 0:
        raise FundError("amount_positive")
    if day > local_today():
        raise FundError("future_day")


def record_transfer(fund: StFund, actor, *, direction: str, counterparty: Organisation, day: date, amount: int,
                    tax_year: int | None = None, cit_rate: Decimal | None = None, reference: str | None = None,
                    key: str | None = None) -> FundEntry:
    """Move fund money to or from a 100 %-owned subsidiary (or the 100 % parent).

    A transfer out is a proper usage of this fund. When the other enterprise's fund is in the
    system too, its side is written here as transfers in of the same tax years and CIT rates
    (the money keeps its deadline); a transfer in is then recorded from the sending fund only.
    """
    other = db.session.scalar(select(StFund).where(StFund.organisation_id == counterparty.id))
    for fund_id in sorted({fund.id, other.id} if other else {fund.id}):  # one lock order: no deadlock
        _lock(fund_id)
    if (replay := _replayed(key, fund)) is not None:
        return replay
    _check_outflow(day, amount)
    if not wholly_owned_pair(fund.organisation_id, counterparty.id, day):
        raise FundError("not_wholly_owned")
    if direction == "in":
        if other is not None:
            raise FundError("record_from_sender")
        if tax_year is None or cit_rate is None or tax_year > day.year:
            raise FundError("transfer_year")
        return _append(fund, actor, key, kind="transfer_in", day=day, amount=amount, tax_year=tax_year,
                       cit_rate_micro=to_micro(cit_rate), counterparty_id=counterparty.id, reference=reference)
    appropriations, usages = _position_inputs(fund.id)
    if any(d > day for d, _a, _p in usages):
        raise FundError("transfer_backdated")
    available = balance_on(fund.id, day)
    if amount > available:
        raise FundError("beyond_balance", available=available)
    entry = _append(fund, actor, key, kind="transfer_out", day=day, amount=amount, counterparty_id=counterparty.id,
                    reference=reference)
    if other is not None:
        deadline_years = int(setting("funds.deadline_offset_years"))
        for year, part, rate in usage_draws(appropriations, usages, (day, amount, True), deadline_years=deadline_years):
            _append(other, actor, None, kind="transfer_in", day=day, amount=part, tax_year=year,
                    cit_rate_micro=to_micro(rate), mirror_of_id=entry.id, counterparty_id=fund.organisation_id,
                    reference=reference)
    return entry


def reverse_entry(fund: StFund, actor, target: FundEntry, reason: str, key: str | None = None) -> FundEntry:
    """Cancel an entry by a reversing entry (its mirrored transfers with it); staff findings are
    reversed by staff only."""
    mirrors = list(db.session.scalars(select(FundEntry).where(FundEntry.mirror_of_id == target.id)))
    for fund_id in sorted({fund.id, *(m.fund_id for m in mirrors)}):
        _lock(fund_id)
    if (replay := _replayed(key, fund)) is not None:
        return replay
    if target.fund_id != fund.id or target.mirror_of_id is not None:
        raise FundError("not_reversible")
    if target.kind == "reversal" and db.session.scalar(
            select(FundEntry.id).where(FundEntry.mirror_of_id == target.reverses_id).limit(1)):
        raise FundError("not_reversible")  # restore a mirrored transfer by recording it again
    if not (reason or "").strip():
        raise FundError("reason_required")
    if not is_staff(actor) and (not target.proper or is_staff(target.created_by)):
        raise FundError("staff_entry")
    if db.session.scalar(select(FundEntry.id).where(FundEntry.reverses_id == target.id)):
        raise FundError("not_reversible")  # reversed once already: reverse that correction instead
    try:
        check_reversal([entry_dict(e) for e in ledger(fund.id)], target.id)
    except FundRuleError as error:
        raise FundError("not_reversible") from error
    reversal = _append(fund, actor, key, kind="reversal", reverses_id=target.id, note=reason.strip())
    for mirror in mirrors:
        _append(mirror.fund, actor, None, kind="reversal", reverses_id=mirror.id, note=reason.strip())
    return reversal


def flag_misuse(fund: StFund, actor, target: FundEntry, note: str, key: str | None = None) -> FundEntry:
    """An officer's finding that a usage was not for an allowed purpose: reverse it and record the
    same spending as misused, so tax and late-payment interest follow from fund_position."""
    if not is_staff(actor):
        raise FundError("misuse_officer_only")
    if (replay := _replayed(key, _lock(fund.id))) is not None:
        return replay
    if target.kind not in ("usage", "advance") or not target.proper:
        raise FundError("not_reversible")
    reverse_entry(fund, actor, target, note, key=f"{key}:r" if key else None)
    return _append(fund, actor, key, kind=target.kind, day=target.day, amount=target.amount,
                   category=target.category, reference=target.reference, proper=False, note=note.strip(),
                   attachment_name=target.attachment_name, attachment_path=target.attachment_path,
                   attachment_mime=target.attachment_mime)
