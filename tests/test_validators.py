"""The pure checks on outside input: bounded integers, web links and same-site paths."""
import pytest

from ecosystem.validators import MAX_ID, is_local_path, is_web_url, parse_int


@pytest.mark.parametrize("text, expected", [
    ("42", 42), (" 7 ", 7), ("0", 0), (str(MAX_ID), MAX_ID),
    (str(MAX_ID + 1), None), ("9" * 30, None), ("²", None), ("١٢", None), ("-1", None),
    ("1e5", None), ("", None), ("abc", None), (None, None),
])
def test_parse_int_takes_ascii_digits_within_bounds(text, expected):
    assert parse_int(text) == expected


def test_parse_int_honours_the_range_asked():
    assert parse_int("1999", 2000, 2100) is None
    assert parse_int("2100", 2000, 2100) == 2100


@pytest.mark.parametrize("url", [
    "https://example.vn", "http://example.vn/a?b=c#d", "HTTPS://EXAMPLE.VN/x",
    "https://meet.example.vn/room-1",
])
def test_web_links_are_http_or_https_with_a_host(url):
    assert is_web_url(url)


@pytest.mark.parametrize("url", [
    "javascript:alert(4)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "https:", "https://", "//evil.example", "/orgs/x", "example.vn", "ftp://example.vn",
    "https://exa mple.vn", "https://example.vn\\@evil.example", "\x00https://example.vn",
    "mailto:lienhe@example.vn", "", None,
])
def test_anything_else_is_not_a_web_link(url):
    assert not is_web_url(url)


def test_mailto_only_where_an_email_is_meant():
    assert is_web_url("mailto:lienhe@example.vn", allow_mailto=True)
    assert not is_web_url("mailto:nobody", allow_mailto=True)
    assert not is_web_url("javascript:alert(1)", allow_mailto=True)


@pytest.mark.parametrize("path, ok", [
    ("/", True), ("/orgs/abc?page=2", True), ("/events/?q=h%E1%BB%99i", True),
    ("//evil.example", False), ("/\t/evil.example", False), ("/%09/evil.example", True),
    ("/\\evil.example", False), ("/\n/x", False), ("/ /evil.example", False),
    ("https://evil.example", False), ("javascript:alert(1)", False), ("orgs", False), ("", False),
    ("/\x7f/evil", False),
])
def test_local_paths_refuse_hosts_schemes_and_characters_a_browser_drops(path, ok):
    assert is_local_path(path) is ok
