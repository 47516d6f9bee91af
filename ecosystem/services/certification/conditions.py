"""Condition checks of an S&T-enterprise rule set, interpreted from generic types so a new rule set is data only.

Pure: facts are a plain dict about one enterprise at submission, e.g.
    {"registered": True, "size_class": "large", "age_years": 7, "last_fiscal_year": 2024,
     "first_full_fiscal_year": 2018, "revenue": {2024: 50_000_000_000}, "st_revenue": {2024: ...},
     "net_revenue": {...}, "rd_spending": {...}, "rd_staff_with_degree": 12,
     "st_results": [{"type": "invention", "document_number": "1-0012345", "right": "owned",
                     "products": ["Máy sấy nông sản"]}]}
Money is int VND, shares are Decimal. A condition whose data is missing is `met=None`, never guessed.
"""
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

SHARE_PLACES = Decimal("0.0001")
SIZE_LABEL = {"vi": "Quy mô doanh nghiệp", "en": "Enterprise size class"}


@dataclass(frozen=True)
class ConditionResult:
    code: str
    type: str
    met: bool | None  # None: a fact it needs is missing
    params: dict
    label: dict
    detail: dict = field(default_factory=dict)
    waived: bool = False
    clause: dict = field(default_factory=dict)  # where in the legal text the condition comes from

    def as_dict(self) -> dict:
        return asdict(self)


def age_in_years(established_on: date, on: date) -> int:
    """Completed years between establishment and `on` (the submission date)."""
    years = on.year - established_on.year
    return years - 1 if (on.month, on.day) < (established_on.month, established_on.day) else years


def first_full_fiscal_year(established_on: date) -> int:
    """The first calendar fiscal year the enterprise existed for in full."""
    return established_on.year if (established_on.month, established_on.day) == (1, 1) else established_on.year + 1


def _per_year(facts: dict, key: str) -> dict[int, int]:
    return {int(year): value for year, value in (facts.get(key) or {}).items() if value is not None}


def _last_year(facts: dict, keys) -> int | None:
    if facts.get("last_fiscal_year") is not None:
        return int(facts["last_fiscal_year"])
    years = [year for key in keys for year in _per_year(facts, key)]
    return max(years) if years else None


def _missing(facts: dict, keys, years) -> list[str]:
    tables = {key: _per_year(facts, key) for key in keys}
    return [f"{key}[{year}]" for year in years for key in keys if year not in tables[key]]


def _share(numerator: int, denominator: int) -> str | None:
    if denominator <= 0:
        return None
    return str((Decimal(numerator) / Decimal(denominator)).quantize(SHARE_PLACES))


def _fact_true(cond, facts, ctx):
    value = facts.get(cond["fact"])
    if value is None:
        return None, {"missing": [cond["fact"]]}, False
    return bool(value), {cond["fact"]: bool(value)}, False


def _fact_min(cond, facts, ctx):
    value = facts.get(cond["fact"])
    if value is None:
        return None, {"missing": [cond["fact"]]}, False
    return value >= cond["min"], {cond["fact"]: value}, False


def _result_problems(result: dict, cond: dict, allowed_types: set) -> list[str]:
    problems = []
    if result.get("type") not in allowed_types:
        problems.append("type")
    if cond.get("require_document", True) and not str(result.get("document_number") or "").strip():
        problems.append("document")
    if result.get("right") not in set(cond.get("rights", ("owned", "licensed"))):
        problems.append("right")
    if cond.get("require_product") and not result.get("products"):
        problems.append("product")
    return problems


def _st_result_min(cond, facts, ctx):
    results = facts.get("st_results")
    if results is None:
        return None, {"missing": ["st_results"]}, False
    allowed = set(cond.get("types") or ctx["result_types"])
    valid, rejected = [], {}
    for index, result in enumerate(results):
        problems = _result_problems(result, cond, allowed)
        if problems:
            rejected[index] = problems
        else:
            valid.append(index)
    return len(valid) >= cond.get("min_count", 1), {"valid": valid, "rejected": rejected}, False


