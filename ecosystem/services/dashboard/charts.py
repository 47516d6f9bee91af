"""Server-drawn SVG charts, so the dashboard reads without JavaScript, prints, and loads no CDN.

Pure: numbers in, an accessible SVG string out (role="img", <title>, <desc>, axis and value labels).
Every mark carries data-label / data-value so tests and screen scrapers can read the figure back.
"""
from __future__ import annotations

import math
from functools import partial
from typing import Callable, Iterable, Mapping, Sequence

from ecosystem.services.dashboard.svg_primitives import (  # noqa: F401  (format_number, esc, nice_ticks: public here)
    EMPTY_EN, EMPTY_VI, PALETTE, Formatter, Number, _all_int, _Axes, _chart_id, _fit, _legend, _numeric,
    _open, _summary, _value_text, _CHAR_W, empty_chart, esc, format_number, nice_ticks, words_for)


def bar_chart(items: Iterable[tuple[str, Number | None]], *, title: str, desc: str = "",
              x_label: str = "", y_label: str = "", formatter: Formatter | None = None, locale: str = "vi",
              width: int = 640, height: int = 360, chart_id: str | None = None) -> str:
    """Vertical bars, one per (label, value); a None value draws no bar and reads '–'."""
    formatter = formatter or partial(format_number, locale=locale)
    items = [(str(label), value) for label, value in items]
    values = _numeric(v for _, v in items)
    if not values:
        return empty_chart(title, width=width, chart_id=chart_id, locale=locale)
    cid = _chart_id(title, chart_id)
    summary = _summary(words_for(locale)["bar"], ((lab, formatter(v) if v is not None else "–") for lab, v in items),
                       locale=locale)
    axes = _Axes([lab for lab, _ in items], min(values), max(values), width=width, height=height,
                 formatter=formatter, x_label=x_label, y_label=y_label, integers=_all_int(values))
    parts = _open(cid, width, height, title, f"{desc} {summary}".strip(), "bar") + axes.draw()
    parts.append(f'<g class="bars" fill="{PALETTE[0]}">')
    zero = axes.y(0)
    for i, (label, value) in enumerate(items):
        text = formatter(value) if value is not None else "–"
        cx, bar_w = axes.x_center(i), axes.band * 0.7
        if value is not None:
            top = min(zero, axes.y(value))
            parts.append(f'<rect class="bar" x="{round(cx - bar_w / 2, 2)}" y="{round(top, 2)}" '
                         f'width="{round(bar_w, 2)}" height="{round(abs(axes.y(value) - zero), 2)}" '
                         f'data-label="{esc(label)}" data-value="{esc(value)}">'
                         f"<title>{esc(label)}: {esc(text)}</title></rect>")
        label_y = (axes.y(value) if value is not None else zero) - 4
        if value is not None and value < 0:
            label_y = axes.y(value) + 12
        parts.append(_value_text(cx, label_y, text, axes.band))
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)


