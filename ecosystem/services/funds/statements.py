"""Ledger entries, the 03-6/TNDN table, usage by category and warnings, all on top of fund_rules.

Pure like fund_rules: plain dicts in, plain data out; the services and views adapt them.
"""
from datetime import date, timedelta

from ecosystem.codes import USAGE_CATEGORIES
from ecosystem.services.funds.tranche_rule import (INFLOW_KINDS, USAGE_KINDS, FundRuleError, add_months, allocate, as_rate,
                                                   or_setting)


# --- ledger ------------------------------------------------------------------------------------
# An entry is a dict with "id" and "kind": appropriation (tax_year, amount, cit_rate, taxable_income,
# rate), transfer_in (tax_year, amount, cit_rate), usage / advance (day, amount, proper=True,
# category), transfer_out (day, amount) or reversal (reverses: the id it cancels).

def in_force(entries) -> dict:
    """Entry id -> still in force: a reversal cancels its target; reversing a reversal restores it."""
    by_id, reversals = {}, {}
    for entry in entries:
        if entry["kind"] not in (*INFLOW_KINDS, *USAGE_KINDS, "reversal"):
            raise FundRuleError("unknown_kind", kind=entry["kind"])
        if entry["id"] in by_id:
            raise FundRuleError("duplicate_entry", id=entry["id"])
        by_id[entry["id"]] = entry
    for entry in entries:
        if entry["kind"] == "reversal":
            if entry.get("reverses") not in by_id:
                raise FundRuleError("unknown_reversal_target", id=entry["id"], reverses=entry.get("reverses"))
            reversals.setdefault(entry["reverses"], []).append(entry["id"])
    state: dict = {}

    def check(entry_id, path=()):
        if entry_id in path:
            raise FundRuleError("reversal_cycle", id=entry_id)
        if entry_id not in state:
            state[entry_id] = not any(check(r, (*path, entry_id)) for r in reversals.get(entry_id, ()))
        return state[entry_id]

    for entry_id in by_id:
        check(entry_id)
    return state


def effective_entries(entries) -> list[dict]:
    """The entries that count, reversals themselves left out."""
    state = in_force(entries)
    return [e for e in entries if e["kind"] != "reversal" and state[e["id"]]]


def check_reversal(entries, target_id) -> None:
    """Refuse reversing an unknown entry or one no longer in force (it would cancel nothing)."""
    if not in_force(entries).get(target_id, False):
        raise FundRuleError("not_reversible", id=target_id)


def ledger_inputs(entries) -> tuple[list, list]:
    """(appropriations, usages) for fund_position from ledger entries in force.

    A transfer in counts as an appropriation of its tax_year at its cit_rate (the money keeps the
    year and rate it was set aside under); a transfer out counts as a proper usage on its day; an
    advance is a usage like any other (fund_position reports what no tranche can take).
    """
    appropriations, usages = [], []
    for entry in effective_entries(entries):
        if entry["kind"] in INFLOW_KINDS:
            appropriations.append((entry["tax_year"], entry["amount"], as_rate(entry["cit_rate"])))
        else:
            proper = True if entry["kind"] == "transfer_out" else bool(entry.get("proper", True))
            usages.append((entry["day"], entry["amount"], proper))
    return sorted(appropriations), sorted(usages)


# --- reports -----------------------------------------------------------------------------------

