"""The data the certification services stand on: rule sets, the holiday calendar, settings.

Thin adapters between the pure cores (cert_rules, workdays) and the app: files come from the
configured SEEDS_DIR and are parsed once per process; [setting] values go through services.settings.
"""
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import current_app

from ecosystem.i18n import current_locale
from ecosystem.services.certification.rule_sets import RuleSet, parse_rule_sets, read_rule_set_files, rule_set_for
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting
from ecosystem.services.platform.workdays import HolidayCalendar, load_calendar, read_holiday_rows


class CertError(DomainError):
    """A refusal of the certification services; `code` is stable, the view turns it into a message."""


@lru_cache(maxsize=4)
def _rule_sets(seeds_dir: str) -> tuple[RuleSet, ...]:
    return tuple(parse_rule_sets(read_rule_set_files(Path(seeds_dir) / "certification")))


@lru_cache(maxsize=4)
def _calendar(seeds_dir: str) -> HolidayCalendar:
    return load_calendar(read_holiday_rows(Path(seeds_dir) / "holidays"))


def rule_sets() -> tuple[RuleSet, ...]:
    return _rule_sets(current_app.config["SEEDS_DIR"])


def rule_set(code: str) -> RuleSet:
    for candidate in rule_sets():
        if candidate.code == code:
            return candidate
    raise CertError("unknown_rule_set", code=code)


def rule_set_on(day: date) -> RuleSet:
    try:
        return rule_set_for(rule_sets(), day)
    except LookupError as error:
        raise CertError("no_rule_set", day=day.isoformat()) from error


def calendar() -> HolidayCalendar:
    return _calendar(current_app.config["SEEDS_DIR"])


def cert_setting(key: str):
    return setting(f"certification.{key}")


def text(mapping: dict | None, locale: str | None = None) -> str:
    """The Vietnamese or English text of a {vi, en} label from the rule-set data."""
    if not mapping:
        return ""
    locale = locale or current_locale()
    return mapping.get(locale) or mapping.get("vi") or ""


def item_text(item: dict, locale: str | None = None, prefix: str = "") -> str:
    """Text of a rule-set item whose labels are flat keys (vi/en, document_vi/document_en)."""
    locale = locale or current_locale()
    return item.get(f"{prefix}{locale}") or item.get(f"{prefix}vi") or item.get("code", "")
