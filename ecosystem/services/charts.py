"""Server-drawn SVG charts, so the dashboard reads without JavaScript, prints, and loads no CDN.

Pure: numbers in, an accessible SVG string out (role="img", <title>, <desc>, axis and value labels).
Every mark carries data-label / data-value so tests and screen scrapers can read the figure back.
"""
from __future__ import annotations

import hashlib
import html
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable, Iterable, Mapping, Sequence

# Okabe–Ito based: tells apart for colour-blind readers and stays dark enough on paper.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555", "#332288")
EMPTY_VI, EMPTY_EN = "Chưa có dữ liệu", "No data yet"
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHAR_W = 6.2  # average glyph width at 11 px, for fitting labels
Number = int | float | Decimal
Formatter = Callable[[Number], str]


def esc(text) -> str:
    """Text safe inside SVG elements and attributes; drops characters XML cannot hold."""
    return html.escape(_XML_INVALID.sub("", "" if text is None else str(text)), quote=True)


def format_number(value: Number | None, decimals: int | None = None) -> str:
    """Vietnamese figures: 1.500.000 and 12,5 (thousands '.', decimal ','); '–' for no value."""
    if value is None:
        return "–"
    if isinstance(value, int) and not decimals:
        return _group(int(value))
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return "–"
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 1
    quantum = Decimal(1).scaleb(-decimals)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, frac = f"{abs(rounded):.{decimals}f}".partition(".")
    sign = "-" if rounded < 0 else ""
    return sign + _group(int(whole)) + ("," + frac if frac else "")


