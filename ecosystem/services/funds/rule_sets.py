"""Fund rule sets as versioned data: which law governs a tax period, with which figures (RULES.md §2).

Pure: documents come from seeds/funds/rule_sets/*.json and, through funds.rule_book, from rule sets an
admin installed. A tranche is judged under the rule set governing its tax year; every figure says
whether it was confirmed from the official text, so every page that uses it can say so.
"""
import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from ecosystem.codes import USAGE_CATEGORIES
from ecosystem.services.funds.money import FundRuleError

RULE_SETS_DIR = Path(__file__).resolve().parents[3] / "seeds" / "funds" / "rule_sets"
# Circular 05/2022/TT-BKHCN art. 4: the uses the app can record (labels live with the models, translated).
KNOWN_USES = USAGE_CATEGORIES  # the ledger's category vocabulary (ecosystem/codes.py)
RATE_FIGURES = ("max_rate", "state_owned_min_rate", "compliance_share", "late_payment_rate_per_day")
YEAR_FIGURES = ("deadline_years", "unused_interest_years")
FIGURES = (*RATE_FIGURES, *YEAR_FIGURES)
POSITION_FIGURES = ("deadline_years", "compliance_share", "unused_interest_years", "late_payment_rate_per_day")
CHARGE_METHODS = {"unused": ("cit_rate_of_appropriation", "bond_rate_1y_for_years"),
                  "misused": ("cit_rate_of_appropriation", "late_payment_per_day_since_year_end")}
CODE = re.compile(r"^[A-Z][A-Z0-9_]{1,59}$")


class RuleSetError(ValueError):
    """A rule set document that cannot be used; the message lists every problem found."""


@dataclass(frozen=True)
class Figure:
    key: str
    value: object
    confirmed: bool
    source: dict
    note: dict = field(default_factory=dict)
    reported: dict | None = None


@dataclass(frozen=True)
class FundRuleSet:
    code: str
    title: dict
    legal_basis: dict
    first_year: int
    last_year: int | None
    figures: dict
    uses: tuple
    uses_confirmed: bool
    reporting: dict
    replaces: str | None = None
    raw: dict = field(default_factory=dict, compare=False)

    def value(self, key: str):
        return self.figures[key].value

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def unconfirmed(self, keys=FIGURES) -> tuple:
        """The figures among `keys` not confirmed from the official text."""
        return tuple(key for key in keys if not self.figures[key].confirmed)

    @property
    def fully_confirmed(self) -> bool:
        return not self.unconfirmed() and self.uses_confirmed and bool(self.reporting.get("confirmed"))


def _text_errors(value, where: str) -> list[str]:
    if not isinstance(value, dict) or not value.get("vi") or not value.get("en"):
        return [f"{where}: needs vi and en text"]
    return []


def _figure(key: str, spec, where: str, errors: list) -> Figure | None:
    if not isinstance(spec, dict) or "value" not in spec:
        errors.append(f"{where}.{key}: missing")
        return None
    if not isinstance(spec.get("confirmed"), bool):
        errors.append(f"{where}.{key}: confirmed must be true or false")
    if not isinstance(spec.get("source"), dict) or not spec["source"].get("document"):
        errors.append(f"{where}.{key}: source.document missing")
    raw = spec["value"]
    if key in RATE_FIGURES:
        try:
            value = Decimal(raw) if isinstance(raw, str) else None
        except InvalidOperation:
            value = None
        if value is None or not Decimal(0) < value <= Decimal(1):
            errors.append(f"{where}.{key}: a rate is a decimal string above 0 and at most 1")
            return None
    else:
        value = raw
        if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= 30:
            errors.append(f"{where}.{key}: a number of years from 1 to 30")
            return None
    return Figure(key, value, spec.get("confirmed") is True, spec.get("source") or {}, spec.get("note") or {},
                  spec.get("reported"))


def _section_errors(data: dict, code: str) -> list[str]:
    errors = _text_errors(data.get("title"), f"{code}.title")
    basis = data.get("legal_basis")
    if not isinstance(basis, dict) or not basis.get("document"):
        errors.append(f"{code}.legal_basis: document missing")
    else:
        errors += _text_errors(basis, f"{code}.legal_basis")
        try:
            date.fromisoformat(basis.get("effective_from") or "")
        except (TypeError, ValueError):
            errors.append(f"{code}.legal_basis.effective_from: an ISO date")
    uses = data.get("uses") or {}
    proper = uses.get("proper")
    if not isinstance(proper, list) or not proper:
        errors.append(f"{code}.uses.proper: a non-empty list")
    else:
        errors += [f"{code}.uses.proper: unknown use {u!r} (known: {', '.join(KNOWN_USES)})"
                   for u in proper if u not in KNOWN_USES]
    if not isinstance(uses.get("confirmed"), bool):
        errors.append(f"{code}.uses.confirmed must be true or false")
    errors += _text_errors(uses.get("improper"), f"{code}.uses.improper")
    charges = data.get("charges") or {}
    for part, (tax, interest) in CHARGE_METHODS.items():
        spec = charges.get(part) or {}
        if spec.get("tax") != tax or spec.get("interest") != interest:
            errors.append(f"{code}.charges.{part}: the app computes tax {tax!r} with interest {interest!r} only")
    reporting = data.get("reporting") or {}
    if not reporting.get("form") or not isinstance(reporting.get("confirmed"), bool):
        errors.append(f"{code}.reporting: form and confirmed are required")
    errors += _text_errors(reporting, f"{code}.reporting")
    return errors