def form_03_6(entries, tax_year: int, *, deadline_years: int | None = None) -> dict:
    """Figures of form 03-6/TNDN for a tax year (calendar year), straight from the ledger.

    One row per tranche year still usable in the period (year ≤ tax_year, deadline ≥ 1 January):
    brought_in + appropriated − used = carried_forward, and carried_forward of year Y here is the
    brought_in of year Y in the next year's form. Transfers out are part of `used`; what no tranche
    could take in the period is `advanced`.
    """
    start, end = date(tax_year, 1, 1), date(tax_year, 12, 31)
    tranches, draws, unallocated = allocate(*ledger_inputs(entries), end, deadline_years)
    rows = {}
    for t in tranches:
        if t.year <= tax_year and t.deadline >= start:
            row = rows.setdefault(t.year, dict.fromkeys(
                ("brought_in", "appropriated", "used", "used_proper", "misused", "tranche_amount"), 0))
            row.update(year=t.year, deadline=t.deadline)
            row["tranche_amount"] += t.amount
            row["appropriated" if t.year == tax_year else "brought_in"] += t.amount
    for day, index, amount, proper in draws:
        row = rows.get(tranches[index].year)
        if row is None:
            continue
        if day < start:
            row["brought_in"] -= amount
        else:
            row["used"] += amount
            row["used_proper" if proper else "misused"] += amount
    for row in rows.values():
        row["carried_forward"] = row["brought_in"] + row["appropriated"] - row["used"]
    period = [e for e in effective_entries(entries) if e["kind"] == "appropriation" and e["tax_year"] == tax_year]
    rates = {as_rate(e["rate"]) for e in period if e.get("rate") is not None}
    return {
        "tax_year": tax_year,
        "taxable_income": sum(e.get("taxable_income") or 0 for e in period),
        "rate": rates.pop() if len(rates) == 1 else None,
        "amount": sum(e["amount"] for e in period),
        "rows": [rows[year] for year in sorted(rows)],
        "advanced": sum(item["amount"] for item in unallocated if item["day"] >= start),
    }


def usage_by_category(entries, start: date, end: date) -> list[dict]:
    """Usage and advances in force dated start..end, per allowed-use category (the DOST report).

    Every category of USAGE_CATEGORIES appears (zero if unused), then any other code met ("" for
    none); transfers are not uses and are left out.
    """
    used = [e for e in effective_entries(entries) if e["kind"] in ("usage", "advance") and start <= e["day"] <= end]
    others = sorted({e.get("category") or "" for e in used} - set(USAGE_CATEGORIES))
    rows = {code: {"category": code, "amount": 0, "misused": 0, "advanced": 0, "count": 0}
            for code in (*USAGE_CATEGORIES, *others)}
    for entry in used:
        row = rows[entry.get("category") or ""]
        row["amount"] += entry["amount"]
        row["count"] += 1
        row["misused"] += 0 if entry.get("proper", True) else entry["amount"]
        row["advanced"] += entry["amount"] if entry["kind"] == "advance" else 0
    return list(rows.values())


# --- warnings ----------------------------------------------------------------------------------

def warnings_due(rows, day: date, *, warning_months=None) -> list[dict]:
    """Warnings due on `day` for rows of fund_position(..., as_of=day): each has a stable key to send once.

    An open tranche gets the nearest threshold (24/12/6/3 months [setting]) whose date has come, so
    a job that missed a run never sends a stale 24-month warning later; a breached tranche gets
    one breach warning. Rows of the same tax year share one warning (amounts summed).
    """
    months = sorted(or_setting(warning_months, "warning_months"))
    due: dict[str, dict] = {}
    for row in rows:
        if row["status"] == "breach":
            kind, threshold, due_on = "breach", None, row["deadline"] + timedelta(days=1)
        elif row["status"] == "open":
            threshold = next((m for m in months if add_months(row["deadline"], -m) <= day), None)
            if threshold is None:
                continue
            kind, due_on = "deadline", add_months(row["deadline"], -threshold)
        else:
            continue
        key = f"funds:{row['year']}:{'breach' if kind == 'breach' else f'{threshold}m'}"
        warning = due.setdefault(key, {"key": key, "kind": kind, "year": row["year"], "months": threshold,
                                       "due_on": due_on, "deadline": row["deadline"], "at_risk": 0, "to_comply": 0})
        warning["at_risk"] += row["at_risk"]
        warning["to_comply"] += row["to_comply"]
    return sorted(due.values(), key=lambda w: (w["deadline"], w["key"]))
