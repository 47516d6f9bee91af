"""S&T-enterprise rule sets as versioned data: which one is in force, its deadlines, its publication period.

Pure: rule sets are parsed from the JSON in seeds/certification/ (`read_rule_set_files` is the one
tiny reader); adding a rule set is adding a file, as long as it uses the condition types of
cert_conditions and the ground types of cert_warnings. Condition checks and warnings live there and
are re-exported here so callers import one module.
"""
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ecosystem.services.certification.conditions import (  # noqa: F401  (re-exported)
    ConditionResult, age_in_years, all_met, condition_errors, conditions_for_size, evaluate_conditions,
    first_full_fiscal_year)
from ecosystem.services.certification.revocation_warnings import (  # noqa: F401  (re-exported)
    GROUND_TYPES, CertWarning, certificate_warnings, due_report_years, low_share_warning,
    missed_reports_warning)
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.workdays import HolidayCalendar, add_calendar_days, add_working_days

RULE_SETS_DIR = Path(__file__).resolve().parents[3] / "seeds" / "certification"
UNITS = ("working_days", "days")
STEPS = ("completeness_check", "decision", "forward_to_ministry", "change_reissue", "change_adding_products",
         "revocation_publication")


class RuleSetError(DomainError, ValueError):
    """A rule set file that cannot be used; `problems` lists every problem found."""


@dataclass(frozen=True)
class RuleSet:
    code: str
    title: dict
    legal_basis: dict
    effective_from: date
    effective_to: date | None
    size_classes: tuple = ()
    result_types: tuple = ()
    conditions: tuple = ()
    conditions_by_size: dict = field(default_factory=dict)
    checklist: tuple = ()
    deadlines: dict = field(default_factory=dict)
    revocation_grounds: tuple = ()
    raw: dict = field(default_factory=dict, compare=False)

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def checklist_for(self, size_class: str | None = None, kind: str = "new") -> list[dict]:
        """Dossier items for this size and kind of application (new, change, reissue)."""
        return [item for item in self.checklist
                if (not item.get("required_for_sizes") or size_class in item["required_for_sizes"])
                and (not item.get("for_kinds") or kind in item["for_kinds"])]


def _codes_unique(items, where: str) -> list[str]:
    codes = [item.get("code") for item in items]
    return [f"{where}: duplicate or missing code {code!r}" for code in set(codes) if code is None or codes.count(code) > 1]


def _deadline_errors(deadlines: dict, code: str) -> list[str]:
    errors = []
    for step, spec in deadlines.items():
        if step not in STEPS:
            errors.append(f"{code}.deadlines: unknown step {step!r} (known: {', '.join(STEPS)})")
        if "n" not in spec:
            errors.append(f"{code}.deadlines.{step}: missing n")
        if spec.get("unit") not in UNITS:
            errors.append(f"{code}.deadlines.{step}: unit must be one of {UNITS}")
        for key in ("n", "with_council_n"):
            value = spec.get(key, 0)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                errors.append(f"{code}.deadlines.{step}: {key} must be a whole number ≥ 0")
    return errors


def _rule_set_errors(data: dict) -> list[str]:
    code = data.get("code") or "?"
    errors = [f"{code}: missing {key}" for key in ("code", "title", "legal_basis", "effective_from") if not data.get(key)]
    errors += _codes_unique(data.get("result_types", ()), f"{code}.result_types")
    errors += _codes_unique(data.get("checklist", ()), f"{code}.checklist")
    for cond in data.get("conditions", ()):
        errors += condition_errors(cond, f"{code}.conditions")
    sizes = data.get("size_classes", [])
    for size, conds in data.get("conditions_by_size", {}).items():
        if size not in sizes:
            errors.append(f"{code}.conditions_by_size: {size!r} is not one of size_classes {sizes}")
        for cond in conds:
            errors += condition_errors(cond, f"{code}.conditions_by_size.{size}")
    errors += _deadline_errors(data.get("deadlines", {}), code)
    for ground in data.get("revocation_grounds", ()):
        if ground.get("type") not in GROUND_TYPES:
            errors.append(f"{code}.revocation_grounds: unknown type {ground.get('type')!r}")
    return errors


