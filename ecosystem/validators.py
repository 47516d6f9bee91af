"""Checks on Vietnamese identifiers that forms, imports and services must agree on."""
import re

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
