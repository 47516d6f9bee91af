"""Programme targets (RULES §6) as data: loaded from seeds/targets.json, added or retired by officers,
and measured: the figure each is computed from, its baseline, and whether it is met."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import ProgrammeTarget, TargetFigure
from ecosystem.services.platform.audit import log_action
from ecosystem.services.dashboard.directory_indicators import Scope
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting


class TargetError(DomainError):
    """A refused target, retirement or figure, with the form field it belongs to."""


def load_targets(seeds_dir: str) -> int:
    """Add the seed file's targets that are not in the database yet (by code); never rewrites one."""
    data = json.loads(Path(seeds_dir, "targets.json").read_text(encoding="utf-8"))
    known = set(db.session.scalars(select(ProgrammeTarget.code)))
    added = 0
    for row in data["targets"]:
        if row["code"] in known:
            continue
        db.session.add(ProgrammeTarget(
            code=row["code"], title_vi=row["title"]["vi"], title_en=row["title"]["en"],
            owner_vi=row["owner"]["vi"], owner_en=row["owner"]["en"],
            period_start=date.fromisoformat(row["period_start"]), period_end=date.fromisoformat(row["period_end"]),
            frequency=row["frequency"], baseline_year=row["baseline_year"], baseline_value=row["baseline_value"],
            unit=row["unit"], comparator=row["comparator"], target_value=row["target_value"],
            measure=row["measure"], indicator=row["indicator"], legal_basis=row["legal_basis"],
            note_vi=row["note"]["vi"], note_en=row["note"]["en"], status=row["status"]))
        added += 1
    db.session.flush()
    return added


