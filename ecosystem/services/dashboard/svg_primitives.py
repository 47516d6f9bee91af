"""The building blocks of the server-drawn charts: escaping, numbers in the reader's locale (Babel),
ticks, the SVG head, axes, value labels and legends. charts.py puts them together into bar, line and
stacked charts. Pure: the caller says the locale; the sentences for screen readers are in WORDS."""
from __future__ import annotations

import hashlib
import html
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from babel.numbers import format_decimal

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555", "#332288")
EMPTY_VI, EMPTY_EN = "Chưa có dữ liệu", "No data yet"
# What a screen reader hears before the figures, per locale (the page's language, not the data's).
WORDS = {
    "vi": {"bar": "Biểu đồ cột", "hbar": "Biểu đồ thanh ngang", "line": "Đường {name}",
           "stacked": "Nhóm {name}", "more": "… và {n} mục khác", "empty": EMPTY_VI},
    "en": {"bar": "Bar chart", "hbar": "Horizontal bar chart", "line": "Line {name}",
           "stacked": "Group {name}", "more": "… and {n} more", "empty": EMPTY_EN},
}


def words_for(locale: str) -> dict:
    """The chart sentences in `locale`, Vietnamese when the language is not known."""
    return WORDS.get(locale, WORDS["vi"])
_FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif"'
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHAR_W = 6.2  # average glyph width at 11 px, for fitting labels
Number = int | float | Decimal
Formatter = Callable[[Number], str]


def esc(text) -> str:
    """Text safe inside SVG elements and attributes; drops characters XML cannot hold."""
    return html.escape(_XML_INVALID.sub("", "" if text is None else str(text)), quote=True)


def format_number(value: Number | None, decimals: int | None = None, locale: str = "vi") -> str:
    """Figures in the reader's locale through Babel: 1.500.000 and 12,5 in Vietnamese, 1,500,000
    and 12.5 in English; half rounds up; '–' for no value."""
    return _format_number(value, decimals, str(locale))


@lru_cache(maxsize=8192, typed=True)
def _format_number(value: Number | None, decimals: int | None, locale: str) -> str:
    """Kept per worker: a dashboard shows hundreds of figures, and Babel takes ~50 µs for each."""
    if value is None:
        return "–"
    if isinstance(value, int) and not decimals:
        return format_decimal(int(value), format="#,##0", locale=locale)
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return "–"
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 1
    quantum = Decimal(1).scaleb(-decimals)
    rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    return format_decimal(rounded, format="#,##0" + ("." + "0" * decimals if decimals else ""), locale=locale)


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


def empty_chart(title: str, *, width: int = 640, height: int = 160, chart_id: str | None = None,
                locale: str | None = None) -> str:
    """The figure shown when there is nothing to plot: says so instead of failing (in both languages
    on the picture; the description in the reader's language when the locale is given)."""
    cid = _chart_id(title, chart_id)
    described = f"{EMPTY_VI} ({EMPTY_EN})." if locale is None else words_for(locale)["empty"] + "."
    parts = _open(cid, width, height, title, described, "empty")
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


def _summary(kind: str, pairs: Iterable[tuple[str, str]], limit: int = 40, locale: str = "vi") -> str:
    """The description a screen reader reads: the kind of chart, then label: value pairs."""
    pairs = list(pairs)
    text = "; ".join(f"{label}: {value}" for label, value in pairs[:limit])
    if len(pairs) > limit:
        text += "; " + words_for(locale)["more"].format(n=len(pairs) - limit)
    return f"{kind}. {text}."


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