def _revenue_share_min(cond, facts, ctx):
    under = cond.get("waived_if_age_under_years")
    age = facts.get("age_years")
    if under is not None and age is not None and Decimal(str(age)) < Decimal(str(under)):
        return True, {"age_years": age}, True
    age_unknown = ["age_years"] if under is not None and age is None else []
    keys = (cond.get("numerator", "st_revenue"), cond.get("denominator", "revenue"))
    last = _last_year(facts, keys)
    if last is None:
        return None, {"missing": age_unknown + list(keys)}, False
    years = list(range(last - cond.get("years", 1) + 1, last + 1))
    missing = _missing(facts, keys, years)
    if missing:
        return None, {"missing": age_unknown + missing, "years": years}, False
    numerator = sum(_per_year(facts, keys[0])[year] for year in years)
    denominator = sum(_per_year(facts, keys[1])[year] for year in years)
    met = denominator > 0 and Decimal(numerator) >= Decimal(cond["share"]) * denominator
    detail = {"years": years, "numerator": numerator, "denominator": denominator,
              "share": _share(numerator, denominator)}
    if not met and age_unknown:
        return None, dict(detail, missing=age_unknown), False  # the waiver might still apply
    return met, detail, False


def _rd_window(cond, facts) -> tuple[list[int] | None, dict]:
    keys = (cond.get("spending", "rd_spending"), cond.get("revenue", "net_revenue"))
    last = _last_year(facts, keys)
    if last is None:
        return None, {"missing": list(keys)}
    first = last - cond.get("window_years", 3) + 1
    if facts.get("first_full_fiscal_year") is not None:
        first = max(first, int(facts["first_full_fiscal_year"]))
    return list(range(first, last + 1)), {}


def _rd_spending_min(cond, facts, ctx):
    years, problem = _rd_window(cond, facts)
    if years is None:
        return None, problem, False
    if len(years) < cond.get("min_full_years", 1):
        return False, {"years": years, "reason": "fewer_full_fiscal_years_than_required"}, False
    spend_key, revenue_key = cond.get("spending", "rd_spending"), cond.get("revenue", "net_revenue")
    missing = _missing(facts, (spend_key, revenue_key), years)
    if missing:
        return None, {"missing": missing, "years": years}, False
    spending, revenue = _per_year(facts, spend_key), _per_year(facts, revenue_key)
    spend_total = sum(spending[year] for year in years)
    revenue_total = sum(revenue[year] for year in years)
    by_share = revenue_total > 0 and Decimal(spend_total) >= Decimal(cond["share_of_avg_revenue"]) * revenue_total
    amount = cond.get("min_amount_per_year")
    if amount is None:
        by_amount = False
    elif cond.get("amount_basis", "each_year") == "each_year":
        by_amount = all(spending[year] >= amount for year in years)
    else:
        by_amount = spend_total >= amount * len(years)
    detail = {"years": years, "spending_total": spend_total, "revenue_total": revenue_total,
              "share": _share(spend_total, revenue_total), "by_share": by_share, "by_amount": by_amount}
    return by_share or by_amount, detail, False


def combine_all(values) -> bool | None:
    """Three-valued AND: any False → False, else any None → None, else True."""
    values = list(values)
    if any(value is False for value in values):
        return False
    return None if any(value is None for value in values) else True


def _combine_any(values) -> bool | None:
    values = list(values)
    if any(value is True for value in values):
        return True
    return None if any(value is None for value in values) else False


def _all_of(cond, facts, ctx):
    parts = [evaluate_condition(part, facts, ctx) for part in cond["conditions"]]
    return combine_all(p.met for p in parts), {"parts": [p.as_dict() for p in parts]}, False


def _any_of(cond, facts, ctx):
    parts = [evaluate_condition(part, facts, ctx) for part in cond["conditions"]]
    return _combine_any(p.met for p in parts), {"parts": [p.as_dict() for p in parts]}, False


