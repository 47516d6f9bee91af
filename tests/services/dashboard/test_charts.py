"""Server-side SVG charts: parsed back with xml.etree, their marks must match the data."""
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from ecosystem.services.dashboard import charts

NS = {"s": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def marks(root: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in root.iter() if cls in (el.get("class") or "").split()]


def texts(root: ET.Element, cls: str) -> list[str]:
    return [el.text for el in marks(root, cls)]


def assert_accessible(root: ET.Element, title: str) -> None:
    assert root.get("role") == "img"
    title_el, desc_el = root.find("s:title", NS), root.find("s:desc", NS)
    assert title_el is not None and title_el.text == title
    assert desc_el is not None and desc_el.text
    assert root.get("aria-labelledby").split() == [title_el.get("id"), desc_el.get("id")]
    for el in root.iter():
        assert not el.tag.endswith("script")
        assert not any(name.lower().startswith("on") for name in el.attrib)


@pytest.mark.parametrize("value, expected", [
    (0, "0"), (999, "999"), (1000, "1.000"), (1500000, "1.500.000"), (-1234567, "-1.234.567"),
    (12.5, "12,5"), (3.0, "3"), (Decimal("7.25"), "7,3"), (1234.56, "1.234,6"), (None, "–"),
    (True, "1"),
])
def test_format_number_is_vietnamese(value, expected):
    assert charts.format_number(value) == expected


def test_format_number_with_fixed_decimals():
    assert charts.format_number(45, decimals=1) == "45,0"
    assert charts.format_number(Decimal("1234567.891"), decimals=2) == "1.234.567,89"


def test_nice_ticks_cover_the_data_and_start_at_zero():
    ticks = charts.nice_ticks(3, 1_730_000)
    assert ticks[0] == 0 and ticks[-1] >= 1_730_000
    steps = {b - a for a, b in zip(ticks, ticks[1:])}
    assert len(steps) == 1
    assert charts.nice_ticks(0, 3, integers=True) == [0, 1, 2, 3]
    negative = charts.nice_ticks(-40, 90)
    assert negative[0] <= -40 and 0 in negative and negative[-1] >= 90


def test_bar_chart_bars_match_the_data():
    data = [("Ý tưởng", 12), ("Ươm mầm", 30), ("Series A trở lên", 1_500), ("Tăng trưởng", 0)]
    root = parse(charts.bar_chart(data, title="Startup theo giai đoạn", x_label="Giai đoạn",
                                  y_label="Số startup"))
    assert_accessible(root, "Startup theo giai đoạn")
    bars = marks(root, "bar")
    assert [(b.get("data-label"), int(b.get("data-value"))) for b in bars] == data
    heights = [float(b.get("height")) for b in bars]
    assert heights[2] == max(heights) and heights[3] == 0
    assert heights[1] / heights[0] == pytest.approx(30 / 12, rel=0.02)
    assert "1.500" in texts(root, "value")
    assert {"Giai đoạn", "Số startup"} <= set(texts(root, "axis-title"))
    assert "Ươm mầm: 30" in root.find("s:desc", NS).text
    assert all(b.find("s:title", NS).text.startswith(b.get("data-label")) for b in bars)


def test_bar_chart_none_is_no_bar_but_a_dash():
    root = parse(charts.bar_chart([("A", 5), ("B", None)], title="t"))
    assert [b.get("data-label") for b in marks(root, "bar")] == ["A"]
    assert texts(root, "value") == ["5", "–"]


def test_negative_bars_hang_below_the_zero_line():
    root = parse(charts.bar_chart([("lãi", 40), ("lỗ", -20)], title="t"))
    gain, loss = marks(root, "bar")
    assert float(gain.get("y")) + float(gain.get("height")) == pytest.approx(float(loss.get("y")))


@pytest.mark.parametrize("make", [
    lambda: charts.bar_chart([], title="Trống"),
    lambda: charts.bar_chart([("A", None)], title="Trống"),
    lambda: charts.hbar_chart([], title="Trống"),
    lambda: charts.line_chart([], {}, title="Trống"),
    lambda: charts.line_chart(["01/2025"], {"a": [None]}, title="Trống"),
    lambda: charts.stacked_bar_chart(["2025"], {}, title="Trống"),
])
def test_empty_data_gives_a_clear_figure(make):
    root = parse(make())
    assert_accessible(root, "Trống")
    assert "Chưa có dữ liệu" in "".join(root.itertext())
    assert not marks(root, "bar") and not marks(root, "point") and not marks(root, "segment")


def test_text_is_escaped_everywhere():
    evil = '<script>alert("x")</script> & "quotes"'
    svg = charts.bar_chart([(evil, 3)], title=evil, x_label=evil, y_label=evil, desc=evil)
    root = parse(svg)
    assert "<script>" not in svg
    assert root.find("s:title", NS).text == evil
    assert marks(root, "bar")[0].get("data-label") == evil
    assert_accessible(root, evil)


def test_control_characters_do_not_break_the_xml():
    root = parse(charts.bar_chart([("a\x00b\x1f", 1)], title="t\x08"))
    assert marks(root, "bar")[0].get("data-label") == "ab"


def test_hbar_widths_follow_the_values():
    data = [("Nông nghiệp công nghệ cao", 40), ("Công nghệ thông tin", 10), ("Y sinh", 20)]
    root = parse(charts.hbar_chart(data, title="Theo lĩnh vực"))
    bars = marks(root, "bar")
    assert [b.get("data-label") for b in bars] == [d[0] for d in data]
    widths = [float(b.get("width")) for b in bars]
    assert widths[0] / widths[1] == pytest.approx(4, rel=0.02)
    assert len(marks(root, "y-label")) == 3
    assert int(root.get("height")) > 3 * 24


def test_line_chart_points_and_gaps():
    months = [f"{m:02d}/2025" for m in range(1, 7)]
    series = {"Đề nghị": [3, 5, None, 8, 9, 12], "Đã giải quyết": [1, 2, 3, 4, 5, 6]}
    root = parse(charts.line_chart(months, series, title="Xu hướng", y_label="Số yêu cầu"))
    assert_accessible(root, "Xu hướng")
    for name, values in series.items():
        points = [p for p in marks(root, "point") if p.get("data-series") == name]
        expected = [(m, v) for m, v in zip(months, values) if v is not None]
        assert [(p.get("data-label"), int(p.get("data-value"))) for p in points] == expected
        ys = [float(p.get("cy")) for p in points]
        order = sorted(range(len(expected)), key=lambda i: expected[i][1])
        assert sorted(ys, reverse=True) == [ys[i] for i in order]  # bigger value, higher point
    groups = [g for g in root.iter("{%s}g" % NS["s"]) if g.get("class") == "series"]
    assert [len(g.findall("s:polyline", NS)) for g in groups] == [2, 1]  # the gap splits a line
    assert "Đã giải quyết" in "".join(marks(root, "legend")[0].itertext())


def test_line_chart_rejects_ragged_series():
    with pytest.raises(ValueError):
        charts.line_chart(["2024", "2025"], {"a": [1]}, title="t")


def test_stacked_bar_segments_add_up_to_totals():
    years = ["2023", "2024", "2025"]
    series = {"Mới": [5, 0, 7], "Đang xử lý": [1, 2, 3], "Đã xong": [10, 20, 0]}
    root = parse(charts.stacked_bar_chart(years, series, title="Yêu cầu theo trạng thái"))
    segments = marks(root, "segment")
    assert len(segments) == sum(1 for vals in series.values() for v in vals if v)
    for name, values in series.items():
        got = {s.get("data-label"): int(s.get("data-value")) for s in segments
               if s.get("data-series") == name}
        assert got == {y: v for y, v in zip(years, values) if v}
    totals = [sum(vals[i] for vals in series.values()) for i in range(3)]
    assert texts(root, "total") == [charts.format_number(t) for t in totals]
    per_year = [sum(float(s.get("height")) for s in segments if s.get("data-label") == y) for y in years]
    assert per_year[1] / per_year[0] == pytest.approx(totals[1] / totals[0], rel=0.02)


def test_stacked_bar_rejects_negative_values():
    with pytest.raises(ValueError):
        charts.stacked_bar_chart(["2025"], {"a": [-1]}, title="t")


def test_two_charts_on_one_page_have_distinct_ids():
    a = parse(charts.bar_chart([("x", 1)], title="Một"))
    b = parse(charts.bar_chart([("x", 1)], title="Hai"))
    assert a.find("s:title", NS).get("id") != b.find("s:title", NS).get("id")
    c = parse(charts.bar_chart([("x", 1)], title="Một", chart_id="stage chart"))
    assert c.find("s:title", NS).get("id") == "stage-chart-title"


def test_custom_formatter_is_used_for_ticks_and_values():
    root = parse(charts.bar_chart([("a", 2_000_000_000)], title="t",
                                  formatter=lambda v: charts.format_number(v / 1e9) + " tỷ"))
    assert "2 tỷ" in texts(root, "value")
    assert all(t.endswith(" tỷ") for t in texts(root, "tick"))
