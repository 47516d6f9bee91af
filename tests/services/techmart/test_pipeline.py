"""The deals pipeline's rules on plain data."""
from datetime import date

import pytest

from ecosystem.services.techmart.pipeline import NEXT, ORDER, move_refusal

FORMS = ("licence", "assignment")
TODAY = date(2026, 3, 1)


def test_each_state_leads_only_forward_or_to_abandoned():
    for i, state in enumerate(ORDER[:-1]):
        assert ORDER[i + 1] in NEXT[state]
        assert "abandoned" in NEXT[state]
    assert NEXT["completed"] == () and NEXT["abandoned"] == ()
    assert move_refusal("negotiation", "interest") == "bad_step"
    assert move_refusal("interest", "contract") == "bad_step"
    assert move_refusal("interest", "negotiation") is None  # the NDA may be skipped


@pytest.mark.parametrize("kwargs, code", [
    ({}, "value_required"),
    ({"value": -1, "form": "licence", "day": TODAY}, "value_required"),
    ({"value": 5, "form": "gift", "day": TODAY}, "form_required"),
    ({"value": 5, "form": "licence"}, "date_required"),
    ({"value": 5, "form": "licence", "day": date(2026, 3, 2)}, "date_in_future"),
    ({"value": 5, "form": "licence", "day": TODAY}, None),
])
def test_a_contract_needs_value_form_and_a_past_date(kwargs, code):
    assert move_refusal("negotiation", "contract", today=TODAY, forms=FORMS, **kwargs) == code


def test_abandoning_needs_a_reason():
    assert move_refusal("nda", "abandoned", reason="  ") == "reason_required"
    assert move_refusal("nda", "abandoned", reason="Giá vượt ngân sách") is None