def hbar_chart(items: Iterable[tuple[str, Number | None]], *, title: str, desc: str = "",
               x_label: str = "", formatter: Formatter | None = None, locale: str = "vi", width: int = 640,
               row_height: int = 24, chart_id: str | None = None) -> str:
    """Horizontal bars for long category names (sectors, wards); height grows with the rows."""
    formatter = formatter or partial(format_number, locale=locale)
    items = [(str(label), value) for label, value in items]
    values = _numeric(v for _, v in items)
    if not values:
        return empty_chart(title, width=width, chart_id=chart_id, locale=locale)
    cid = _chart_id(title, chart_id)
    ticks = nice_ticks(min(values), max(values), integers=_all_int(values))
    label_w = min(200, max(len(lab) for lab, _ in items) * _CHAR_W + 10)
    left, right, top = label_w + 8, width - 60, 20
    height = top + row_height * len(items) + 28 + (18 if x_label else 0)
    bottom = top + row_height * len(items)
    span = float(ticks[-1] - ticks[0]) or 1.0

    def x(value):
        return left + (float(value) - float(ticks[0])) / span * (right - left)

    summary = _summary(words_for(locale)["hbar"],
                       ((lab, formatter(v) if v is not None else "–") for lab, v in items), locale=locale)
    parts = _open(cid, width, height, title, f"{desc} {summary}".strip(), "hbar")
    parts.append('<g class="axes" stroke="#333333" fill="#333333">')
    for tick in ticks:
        tx = round(x(tick), 2)
        parts.append(f'<line x1="{tx}" y1="{top}" x2="{tx}" y2="{bottom}" stroke="#dddddd" '
                     f'stroke-width="0.8"/>')
        parts.append(f'<text class="tick" x="{tx}" y="{bottom + 14}" text-anchor="middle" '
                     f'stroke="none">{esc(formatter(tick))}</text>')
    parts.append(f'<line x1="{round(x(0), 2)}" y1="{top}" x2="{round(x(0), 2)}" y2="{bottom}"/>')
    if x_label:
        parts.append(f'<text class="axis-title" x="{(left + right) / 2}" y="{height - 6}" '
                     f'text-anchor="middle" stroke="none" font-weight="bold">{esc(x_label)}</text>')
    parts += ["</g>", f'<g class="bars" fill="{PALETTE[0]}">']
    for i, (label, value) in enumerate(items):
        y = top + row_height * i
        parts.append(f'<text class="y-label" x="{left - 6}" y="{y + row_height * 0.65}" '
                     f'text-anchor="end" fill="#333333">{esc(_fit(label, label_w))}</text>')
        text = formatter(value) if value is not None else "–"
        end = x(value) if value is not None else x(0)
        if value is not None:
            parts.append(f'<rect class="bar" x="{round(min(end, x(0)), 2)}" y="{y + 3}" '
                         f'width="{round(abs(end - x(0)), 2)}" height="{row_height - 6}" '
                         f'data-label="{esc(label)}" data-value="{esc(value)}">'
                         f"<title>{esc(label)}: {esc(text)}</title></rect>")
        parts.append(_value_text(max(end, x(0)) + 4, y + row_height * 0.65, text, 120, "start"))
    parts += ["</g>", "</svg>"]
    return "\n".join(parts)


def line_chart(labels: Sequence[str], series: Mapping[str, Sequence[Number | None]], *,
               title: str, desc: str = "", x_label: str = "", y_label: str = "",
               formatter: Formatter | None = None, locale: str = "vi", width: int = 640, height: int = 360,
               chart_id: str | None = None) -> str:
    """Trend by month or year: one polyline per series; None is a gap, not a zero."""
    formatter = formatter or partial(format_number, locale=locale)
    labels = [str(label) for label in labels]
    values = [v for vals in series.values() for v in _numeric(vals)]
    if not labels or not values:
        return empty_chart(title, width=width, chart_id=chart_id, locale=locale)
    _check_lengths(labels, series)
    cid = _chart_id(title, chart_id)
    summary = " ".join(_summary(words_for(locale)["line"].format(name=name),
                                zip(labels, map(_fmt_or_dash(formatter), vals)), locale=locale)
                       for name, vals in series.items())
    legend_rows = math.ceil(len(series) / 4)
    axes = _Axes(labels, min(values), max(values), width=width, height=height - 20 * legend_rows,
                 formatter=formatter, x_label=x_label, y_label=y_label, integers=_all_int(values))
    parts = _open(cid, width, height, title, f"{desc} {summary}".strip(), "line") + axes.draw()
    show_all = len(values) <= 40
    for s, (name, vals) in enumerate(series.items()):
        colour = PALETTE[s % len(PALETTE)]
        parts.append(f'<g class="series" data-series="{esc(name)}" stroke="{colour}" fill="{colour}">')
        segment: list[str] = []
        for i, value in enumerate(list(vals) + [None]):
            if value is None:
                if len(segment) > 1:
                    parts.append(f'<polyline fill="none" stroke-width="2" points="{" ".join(segment)}"/>')
                segment = []
                continue
            cx, cy = round(axes.x_center(i), 2), round(axes.y(value), 2)
            segment.append(f"{cx},{cy}")
            text = formatter(value)
            parts.append(f'<circle class="point" cx="{cx}" cy="{cy}" r="3.5" '
                         f'data-series="{esc(name)}" data-label="{esc(labels[i])}" '
                         f'data-value="{esc(value)}"><title>{esc(name)} – {esc(labels[i])}: '
                         f"{esc(text)}</title></circle>")
            last = all(v is None for v in vals[i + 1:])
            if show_all or last:
                parts.append(_value_text(cx, cy - 7, text, max(axes.band, 40)))
        parts.append("</g>")
    parts += _legend(list(series), axes.left, height - 20 * legend_rows + 14)
    parts.append("</svg>")
    return "\n".join(parts)