def _to_be_confirmed(cond, facts, ctx):
    """A condition the law sets but whose figures could not be confirmed: never counted as met."""
    return None, {"unconfirmed": True}, False


# type -> (evaluator, required parameters, parameters holding a Decimal share)
CONDITION_TYPES = {
    "fact_true": (_fact_true, ("fact",), ()),
    "fact_min": (_fact_min, ("fact", "min"), ()),
    "st_result_min": (_st_result_min, (), ()),
    "revenue_share_min": (_revenue_share_min, ("share",), ("share",)),
    "rd_spending_min": (_rd_spending_min, ("share_of_avg_revenue",), ("share_of_avg_revenue",)),
    "all_of": (_all_of, ("conditions",), ()),
    "any_of": (_any_of, ("conditions",), ()),
    "to_be_confirmed": (_to_be_confirmed, ("clause",), ()),
}
_NOT_PARAMS = ("code", "type", "label", "clause")


def condition_errors(cond: dict, where: str) -> list[str]:
    """What is wrong with one condition of a rule set (empty list when it can be evaluated)."""
    if not isinstance(cond, dict) or not cond.get("code"):
        return [f"{where}: a condition needs a code"]
    where = f"{where}.{cond['code']}"
    if cond.get("type") not in CONDITION_TYPES:
        return [f"{where}: unknown condition type {cond.get('type')!r}"]
    _, required, shares = CONDITION_TYPES[cond["type"]]
    errors = [f"{where}: missing parameter {name!r}" for name in required if name not in cond]
    for name in shares:
        try:
            if name in cond and not Decimal(str(cond[name])) >= 0:
                errors.append(f"{where}: {name} must be ≥ 0")
        except InvalidOperation:
            errors.append(f"{where}: {name} is not a decimal number")
    for part in cond.get("conditions", ()) if cond["type"] in ("all_of", "any_of") else ():
        errors.extend(condition_errors(part, where))
    return errors


def evaluate_condition(cond: dict, facts: dict, ctx: dict) -> ConditionResult:
    evaluator = CONDITION_TYPES[cond["type"]][0]
    met, detail, waived = evaluator(cond, facts, ctx)
    params = {key: value for key, value in cond.items() if key not in _NOT_PARAMS}
    return ConditionResult(cond["code"], cond["type"], met, params, cond.get("label", {}), detail, waived,
                           cond.get("clause", {}))


def conditions_for_size(rule_set, size_class: str | None) -> list[dict]:
    """The general conditions plus those of the size class (a size-less rule set ignores the class)."""
    if not rule_set.conditions_by_size or size_class is None:
        return list(rule_set.conditions)
    if size_class not in rule_set.conditions_by_size:
        raise ValueError(f"{rule_set.code}: unknown size class {size_class!r}")
    return list(rule_set.conditions) + list(rule_set.conditions_by_size[size_class])


def evaluate_conditions(rule_set, facts: dict) -> list[ConditionResult]:
    """Every condition of the rule set that applies to this enterprise, met / not met / unknown."""
    ctx = {"result_types": [item["code"] for item in rule_set.result_types]}
    size = facts.get("size_class")
    results = [evaluate_condition(cond, facts, ctx) for cond in conditions_for_size(rule_set, size)]
    if rule_set.conditions_by_size and size is None:
        allowed = list(rule_set.conditions_by_size)
        results.append(ConditionResult("size_class", "size_class", None, {"allowed": allowed}, SIZE_LABEL,
                                       {"missing": ["size_class"]}))
    return results


def any_unconfirmed(results) -> bool:
    """Whether a condition's rule is still to be confirmed, so the page never reads "all met"."""
    return any(result.detail.get("unconfirmed") for result in results)


def all_met(results) -> bool | None:
    """True when every condition is met, False when one fails, None while data is missing."""
    return combine_all(result.met for result in results)
