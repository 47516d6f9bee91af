"""Numbers through Babel in the reader's locale: money, chart figures and chart descriptions."""
from ecosystem.formatting import format_vnd
from ecosystem.services.dashboard import charts
from ecosystem.services.dashboard.svg_primitives import format_number


def test_money_is_grouped_in_the_readers_locale(app):
    assert format_vnd(1_234_500_000, "vi") == "1.234.500.000 ₫"
    assert format_vnd(1_234_500_000, "en") == "1,234,500,000 ₫"
    assert format_vnd(None) == ""


def test_chart_numbers_follow_the_locale():
    assert format_number(1234.5, locale="vi") == "1.234,5"
    assert format_number(1234.5, locale="en") == "1,234.5"
    assert format_number(2.345, decimals=2, locale="en") == "2.35"  # half rounds up, as before
    assert format_number(-1_500_000, locale="en") == "-1,500,000"
    assert format_number(None, locale="en") == "–"


def test_chart_descriptions_are_in_the_readers_language():
    english = charts.bar_chart([("Dĩ An", 1234), ("Thủ Dầu Một", 5)], title="Startups", locale="en")
    assert "Bar chart. Dĩ An: 1,234; Thủ Dầu Một: 5." in english and "Biểu đồ" not in english
    vietnamese = charts.bar_chart([("Dĩ An", 1234)], title="Startup")
    assert "Biểu đồ cột. Dĩ An: 1.234." in vietnamese
    many = charts.hbar_chart([(f"x{i}", i) for i in range(45)], title="t", locale="en")
    assert "… and 5 more" in many and "Horizontal bar chart" in many
    line = charts.line_chart(["2024", "2025"], {"Seed": [1, 2]}, title="t", locale="en")
    assert "Line Seed." in line
    assert "No data yet." in charts.empty_chart("t", locale="en")
