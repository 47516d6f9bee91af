"""Every refusal has one shape: a code, keyword params, and the field among them."""
import pytest

from ecosystem.services.platform.errors import DomainError


class ThingError(DomainError):
    pass


def test_code_and_params_are_kept_and_a_param_may_be_called_code():
    error = ThingError("setup_exists", code="HOI-THI-2025", field="code")
    assert (error.code, error.params) == ("setup_exists", {"code": "HOI-THI-2025", "field": "code"})
    assert error.field == "code" and ThingError("x").field is None


def test_subclasses_are_caught_as_domain_errors_and_read_well_in_a_log():
    with pytest.raises(DomainError) as caught:
        raise ThingError("year_taken", year=2024)
    assert str(caught.value) == "year_taken: year=2024"
    assert str(ThingError("closed")) == "closed" and repr(ThingError("closed")) == "ThingError('closed')"
