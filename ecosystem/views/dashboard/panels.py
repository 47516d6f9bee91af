"""Turning a dashboard panel (plain figures) into its charts and table rows in the reader's language."""
from flask_babel import gettext as _
from markupsafe import Markup

from ecosystem.services.dashboard import charts
from ecosystem.services.dashboard import labels
from ecosystem.i18n import current_locale

HORIZONTAL = {"sector", "former_district", "ward", "request_type", "event_kind", "org_kind"}
NO_BAR = {"capital", "transfer_money"}  # rows of different units: the table says it, the trend draws the money


def _formatter(unit: str):
    """Figures in the reader's locale (Babel), money in millions of đồng."""
    locale = current_locale()
    if unit == "vnd":
        return lambda v: _("%(n)s tr", n=charts.format_number(v / 1_000_000, locale=locale))
    return lambda v: charts.format_number(v, locale=locale)


def table_rows(panel: dict) -> list[tuple[str, object]]:
    return [(labels.row_label(panel["dimension"], code), value) for code, value in panel["rows"]]


def breakdown_chart(panel: dict) -> Markup | None:
    title = labels.title(panel["code"])
    if not panel["available"]:
        return Markup(charts.empty_chart(title, chart_id=f"{panel['code']}-empty", locale=current_locale()))
    if panel["dimension"] in NO_BAR or not panel["rows"]:
        return None if panel["trend"] else Markup(charts.empty_chart(title, chart_id=f"{panel['code']}-empty", locale=current_locale()))
    items = table_rows(panel)
    fmt = _formatter(panel["unit"])
    if panel["dimension"] in HORIZONTAL:
        svg = charts.hbar_chart(items, title=title, chart_id=f"{panel['code']}-bars", formatter=fmt, locale=current_locale(),
                                x_label=labels.dimension_label(panel["dimension"]) or _("Số lượng"))
    else:
        svg = charts.bar_chart(items, title=title, chart_id=f"{panel['code']}-bars", formatter=fmt, locale=current_locale(),
                               x_label=labels.dimension_label(panel["dimension"]),
                               y_label=_("triệu đồng") if panel["unit"] == "vnd" else _("Số lượng"))
    return Markup(svg)


def trend_chart(panel: dict) -> Markup | None:
    if not panel["available"] or not panel["trend"]:
        return None
    trend = panel["trend"]
    series = {labels.series_label(name): values for name, values in trend["series"].items()}
    title = _("%(name)s — xu hướng", name=labels.title(panel["code"]))
    return Markup(charts.line_chart(trend["labels"], series, title=title, chart_id=f"{panel['code']}-trend",
                                    formatter=_formatter(panel["unit"]), locale=current_locale(),
                                    y_label=_("triệu đồng") if panel["unit"] == "vnd" else _("Số lượng")))


def view(panel: dict) -> dict:
    """Everything a template needs for one panel."""
    return {"code": panel["code"], "title": labels.title(panel["code"]), "available": panel["available"],
            "unit": panel["unit"], "total": panel["total"], "dimension": labels.dimension_label(panel["dimension"]),
            "rows": table_rows(panel), "extra": panel["extra"], "chart": breakdown_chart(panel),
            "trend_chart": trend_chart(panel), "trend": panel["trend"],
            "trend_series": [(labels.series_label(n), v) for n, v in (panel["trend"] or {}).get("series", {}).items()],
            "by_state": [(labels.row_label("request_state", state), n)
                         for state, n in panel["extra"].get("by_state") or []]}
