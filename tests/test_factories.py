"""The test factories themselves: automatic values never collide, whatever order tests run in."""
from ecosystem.validators import is_valid_tax_code
from tests.factories import valid_tax_code


def test_automatic_tax_codes_are_valid_and_never_repeat():
    """A number without a check digit used to be skipped locally but handed out again by the sequence."""
    codes = [valid_tax_code() for _ in range(300)]
    assert len(set(codes)) == len(codes)
    assert all(is_valid_tax_code(code) for code in codes)
