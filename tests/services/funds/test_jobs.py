"""The warnings job: each warning once, to the enterprise's managers and the officers, in their language."""
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Notification, SentReminder
from ecosystem.services.funds import ledger as service
from ecosystem.services.funds.jobs import warn_deadlines
from tests.factories import make_org, make_user, valid_tax_code


def _setup(proper_share_used: int):
    org = make_org("Công ty Cổ phần Điện Tử Thử", kind="enterprise", tax_code=valid_tax_code())
    owner = make_user("startup", manages=[org], locale="en")
    officer = make_user("officer")
    fund = service.save_fund(org, {"decision_number": "9/QĐ", "decision_date": date(2019, 1, 2)}, owner)
    service.record_appropriation(fund, owner, tax_year=2020, taxable_income=10_000_000_000, rate=Decimal("0.1"),
                                 cit_rate=Decimal("0.2"))  # 1,000,000,000; deadline 31/12/2025
    if proper_share_used:
        service.record_usage(fund, owner, day=date(2021, 3, 1), amount=proper_share_used, category="training")
    return owner, officer


def _titles(user):
    return [n.title for n in db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                                .order_by(Notification.id))]


def test_each_warning_goes_out_once_on_its_day(app):
    owner, officer = _setup(300_000_000)
    sent_on = {}
    day = date(2023, 12, 1)
    while day <= date(2026, 1, 10):
        if warn_deadlines(day):
            sent_on[day] = warn_deadlines(day)  # a second run the same day sends nothing more
        day += timedelta(days=1)
    assert list(sent_on) == [date(2023, 12, 31), date(2024, 12, 31), date(2025, 6, 30), date(2025, 9, 30),
                             date(2026, 1, 1)]
    assert set(sent_on.values()) == {0}
    assert len(db.session.scalars(select(SentReminder)).all()) == 5
    english, vietnamese = _titles(owner), _titles(officer)
    assert len(english) == len(vietnamese) == 5
    assert "24 months left" in english[0]  # the enterprise reads English, the officer Vietnamese
    assert "còn 24 tháng" in vietnamese[0]
    assert "quá hạn" in vietnamese[-1]


def test_no_warning_for_a_compliant_tranche(app):
    _setup(700_000_000)
    assert warn_deadlines(date(2025, 10, 1)) == 0
    assert warn_deadlines(date(2026, 2, 1)) == 0
