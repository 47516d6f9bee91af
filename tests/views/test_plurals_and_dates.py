"""Counts with a noun go through Babel's plural forms ("1 step", "2 steps"); dates in the reader's format."""
from datetime import date

from flask import render_template_string
from flask_babel import force_locale


def test_counts_take_the_right_english_form(app):
    template = ('{{ ngettext("%(num)s bước", "%(num)s bước", n) }} | '
                '{{ ngettext("%(num)s tổ chức", "%(num)s tổ chức", n, num=n|number) }}')
    with app.test_request_context("/"):
        with force_locale("en"):
            assert render_template_string(template, n=1) == "1 step | 1 organisation"
            assert render_template_string(template, n=2) == "2 steps | 2 organisations"
            assert render_template_string(template, n=12345) == "12345 steps | 12,345 organisations"
        with force_locale("vi"):
            assert render_template_string(template, n=1) == "1 bước | 1 tổ chức"


def test_the_pager_counts_results_in_the_right_form(app):
    class Page:
        pages, page, has_prev, has_next, total = 2, 1, False, True, 1
    macro = '{% from "_macros.html" import pager %}{{ pager(page, "orgs.index") }}'
    with app.test_request_context("/orgs/"):
        with force_locale("en"):
            assert "1 result<" in render_template_string(macro, page=Page)
            Page.total = 31
            assert "31 results<" in render_template_string(macro, page=Page)


def test_days_are_shown_in_the_readers_format_also_from_iso_strings(app):
    from ecosystem.formatting import format_day
    with app.test_request_context("/"):
        with force_locale("en"):
            assert format_day("2024-03-05") == format_day(date(2024, 3, 5)) == "05 Mar 2024"
        with force_locale("vi"):
            assert format_day("2024-03-05") == "05/03/2024"
            assert format_day(None) == "" and format_day("") == ""
        html = render_template_string('{{ "2024-03-05"|day }}')
        assert "2024-03-05" not in html