def parse_fund_rule_set(data) -> FundRuleSet:
    """A validated rule set from one JSON document; RuleSetError lists every problem at once."""
    if not isinstance(data, dict):
        raise RuleSetError("a rule set is a JSON object")
    code = data.get("code") if isinstance(data.get("code"), str) else "?"
    errors = [] if CODE.match(code) else [f"{code}: code must be capitals, digits and _ (e.g. CIT_67_2025)"]
    errors += _section_errors(data, code)
    periods = data.get("tax_periods") or {}
    first, last = periods.get("from"), periods.get("to")
    if not isinstance(first, int) or isinstance(first, bool) or not 2000 <= first <= 2100:
        errors.append(f"{code}.tax_periods.from: a year from 2000 to 2100")
    elif last is not None and (not isinstance(last, int) or isinstance(last, bool) or last < first):
        errors.append(f"{code}.tax_periods.to: empty or a year not before from")
    figures = {key: _figure(key, (data.get("figures") or {}).get(key), f"{code}.figures", errors) for key in FIGURES}
    if figures["max_rate"] and figures["state_owned_min_rate"] and \
            figures["state_owned_min_rate"].value > figures["max_rate"].value:
        errors.append(f"{code}.figures: state_owned_min_rate is above max_rate")
    replaces = data.get("replaces")
    if replaces is not None and (not isinstance(replaces, str) or replaces == code):
        errors.append(f"{code}.replaces: the code of another rule set")
    if errors:
        raise RuleSetError("; ".join(errors))
    return FundRuleSet(code=code, title=data["title"], legal_basis=data["legal_basis"], first_year=first,
                       last_year=last, figures=figures, uses=tuple(data["uses"]["proper"]),
                       uses_confirmed=data["uses"]["confirmed"], reporting=data["reporting"], replaces=replaces,
                       raw=data)


@dataclass(frozen=True)
class RuleBook:
    """Every known rule set (shipped and installed, in that order) and which one governs a tax year.

    A rule set named in another's `replaces` no longer governs anything (it stays listed). Of the
    others covering a year, the one whose tax periods start latest governs it.
    """

    rule_sets: tuple

    @property
    def active(self) -> tuple:
        replaced = {rs.replaces for rs in self.rule_sets if rs.replaces}
        return tuple(rs for rs in self.rule_sets if rs.code not in replaced)

    def get(self, code: str) -> FundRuleSet | None:
        return next((rs for rs in self.rule_sets if rs.code == code), None)

    def replaced_by(self, code: str) -> str | None:
        return next((rs.code for rs in self.rule_sets if rs.replaces == code), None)

    def for_year(self, year: int) -> FundRuleSet:
        """The rule set governing tax year `year`; FundRuleError 'no_rule_set' when none does."""
        found = [rs for rs in self.active if rs.covers(year)]
        if not found:
            raise FundRuleError("no_rule_set", year=year)
        return max(found, key=lambda rs: rs.first_year)

    def current(self) -> FundRuleSet:
        """The rule set of the latest tax periods (what a new appropriation is usually judged by)."""
        return max(self.active, key=lambda rs: rs.first_year)

    def governs(self, code: str) -> list[tuple]:
        """(first, last or None) spans of tax years that `code` governs, oldest first."""
        active = self.active
        if not any(rs.code == code for rs in active):
            return []
        bounds = [b for rs in active for b in (rs.first_year, rs.last_year) if b is not None]
        spans, start = [], None
        for year in range(min(bounds), max(bounds) + 2):
            mine = any(rs.covers(year) for rs in active) and self.for_year(year).code == code
            if mine and start is None:
                start = year
            elif not mine and start is not None:
                spans.append((start, year - 1))
                start = None
        if start is not None:
            spans.append((start, None))
        return spans


def build_rule_book(documents) -> RuleBook:
    """A RuleBook from documents in install order; RuleSetError on any bad document or clash."""
    rule_sets, errors = [], []
    for document in documents:
        try:
            rule_sets.append(parse_fund_rule_set(document))
        except RuleSetError as error:
            errors.append(str(error))
    codes = [rs.code for rs in rule_sets]
    errors += [f"code {code} is used twice" for code in sorted({c for c in codes if codes.count(c) > 1})]
    targets = [rs.replaces for rs in rule_sets if rs.replaces]
    errors += [f"{t} is replaced twice" for t in sorted({t for t in targets if targets.count(t) > 1})]
    errors += [f"{rs.code} replaces unknown rule set {rs.replaces}" for rs in rule_sets
               if rs.replaces and rs.replaces not in codes]
    if not errors:
        active = RuleBook(tuple(rule_sets)).active
        starts = [rs.first_year for rs in active]
        errors += [f"two rule sets start governing in {year}" for year in sorted({y for y in starts if starts.count(y) > 1})]
        if not active:
            errors.append("no rule set is in force")
    if errors:
        raise RuleSetError("; ".join(errors))
    return RuleBook(tuple(rule_sets))


def read_rule_set_files(directory: Path | str = RULE_SETS_DIR) -> list[dict]:
    """The JSON documents of seeds/funds/rule_sets/, one per rule set, in file-name order."""
    return [json.loads(path.read_text(encoding="utf-8")) for path in sorted(Path(directory).glob("*.json"))]


@lru_cache(maxsize=1)
def shipped_rule_book() -> RuleBook:
    """The rule sets shipped with the code: the default of the pure functions."""
    return build_rule_book(read_rule_set_files())
