"""The province's annual report for a year: the dashboard's indicator tables for that year, target
progress and the lists (certified enterprises, funds, award results), as data, XLSX and HTML.

The figures come from dashboard_panels for the year (refreshed, so the dashboard shows the same).
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import pgettext
from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Organisation
from ecosystem.services.dashboard import labels
from ecosystem.services.dashboard import targets as targets_service
from ecosystem.services.dashboard.figures import dashboard_panels
from ecosystem.services.platform.spreadsheets import to_xlsx_bytes
from ecosystem.services.dashboard.directory_indicators import Scope
from ecosystem.services.dashboard.programme_indicators import fund_books, ledger_inputs, source


def build_report(year: int, *, refresh: bool = True) -> dict:
    figures = dashboard_panels(Scope(year, year), public=False, refresh=refresh)
    return {"year": year, "panels": figures["panels"], "computed_at": figures["computed_at"],
            "targets": [(t, targets_service.progress(t, year)) for t in targets_service.targets_in_force(year)],
            "certificates": certificate_list(year), "funds": fund_list(year), "awards": award_list(year)}


def _orgs(ids) -> dict:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    rows = db.session.execute(select(Organisation.id, Organisation.name, Organisation.tax_code)
                              .where(Organisation.id.in_(ids)))
    return {oid: (name, tax) for oid, name, tax in rows}


def certificate_list(year: int) -> list[dict] | None:
    """Certificates issued in the year (None when certification is not installed)."""
    found = source("certificates")
    if found is None:
        return None
    table, c = found
    number = table.c.number if "number" in table.c else table.c.id
    rows = db.session.execute(select(number, c["org"], c["issued"], c["status"])
                              .where(c["issued"].between(date(year, 1, 1), date(year, 12, 31)))
                              .order_by(c["issued"], number)).all()
    orgs = _orgs(r[1] for r in rows)
    return [{"number": str(n), "organisation": orgs.get(o, ("", ""))[0], "tax_code": orgs.get(o, ("", ""))[1],
             "issued_on": issued, "status": status} for n, o, issued, status in rows]


def fund_list(year: int) -> list[dict] | None:
    """Per enterprise with a fund: appropriated for the tax year and used during the year."""
    books = fund_books(min(date(year, 12, 31), local_today()))
    if books is None:
        return None
    orgs = _orgs(book[1] for book in books)
    rule_set, out = fund_rule_set(year), []
    for _fund_id, org_id, _since, entries, rows in books:
        name, tax = orgs.get(org_id, ("", ""))
        out.append({"organisation": name, "tax_code": tax, "rule_set": rule_set,
                    "appropriated": sum(r["appropriated"] for r in rows if r["year"] == year),
                    "used": sum(a for d, a, _ in ledger_inputs(entries)[1] if d.year == year)})
    return sorted(out, key=lambda r: r["organisation"])


def fund_rule_set(year: int) -> str:
    """The code of the fund rule set governing tax year `year`, marked * while a figure is unconfirmed."""
    from ecosystem.services.funds.rule_book import rule_book
    from ecosystem.services.funds.rule_sets import POSITION_FIGURES
    try:
        rules = rule_book().for_year(year)
    except ValueError:
        return ""
    return rules.code + (" *" if rules.unconfirmed((*POSITION_FIGURES, "max_rate")) else "")


def award_list(year: int) -> list[dict] | None:
    """Entries that advanced in the last round of each award cycle of the year."""
    parts = [source(n) for n in ("nominations", "cycles", "rounds", "results")]
    if any(p is None for p in parts):
        return None
    (nom_t, n), (cyc_t, cy), (round_t, r), (res_t, rs) = parts
    title = nom_t.c.title if "title" in nom_t.c else nom_t.c.id
    cycle_name = cyc_t.c.name if "name" in cyc_t.c else cyc_t.c.id
    last = {}
    for rid, cycle, position in db.session.execute(select(round_t.c.id, r["cycle"], r["position"])):
        if cycle not in last or position > last[cycle][1]:
            last[cycle] = (rid, position)
    final_rounds = {rid for rid, _ in last.values()}
    query = (select(cycle_name, title, n["org"], rs["round"], rs["advanced"])
             .join(nom_t, nom_t.c.id == rs["nomination"]).join(cyc_t, cyc_t.c.id == n["cycle"])
             .where(cy["year"] == year))
    rows = [row for row in db.session.execute(query) if row[3] in final_rounds and row[4]]
    orgs = _orgs(row[2] for row in rows)
    return [{"award": str(name), "entry": str(entry), "organisation": orgs.get(org, ("", ""))[0]}
            for name, entry, org, _, _ in rows]


def indicator_rows(panels: list[dict]) -> list[list]:
    """One line per figure: indicator, breakdown, item, value — the tables of the dashboard."""
    out = []
    for p in panels:
        name = labels.title(p["code"])
        if not p["available"]:
            out.append([name, "", _("Chưa có dữ liệu"), None])
            continue
        if p["total"] is not None:
            out.append([name, "", _("Tổng"), p["total"]])
        for code, value in p["rows"]:
            out.append([name, labels.dimension_label(p["dimension"]), labels.row_label(p["dimension"], code), value])
        if p["extra"].get("median_days") is not None:
            out.append([name, "", _("Số ngày giải quyết (trung vị)"), p["extra"]["median_days"]])
        if p["extra"].get("participants") is not None:
            out.append([name, "", _("Lượt tham dự"), p["extra"]["participants"]])
        if p["extra"].get("innovative") is not None:
            out.append([name, "", _("Startup ≤ %(n)s năm", n=p["extra"]["max_age_years"]), p["extra"]["innovative"]])
    return out


def report_sheets(report: dict, locale: str = "vi") -> dict:
    """The workbook: one sheet per table, headers in the reader's language."""
    trend_rows, months = [], None
    for p in report["panels"]:
        if p["available"] and p["trend"]:
            months = p["trend"]["labels"]
            for series, values in p["trend"]["series"].items():
                trend_rows.append([labels.title(p["code"]), labels.series_label(series), *values])
    sheets = {
        _("Các chỉ tiêu"): ([_("Tên chỉ tiêu"), _("Phân loại"), _("Mục"), _("Giá trị")], indicator_rows(report["panels"])),
        _("Xu hướng theo tháng"): ([_("Tên chỉ tiêu"), _("Dãy số"), *(months or [])], trend_rows),
        _("Mục tiêu chương trình"): (
            [_("Mã"), _("Mục tiêu"), _("Chủ quản"), _("Kỳ"), _("Giá trị gốc"), _("Mục tiêu"), _("Hiện tại"),
             _("Nguồn số liệu"), _("Đánh giá")],
            [[t.code, t.title(locale), t.owner(locale), f"{t.period_start.year}–{t.period_end.year}",
              _num(pr.baseline), f"{t.comparator} {t.target_value}" if t.target_value else f"{t.comparator} {_('gốc')}",
              _num(pr.current), str(labels.FIGURE_SOURCES[pr.current_source]), str(labels.TARGET_STATUS[pr.status])]
             for t, pr in report["targets"]]),
    }
    lists = ((_("DN KH&CN được chứng nhận"), "certificates",
              [("number", _("Số GCN")), ("organisation", _("Doanh nghiệp")), ("tax_code", _("Mã số thuế")),
               ("issued_on", _("Ngày cấp")), ("status", _("Trạng thái"))]),
             (_("Quỹ phát triển KH&CN"), "funds",
              [("organisation", _("Doanh nghiệp")), ("tax_code", _("Mã số thuế")),
               ("appropriated", _("Trích lập (VND)")), ("used", _("Sử dụng (VND)")),
               ("rule_set", _("Bộ quy tắc (* chưa xác nhận)"))]),
             (_("Kết quả giải thưởng"), "awards",
              [("award", _("Giải thưởng")), ("entry", _("Đề cử")), ("organisation", pgettext("singular", "Tổ chức"))]))
    for name, key, columns in lists:
        sheets[name] = (columns, report[key] or [])
    return sheets


def _num(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else str(value)


def report_xlsx(report: dict, locale: str = "vi") -> bytes:
    return to_xlsx_bytes(report_sheets(report, locale))