def _group(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _fit(text: str, width_px: float) -> str:
    """Shorten a label to the room it has; the full text stays in the mark's <title>."""
    room = max(3, int(width_px / _CHAR_W))
    return text if len(text) <= room else text[: room - 1] + "…"


def nice_ticks(low: Number, high: Number, count: int = 5, integers: bool = False) -> list:
    """Round axis ticks covering [low, high] (0 always included); whole steps for counts."""
    low, high = min(0, low), max(0, high)
    if low == high:
        high = low + 1
    raw = (float(high) - float(low)) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integers:
        step = max(1, int(round(step)))
        first = math.floor(low / step) * step
        last = math.ceil(high / step) * step
        return list(range(int(first), int(last) + 1, step))
    first, last = math.floor(low / step), math.ceil(high / step)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _chart_id(title: str, chart_id: str | None) -> str:
    if chart_id:
        return re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    return "chart-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:8]


def _open(cid: str, width: int, height: int, title: str, desc: str, kind: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" {_FONT} font-size="11">',
        f'<title id="{cid}-title">{esc(title)}</title>',
        f'<desc id="{cid}-desc">{esc(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def empty_chart(title: str, *, width: int = 640, height: int = 160, chart_id: str | None = None) -> str:
    """The figure shown when there is nothing to plot: says so instead of failing."""
    cid = _chart_id(title, chart_id)
    parts = _open(cid, width, height, title, f"{EMPTY_VI} ({EMPTY_EN}).", "empty")
    parts += [
        f'<rect class="empty" x="4" y="4" width="{width - 8}" height="{height - 8}" fill="none" '
        f'stroke="#999999" stroke-dasharray="6 4"/>',
        f'<text x="{width / 2}" y="{height / 2 - 4}" text-anchor="middle" font-size="16" '
        f'fill="#333333">{EMPTY_VI}</text>',
        f'<text x="{width / 2}" y="{height / 2 + 16}" text-anchor="middle" fill="#666666">'
        f"{EMPTY_EN}</text>",
        "</svg>",
    ]
    return "\n".join(parts)


def _summary(kind_vi: str, pairs: Iterable[tuple[str, str]], limit: int = 40) -> str:
    pairs = list(pairs)
    text = "; ".join(f"{label}: {value}" for label, value in pairs[:limit])
    if len(pairs) > limit:
        text += f"; … và {len(pairs) - limit} mục khác"
    return f"{kind_vi}. {text}."


def _numeric(values: Iterable) -> list[Number]:
    return [v for v in values if v is not None]


class _Axes:
    """A vertical value axis over a band axis of categories; shared by bar, line and stacked."""

    def __init__(self, labels, low, high, *, width, height, formatter, x_label, y_label, integers):
        self.ticks = nice_ticks(low, high, integers=integers)
        self.lo, self.hi = self.ticks[0], self.ticks[-1]
        tick_w = max(len(formatter(t)) for t in self.ticks) * _CHAR_W
        self.left = int(tick_w + (34 if y_label else 14))
        band = (width - self.left - 16) / max(1, len(labels))
        longest = max(len(label) for label in labels) * _CHAR_W
        self.rotate = longest > band * 0.95 and band < 60
        bottom = (min(longest, 110) * 0.72 + 22 if self.rotate else 26) + (18 if x_label else 0)
        self.top, self.bottom = 28, height - int(bottom)
        self.right, self.band = width - 16, band
        self.labels, self.formatter = labels, formatter
        self.x_label, self.y_label, self.width, self.height = x_label, y_label, width, height

    def y(self, value: Number) -> float:
        span = float(self.hi - self.lo) or 1.0
        return self.bottom - (float(value) - float(self.lo)) / span * (self.bottom - self.top)

    def x_center(self, index: int) -> float:
        return self.left + self.band * (index + 0.5)

    def draw(self) -> list[str]:
        out = ['<g class="axes" stroke="#333333" fill="#333333">']
        for tick in self.ticks:
            y = round(self.y(tick), 2)
            out.append(f'<line x1="{self.left}" y1="{y}" x2="{self.right}" y2="{y}" '
                       f'stroke="#dddddd" stroke-width="0.8"/>')
            out.append(f'<text class="tick" x="{self.left - 5}" y="{y + 4}" text-anchor="end" '
                       f'stroke="none">{esc(self.formatter(tick))}</text>')
        zero = round(self.y(0), 2)
        out.append(f'<line x1="{self.left}" y1="{zero}" x2="{self.right}" y2="{zero}"/>')
        out.append(f'<line x1="{self.left}" y1="{self.top}" x2="{self.left}" y2="{self.bottom}"/>')
        for i, label in enumerate(self.labels):
            x, y = round(self.x_center(i), 2), self.bottom + 15
            if self.rotate:
                out.append(f'<text class="x-label" x="{x}" y="{y}" text-anchor="end" stroke="none" '
                           f'transform="rotate(-40 {x} {y})">{esc(_fit(label, 110))}</text>')
            else:
                out.append(f'<text class="x-label" x="{x}" y="{y}" text-anchor="middle" '
                           f'stroke="none">{esc(_fit(label, self.band))}</text>')
        if self.x_label:
            out.append(f'<text class="axis-title" x="{(self.left + self.right) / 2}" '
                       f'y="{self.height - 6}" text-anchor="middle" stroke="none" '
                       f'font-weight="bold">{esc(self.x_label)}</text>')
        if self.y_label:
            mid = (self.top + self.bottom) / 2
            out.append(f'<text class="axis-title" x="14" y="{mid}" text-anchor="middle" '
                       f'stroke="none" font-weight="bold" transform="rotate(-90 14 {mid})">'
                       f"{esc(self.y_label)}</text>")
        out.append("</g>")
        return out


def _all_int(values: Iterable) -> bool:
    return all(isinstance(v, int) for v in values if v is not None)


def _value_text(x: float, y: float, text: str, room: float, anchor: str = "middle",
                fill: str = "#222222", cls: str = "value") -> str:
    size = max(7.0, min(11.0, room / (0.62 * max(1, len(text)))))
    return (f'<text class="{cls}" x="{round(x, 2)}" y="{round(y, 2)}" text-anchor="{anchor}" '
            f'font-size="{round(size, 1)}" fill="{fill}" stroke="none">{esc(text)}</text>')


def _legend(names: Sequence[str], x: float, y: float) -> list[str]:
    out = ['<g class="legend">']
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        ox = x + (i % 4) * 150
        oy = y + (i // 4) * 16
        out.append(f'<rect x="{ox}" y="{oy - 9}" width="10" height="10" fill="{colour}"/>')
        out.append(f'<text x="{ox + 14}" y="{oy}">{esc(_fit(name, 130))}</text>')
    out.append("</g>")
    return out


def bar_chart(items: Iterable[tuple[str, Number | None]], *, title: str, desc: str = "",
              x_label: str = "", y_label: str = "", formatter: Formatter = format_number,
              width: int = 640, height: int = 360, chart_id: str | None = None) -> str:
    """Vertical bars, one per (label, value); a None value draws no bar and reads '–'."""
    items = [(str(label), value) for label, value in items]
    values = _numeric(v for _, v in items)
    if not values:
        return empty_chart(title, width=width, chart_id=chart_id)
    cid = _chart_id(title, chart_id)
    summary = _summary("Biểu đồ cột", ((lab, formatter(v) if v is not None else "–") for lab, v in items))
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
               x_label: str = "", formatter: Formatter = format_number, width: int = 640,
               row_height: int = 24, chart_id: str | None = None) -> str:
    """Horizontal bars for long category names (sectors, wards); height grows with the rows."""
    items = [(str(label), value) for label, value in items]
    values = _numeric(v for _, v in items)
    if not values:
        return empty_chart(title, width=width, chart_id=chart_id)
    cid = _chart_id(title, chart_id)
    ticks = nice_ticks(min(values), max(values), integers=_all_int(values))
    label_w = min(200, max(len(lab) for lab, _ in items) * _CHAR_W + 10)
    left, right, top = label_w + 8, width - 60, 20
    height = top + row_height * len(items) + 28 + (18 if x_label else 0)
    bottom = top + row_height * len(items)
    span = float(ticks[-1] - ticks[0]) or 1.0

    def x(value):
        return left + (float(value) - float(ticks[0])) / span * (right - left)

    summary = _summary("Biểu đồ thanh ngang",
                       ((lab, formatter(v) if v is not None else "–") for lab, v in items))
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
               formatter: Formatter = format_number, width: int = 640, height: int = 360,
               chart_id: str | None = None) -> str:
    """Trend by month or year: one polyline per series; None is a gap, not a zero."""
    labels = [str(label) for label in labels]
    values = [v for vals in series.values() for v in _numeric(vals)]
    if not labels or not values:
        return empty_chart(title, width=width, chart_id=chart_id)
    _check_lengths(labels, series)
    cid = _chart_id(title, chart_id)
    summary = " ".join(_summary(f"Đường {name}", zip(labels, map(_fmt_or_dash(formatter), vals)))
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
                      formatter: Formatter = format_number, width: int = 640, height: int = 380,
                      chart_id: str | None = None) -> str:
    """One bar per label split by series (e.g. requests per month by state); totals on top."""
    labels = [str(label) for label in labels]
    if any(v is not None and v < 0 for vals in series.values() for v in vals):
        raise ValueError("stacked bars need non-negative values")
    values = [v for vals in series.values() for v in _numeric(vals)]
    if not labels or not values:
        return empty_chart(title, width=width, chart_id=chart_id)
    _check_lengths(labels, series)
    totals = [sum(vals[i] or 0 for vals in series.values()) for i in range(len(labels))]
    cid = _chart_id(title, chart_id)
    summary = " ".join(_summary(f"Nhóm {name}", zip(labels, map(_fmt_or_dash(formatter), vals)))
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
