"""The VND input: thousands groups in either style, never a decimal fraction."""
import pytest
from werkzeug.datastructures import MultiDict

from ecosystem.forms.directory import PersonForm


@pytest.mark.parametrize("typed, value", [("1.500.000", 1_500_000), ("1,500,000", 1_500_000),
                                          ("1500000", 1_500_000), ("2 000 000 ₫", 2_000_000),
                                          ("", None)])
def test_accepted_amounts(app, typed, value):
    with app.test_request_context():
        form = PersonForm(MultiDict({"full_name": "A", "ticket_min_vnd": typed,
                                     "contact_visibility": "public"}))
        form.validate()
        assert "ticket_min_vnd" not in form.errors and form.ticket_min_vnd.data == value


@pytest.mark.parametrize("typed", ["1,5", "1.50", "12,34,567", "-5", "abc"])
def test_refused_amounts(app, typed):
    with app.test_request_context():
        form = PersonForm(MultiDict({"full_name": "A", "ticket_min_vnd": typed,
                                     "contact_visibility": "public"}))
        assert not form.validate() and "ticket_min_vnd" in form.errors