def stacked_bar_chart(labels: Sequence[str], series: Mapping[str, Sequence[Number | None]], *,
                      title: str, desc: str = "", x_label: str = "", y_label: str = "",
                      formatter: Formatter | None = None, locale: str = "vi", width: int = 640, height: int = 380,
                      chart_id: str | None = None) -> str:
    """One bar per label split by series (e.g. requests per month by state); totals on top."""
    formatter = formatter or partial(format_number, locale=locale)
    labels = [str(label) for label in labels]
    if any(v is not None and v < 0 for vals in series.values() for v in vals):
        raise ValueError("stacked bars need non-negative values")
    values = [v for vals in series.values() for v in _numeric(vals)]
    if not labels or not values:
        return empty_chart(title, width=width, chart_id=chart_id, locale=locale)
    _check_lengths(labels, series)
    totals = [sum(vals[i] or 0 for vals in series.values()) for i in range(len(labels))]
    cid = _chart_id(title, chart_id)
    summary = " ".join(_summary(words_for(locale)["stacked"].format(name=name),
                                zip(labels, map(_fmt_or_dash(formatter), vals)), locale=locale)
                       for name, vals in series.items())
    legend_rows = math.ceil(len(series) / 4)
    axes = _Axes(labels, 0, max(totals), width=width, height=height - 20 * legend_rows,
                 formatter=formatter, x_label=x_label, y_label=y_label, integers=_all_int(values))
    parts = _open(cid, width, height, title, f"{desc} {summary}".strip(), "stacked") + axes.draw()
    parts.append('<g class="bars">')
    for i, label in enumerate(labels):
        cx, bar_w, base = axes.x_center(i), axes.band * 0.7, 0
        for s, (name, vals) in enumerate(series.items()):
            value = vals[i]
            if not value:
                continue
            y_top, y_bottom = axes.y(base + value), axes.y(base)
            text = formatter(value)
            parts.append(f'<rect class="segment" x="{round(cx - bar_w / 2, 2)}" y="{round(y_top, 2)}" '
                         f'width="{round(bar_w, 2)}" height="{round(y_bottom - y_top, 2)}" '
                         f'fill="{PALETTE[s % len(PALETTE)]}" data-series="{esc(name)}" '
                         f'data-label="{esc(label)}" data-value="{esc(value)}">'
                         f"<title>{esc(label)} – {esc(name)}: {esc(text)}</title></rect>")
            if y_bottom - y_top >= 13 and bar_w >= len(text) * 5:
                parts.append(_value_text(cx, (y_top + y_bottom) / 2 + 4, text, bar_w,
                                         fill="#ffffff", cls="value segment-value"))
            base += value
        parts.append(_value_text(cx, axes.y(totals[i]) - 4, formatter(totals[i]), axes.band,
                                 cls="value total"))
    parts.append("</g>")
    parts += _legend(list(series), axes.left, height - 20 * legend_rows + 14)
    parts.append("</svg>")
    return "\n".join(parts)


def _fmt_or_dash(formatter: Formatter) -> Callable[[Number | None], str]:
    return lambda v: "–" if v is None else formatter(v)


def _check_lengths(labels: Sequence[str], series: Mapping[str, Sequence]) -> None:
    for name, vals in series.items():
        if len(vals) != len(labels):
            raise ValueError(f"series {name!r} has {len(vals)} values for {len(labels)} labels")
