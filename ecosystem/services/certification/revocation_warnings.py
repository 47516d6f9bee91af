"""Warnings one step before a certificate's revocation grounds, from its annual-report history.

Pure: a history is {fiscal_year: {"st_revenue": int | None, "total_revenue": int | None}} holding the
reports filed. Thresholds that RULES.md marks [setting] (warn at 2 missed reports, at 4 low years)
are arguments; the revocation thresholds come from the rule set's grounds, so each certificate is
judged under the basis it was issued under.
"""
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Iterable, Mapping

from ecosystem.services.certification.conditions import age_in_years

MISSED_REPORTS = "missed_reports"
LOW_ST_SHARE = "low_st_share"
GROUND_TYPES = (MISSED_REPORTS, LOW_ST_SHARE, "manual")  # manual: an officer records it, nothing to compute


@dataclass(frozen=True)
class CertWarning:
    code: str
    years: tuple[int, ...]  # the years that make the streak, oldest first
    threshold: int  # the warning threshold that was reached
    ground_reached: bool  # the streak already meets the revocation ground itself
    message_vi: str
    message_en: str
    detail: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _month_day(value) -> tuple[int, int]:
    if isinstance(value, str):
        month, day = value.split("-")
        return int(month), int(day)
    return int(value[0]), int(value[1])


def due_report_years(certified_on: date, as_of: date, report_due="03-31", first_year_offset: int = 0) -> list[int]:
    """Fiscal years whose annual report was due before `as_of` (the report for year Y is due on MM-DD of Y+1)."""
    month, day = _month_day(report_due)
    first = certified_on.year + first_year_offset
    years = []
    year = first
    while date(year + 1, month, day) < as_of:
        years.append(year)
        year += 1
    return years


def _trailing(years: list[int], fails) -> list[int]:
    streak: list[int] = []
    for year in reversed(years):
        if not fails(year):
            break
        streak.insert(0, year)
    return streak


def _years_text(years) -> str:
    return ", ".join(str(year) for year in years)


def missed_reports_warning(filed_years: Iterable[int], due_years: Iterable[int], warn_after: int,
                           revoke_after: int | None = None) -> CertWarning | None:
    """Warn when the latest `warn_after` (or more) due reports in a row are all missing."""
    filed = {int(year) for year in filed_years}
    streak = _trailing(sorted(due_years), lambda year: year not in filed)
    if len(streak) < warn_after:
        return None
    reached = revoke_after is not None and len(streak) >= revoke_after
    limit_vi = f"; thu hồi khi đủ {revoke_after} năm" if revoke_after else ""
    limit_en = f"; revocation at {revoke_after} years" if revoke_after else ""
    return CertWarning(
        MISSED_REPORTS, tuple(streak), warn_after, reached,
        f"Chưa nộp báo cáo hằng năm {len(streak)} năm liên tiếp ({_years_text(streak)}){limit_vi}.",
        f"No annual report for {len(streak)} years in a row ({_years_text(streak)}){limit_en}.",
        {"missed": len(streak), "revoke_after": revoke_after},
    )


def grace_end(certified_on: date, grace_years: int) -> date:
    """The day the post-certification grace period ends (29 Feb anniversaries fall on 28 Feb)."""
    year = certified_on.year + grace_years
    try:
        return certified_on.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def first_counted_year(certified_on: date, grace_years: int) -> int:
    """The first fiscal year lying wholly after the grace period, so no year inside it is counted."""
    end = grace_end(certified_on, grace_years)
    return end.year if (end.month, end.day) == (1, 1) else end.year + 1


def year_share(report: Mapping | None) -> Decimal | None:
    """S&T share of a filed report, or None when the report or its figures are missing."""
    if not report:
        return None
    st, total = report.get("st_revenue"), report.get("total_revenue")
    if st is None or not total:
        return None
    return Decimal(st) / Decimal(total)


def low_share_warning(reports: Mapping[int, Mapping], certified_on: date, last_year: int, min_share,
                      grace_years: int, warn_after: int, revoke_after: int | None = None) -> CertWarning | None:
    """Warn when the latest `warn_after` counted years all failed to reach the share (no figures = not reached)."""
    reports = {int(year): report for year, report in reports.items()}
    first = first_counted_year(certified_on, grace_years)
    counted = list(range(first, last_year + 1))
    minimum = Decimal(str(min_share))

    def fails(year: int) -> bool:
        share = year_share(reports.get(year))
        return share is None or share < minimum

    streak = _trailing(counted, fails)
    if len(streak) < warn_after:
        return None
    shares = {year: year_share(reports.get(year)) for year in streak}
    no_data = [year for year, share in shares.items() if share is None]
    reached = revoke_after is not None and len(streak) >= revoke_after
    percent = f"{(minimum * 100).normalize():f} %"
    return CertWarning(
        LOW_ST_SHARE, tuple(streak), warn_after, reached,
        f"Doanh thu sản phẩm KH&CN dưới {percent} trong {len(streak)} năm được tính liên tiếp "
        f"({_years_text(streak)}); các năm trước {first} không tính.",
        f"S&T revenue below {percent} in {len(streak)} consecutive counted years ({_years_text(streak)}); "
        f"years before {first} are not counted.",
        {"first_counted_year": first, "no_data_years": no_data, "revoke_after": revoke_after,
         "shares": {year: None if share is None else str(share.quantize(Decimal("0.0001")))
                    for year, share in shares.items()}},
    )


def _ground(rule_set, ground_type: str) -> dict | None:
    return next((g for g in rule_set.revocation_grounds if g.get("type") == ground_type), None)


def grace_years_for(ground: Mapping, certified_on: date, established_on: date | None) -> int:
    """Years after certification that do not count: Decree 13 grants them only to an enterprise that was
    under `grace_only_if_age_under_years` old when certified (a newly established one); an unknown
    founding date grants none, so an officer is warned early rather than late."""
    years = int(ground.get("grace_years_after_certification", 0))
    young_limit = ground.get("grace_only_if_age_under_years")
    if young_limit is None:
        return years
    if established_on is None:
        return 0
    return years if age_in_years(established_on, certified_on) < int(young_limit) else 0


def certificate_warnings(rule_set, certified_on: date, reports: Mapping[int, Mapping], as_of: date, *,
                         warn_missed_after: int, warn_low_share_after: int, report_due="03-31",
                         first_report_year_offset: int = 0, established_on: date | None = None) -> list[CertWarning]:
    """Every warning for one certificate as of a date; the low-share one only where its rule set has that ground."""
    due = due_report_years(certified_on, as_of, report_due, first_report_year_offset)
    warnings = []
    missed_ground = _ground(rule_set, MISSED_REPORTS)
    missed = missed_reports_warning(reports.keys(), due, warn_missed_after,
                                    missed_ground["consecutive_years"] if missed_ground else None)
    if missed:
        warnings.append(missed)
    share_ground = _ground(rule_set, LOW_ST_SHARE)
    if share_ground and due:
        low = low_share_warning(reports, certified_on, due[-1], share_ground["min_share"],
                                grace_years_for(share_ground, certified_on, established_on), warn_low_share_after,
                                share_ground["consecutive_years"])
        if low:
            warnings.append(low)
    return warnings