def parse_rule_set(data: dict) -> RuleSet:
    """A validated RuleSet from one JSON document; RuleSetError lists every problem at once."""
    errors = _rule_set_errors(data)
    try:
        start = date.fromisoformat(data.get("effective_from") or "")
        end = date.fromisoformat(data["effective_to"]) if data.get("effective_to") else None
    except ValueError:
        errors.append(f"{data.get('code')}: effective dates must be ISO dates")
        start = end = None
    if start and end and end < start:
        errors.append(f"{data.get('code')}: effective_to is before effective_from")
    if errors:
        raise RuleSetError("bad_rule_set", problems=errors)
    return RuleSet(
        code=data["code"], title=data["title"], legal_basis=data["legal_basis"], effective_from=start,
        effective_to=end, size_classes=tuple(data.get("size_classes", ())),
        result_types=tuple(data.get("result_types", ())), conditions=tuple(data.get("conditions", ())),
        conditions_by_size={size: tuple(conds) for size, conds in data.get("conditions_by_size", {}).items()},
        checklist=tuple(data.get("checklist", ())), deadlines=dict(data.get("deadlines", {})),
        revocation_grounds=tuple(data.get("revocation_grounds", ())), raw=data,
    )


def parse_rule_sets(documents) -> list[RuleSet]:
    """All rule sets, oldest first; codes must be unique and effective periods must not overlap."""
    rule_sets = sorted((parse_rule_set(doc) for doc in documents), key=lambda rs: rs.effective_from)
    errors = _codes_unique([{"code": rs.code} for rs in rule_sets], "rule sets")
    for older, newer in zip(rule_sets, rule_sets[1:]):
        if older.effective_to is None or older.effective_to >= newer.effective_from:
            errors.append(f"{older.code} and {newer.code} are both in force on {newer.effective_from}")
    if errors:
        raise RuleSetError("bad_rule_sets", problems=errors)
    return rule_sets


def read_rule_set_files(directory: Path | str = RULE_SETS_DIR) -> list[dict]:
    """The JSON documents of seeds/certification/, one per rule set."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(Path(directory).glob("*.json"))]


def rule_set_for(rule_sets, submitted_on: date) -> RuleSet:
    """The rule set in force on the submission date; LookupError when none is."""
    for rule_set in rule_sets:
        if rule_set.in_force_on(submitted_on):
            return rule_set
    raise LookupError(f"Không có bộ quy tắc nào có hiệu lực ngày {submitted_on:%d/%m/%Y} / "
                      f"no rule set in force on {submitted_on.isoformat()}")


def deadline_term(rule_set: RuleSet, step: str, with_council: bool = False) -> tuple[int, str] | None:
    """(number, unit) of a step's time limit, or None where the rule set sets none for that step."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}")
    spec = rule_set.deadlines.get(step)
    if spec is None:
        return None
    n = spec.get("with_council_n", spec["n"]) if with_council else spec["n"]
    return n, spec["unit"]


def deadline_for(rule_set: RuleSet, step: str, start: date, calendar: HolidayCalendar,
                 with_council: bool = False) -> date | None:
    """Last day of a step's time limit counted from the day after `start`, or None if the rule sets none."""
    term = deadline_term(rule_set, step, with_council)
    if term is None:
        return None
    n, unit = term
    if unit == "working_days":
        return add_working_days(start, n, calendar)
    return add_calendar_days(start, n, calendar)


def publication_end(rule_set: RuleSet, start: date, calendar: HolidayCalendar) -> date | None:
    """Earliest day a revocation may leave the portal: its publication period counted from `start`."""
    return deadline_for(rule_set, "revocation_publication", start, calendar)
