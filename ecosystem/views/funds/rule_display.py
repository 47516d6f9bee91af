"""How fund rule sets read on the pages: figure names, values and the rule set's own {vi, en} texts."""
from datetime import date
from decimal import Decimal

from flask_babel import get_locale, gettext as _, lazy_gettext as _l, ngettext

from ecosystem.services.funds.rule_sets import RATE_FIGURES, FundRuleSet

FIGURE_LABELS = {
    "max_rate": _l("Tỷ lệ trích tối đa trên thu nhập tính thuế"),
    "state_owned_min_rate": _l("Tỷ lệ trích tối thiểu của doanh nghiệp nhà nước"),
    "deadline_years": _l("Thời hạn sử dụng khoản trích"),
    "compliance_share": _l("Tỷ lệ sử dụng đúng mục đích tối thiểu"),
    "unused_interest_years": _l("Số năm tính lãi trái phiếu trên thuế của phần không sử dụng"),
    "late_payment_rate_per_day": _l("Mức tiền chậm nộp mỗi ngày trên thuế của phần sử dụng sai mục đích"),
}


def rule_text(mapping, prefix: str = "") -> str:
    """The reader's language of a {vi, en} text from rule-set data (Vietnamese when English is missing)."""
    if not mapping:
        return ""
    locale = str(get_locale() or "vi")
    return mapping.get(f"{prefix}{locale}") or mapping.get(f"{prefix}vi") or ""


def figure_value(rule_set: FundRuleSet, key: str) -> str:
    """A figure as the pages print it: 10 %, 0,03 %, 5 năm."""
    value = rule_set.value(key)
    if key in RATE_FIGURES:
        text = f"{(Decimal(value) * 100).normalize():f}"
        return (text.replace(".", ",") if str(get_locale()) == "vi" else text) + " %"
    return ngettext("%(num)s năm", "%(num)s năm", value)


def unconfirmed_labels(keys) -> str:
    """Figure names for a 'to be confirmed' mark's tooltip."""
    return "; ".join(str(FIGURE_LABELS[key]) for key in keys)


def spans_text(spans) -> str:
    """Tax years a rule set governs: '2009–2024', 'từ 2025' / 'from 2025'."""
    return ", ".join(f"{first}–{last}" if last is not None else _("từ %(year)s", year=first) for first, last in spans)


def as_date(value: str | None) -> date | None:
    """An ISO date of rule-set data as a date, so the |day filter prints it the reader's way."""
    return date.fromisoformat(value) if value else None


def rule_vocab() -> dict:
    return {"figure_labels": FIGURE_LABELS, "rule_text": rule_text, "figure_value": figure_value,
            "unconfirmed_labels": unconfirmed_labels, "spans_text": spans_text, "as_date": as_date}