def decimal_text(value, field: str) -> str | None:
    """A decimal as canonical text ('7.5'); accepts the Vietnamese comma ('7,5')."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise TargetError("not_a_number", field=field) from None
    text = format(number.normalize(), "f") if number.is_finite() else ""
    if not text or len(text) > 40:  # the column's width: '1E+99' is no target anyone can read
        raise TargetError("not_a_number", field=field)
    return text


def add_target(data: dict, actor) -> ProgrammeTarget:
    """A new target from validated form data; a target needs a value or a baseline year to beat."""
    if db.session.scalar(select(ProgrammeTarget.id).where(ProgrammeTarget.code == data["code"])):
        raise TargetError("code_taken", field="code")
    if data["period_end"] < data["period_start"]:
        raise TargetError("period_order", field="period_end")
    target_value = decimal_text(data.get("target_value"), "target_value")
    baseline_value = decimal_text(data.get("baseline_value"), "baseline_value")
    if target_value is None and data.get("baseline_year") is None:
        raise TargetError("nothing_to_measure", field="target_value")
    target = ProgrammeTarget(
        code=data["code"], title_vi=data["title_vi"], title_en=data.get("title_en") or None,
        owner_vi=data["owner_vi"], owner_en=data.get("owner_en") or None,
        period_start=data["period_start"], period_end=data["period_end"],
        frequency=data.get("frequency") or "once", baseline_year=data.get("baseline_year"),
        baseline_value=baseline_value, unit=data["unit"], comparator=data["comparator"],
        target_value=target_value, measure="computed" if data.get("indicator") in COMPUTED else "reported",
        indicator=data.get("indicator") or None, legal_basis=data["legal_basis"],
        note_vi=data.get("note_vi") or None, created_by_id=actor.id if actor else None)
    db.session.add(target)
    db.session.flush()
    log_action(actor.id if actor else None, "target.add", "programme_target", target.id, code=target.code)
    return target


def retire_target(target: ProgrammeTarget, reason: str, actor, superseded_by: ProgrammeTarget | None = None,
                  on: date | None = None) -> None:
    """Retire (or mark superseded) a target: it stays, with its figures, as history."""
    if target.status != "active":
        raise TargetError("not_active")
    if not (reason or "").strip():
        raise TargetError("reason_required", field="reason")
    if superseded_by is not None and superseded_by.id == target.id:
        raise TargetError("supersedes_itself", field="superseded_by")
    target.status = "superseded" if superseded_by is not None else "retired"
    target.superseded_by_id = superseded_by.id if superseded_by is not None else None
    target.retired_on, target.retired_reason = on or local_today(), reason.strip()
    log_action(actor.id, "target.retire", "programme_target", target.id, reason=target.retired_reason)


def record_figure(target: ProgrammeTarget, year: int, value, source: str, actor) -> TargetFigure:
    """Enter (or correct) the official figure of a reported target for a year."""
    text = decimal_text(value, "value")
    if text is None:
        raise TargetError("value_required", field="value")
    figure = db.session.scalar(select(TargetFigure).where(TargetFigure.target_id == target.id,
                                                          TargetFigure.year == year))
    if figure is None:
        figure = TargetFigure(target_id=target.id, year=year, value=text)
        db.session.add(figure)
    figure.value, figure.source, figure.entered_by_id = text, (source or "").strip() or None, actor.id
    db.session.flush()
    log_action(actor.id, "target.figure", "programme_target", target.id, year=year, value=text)
    return figure


# --- measuring --------------------------------------------------------------------------------

def _certified(year: int):
    from ecosystem.services.dashboard.programme_indicators import certified_on
    return certified_on(date(year, 12, 31))


def _innovative(year: int):
    from ecosystem.services.dashboard.directory_indicators import Scope, startup_indicators
    return startup_indicators(Scope(year, year))[0]["extra"]["innovative"]


def _transfer_contracts(year: int):
    from ecosystem.services.dashboard.transfer_indicators import signed_contracts
    signed = signed_contracts(Scope(year, year))
    return None if signed is None else len(signed)


def _transfer_value(year: int):
    from ecosystem.services.dashboard.transfer_indicators import signed_contracts
    signed = signed_contracts(Scope(year, year))
    return None if signed is None else sum(value or 0 for _, value in signed)


COMPUTED = {"st_enterprises_certified": _certified, "innovative_startups": _innovative,
            "technology_transfer_contracts": _transfer_contracts, "technology_transfer_value": _transfer_value}


@dataclass(frozen=True)
class Progress:
    """What the targets page and the annual report show for one target and year."""

    current: Decimal | None
    current_source: str  # computed | reported | none
    baseline: Decimal | None
    goal: Decimal | None
    status: str  # met | not_met | no_data
    share: float | None  # 0..1 of the way from baseline to goal, for the progress bar


def evaluate(comparator: str, current: Decimal | None, goal: Decimal | None, baseline: Decimal | None,
             tolerance: Decimal) -> tuple[str, float | None]:
    """Pure: is the current figure on the right side of the goal (or, with no goal, of the
    baseline)? '≈' means within ± tolerance. share is the distance covered from baseline."""
    reference = goal if goal is not None else baseline
    if current is None or reference is None:
        return "no_data", None
    met = {"<=": current <= reference, ">=": current >= reference, ">": current > reference,
           "≈": abs(current - reference) <= tolerance}[comparator]
    share = None
    if goal is not None and baseline is not None and goal != baseline:
        share = float(max(Decimal(0), min(Decimal(1), (current - baseline) / (goal - baseline))))
    elif goal is not None and goal != 0 and comparator != "<=":
        share = float(max(Decimal(0), min(Decimal(1), current / goal)))
    return ("met" if met else "not_met"), share


def progress(target: ProgrammeTarget, year: int) -> Progress:
    """The target's standing for a year, from the system's data or the officer's reported figure."""
    current, source = None, "none"
    if target.measure == "computed" and target.indicator in COMPUTED:
        value = COMPUTED[target.indicator](year)
        current, source = (Decimal(value), "computed") if value is not None else (None, "none")
    else:
        reported = [f for f in target.figures if f.year <= year]
        if reported:
            current, source = Decimal(reported[-1].value), "reported"
    baseline = Decimal(target.baseline_value) if target.baseline_value is not None else None
    if baseline is None and target.baseline_year and target.indicator in COMPUTED:
        value = COMPUTED[target.indicator](target.baseline_year)
        baseline = Decimal(value) if value is not None else None
    goal = Decimal(target.target_value) if target.target_value is not None else None
    tolerance = Decimal(str(setting("dashboard.approx_tolerance_points")))
    status, share = evaluate(target.comparator, current, goal, baseline, tolerance)
    return Progress(current, source, baseline, goal, status, share)


def targets_in_force(year: int, include_retired: bool = False) -> list[ProgrammeTarget]:
    query = select(ProgrammeTarget).order_by(ProgrammeTarget.period_end, ProgrammeTarget.code)
    targets = list(db.session.scalars(query))
    if include_retired:
        return targets
    return [t for t in targets if t.status == "active" and t.period_start.year <= year]
