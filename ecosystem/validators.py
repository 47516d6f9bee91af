"""Checks on what comes from outside (tax codes, numbers, links) that forms, imports, views and
services must agree on."""
import re
from urllib.parse import urlsplit

_TAX_CODE = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code_check_digit(first_nine: str) -> int | None:
    """The 10th digit of a mã số doanh nghiệp; None when no digit can satisfy the rule."""
    remainder = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS)) % 11
    digit = 10 - remainder
    return None if digit == 10 else digit


def is_valid_tax_code(code: str | None) -> bool:
    """A 10-digit enterprise code with a correct check digit, or 10-3 for a branch (chi nhánh)."""
    if not code:
        return False
    match = _TAX_CODE.match(code.strip())
    if not match:
        return False
    main = match.group(1)
    branch = match.group(2)
    if branch == "000":
        return False
    return tax_code_check_digit(main[:9]) == int(main[9])


def normalize_tax_code(code: str | None) -> str | None:
    """Strip spaces so '0312 345 678' and '0312345678' are one key; None when empty."""
    if code is None:
        return None
    code = re.sub(r"\s+", "", code)
    return code or None


MAX_ID = 2**31 - 1  # PostgreSQL INTEGER, the type of every primary key
# The largest amount of đồng anyone may type or import: far past any fund, and a total of
# thousands of them still fits the BIGINT money columns (and SQLite's 64-bit sum).
MONEY_MAX = 999_999_999_999_999
_ASCII_DIGITS = re.compile(r"[0-9]{1,18}")
# Control characters, spaces and backslashes: browsers drop or reinterpret them inside a URL
# ("/\t/evil.example" is followed as "//evil.example"), so no link or redirect may hold one.
_URL_UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\\\u2028\u2029]")
WEB_SCHEMES = ("http", "https")


def parse_int(text, low: int = 0, high: int = MAX_ID) -> int | None:
    """ASCII digits within [low, high], else None: '²'.isdigit() holds but int('²') fails, and a
    30-digit id overflows the database."""
    if not isinstance(text, str) or not _ASCII_DIGITS.fullmatch(text.strip()):
        return None
    value = int(text)
    return value if low <= value <= high else None


def is_web_url(value, allow_mailto: bool = False) -> bool:
    """An absolute http(s) address with a host (or mailto: where an e-mail is meant): the only
    external links the app accepts, stores or renders live; never javascript:, data: or vbscript:."""
    if not isinstance(value, str) or not value or _URL_UNSAFE.search(value):
        return False
    try:
        parts = urlsplit(value)
        scheme = parts.scheme.lower()
        if scheme in WEB_SCHEMES:
            return bool(parts.hostname)
    except ValueError:
        return False
    return allow_mailto and scheme == "mailto" and "@" in parts.path


def normalise_web_url(text: str | None) -> str | None:
    """A typed address as stored: 'congty.vn' gains https://; None when it is not an http(s) link
    (javascript:, data:, a control character …)."""
    text = (text or "").strip()
    if not text:
        return None
    if not re.match(r"^[a-z][a-z0-9+.-]*:", text, re.IGNORECASE):
        text = "https://" + text
    return text if is_web_url(text) else None


def is_local_path(value) -> bool:
    """A path on this site ('/orgs/x?page=2'): no scheme, no host, nothing a browser would strip."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return False
    if _URL_UNSAFE.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc
