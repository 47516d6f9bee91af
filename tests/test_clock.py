"""One clock: on a server whose own zone is UTC, "today" is still the Hồ Chí Minh City day."""
import os
import subprocess
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ecosystem import clock
from ecosystem.models import Relationship

NEW_YEARS_EVE_2330_UTC = datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc)  # 06:30 on 1 January in HCMC


@pytest.fixture(params=["UTC", "America/Los_Angeles"])
def server_at_2330_utc(request, monkeypatch):
    """The server's own zone is `param` and its clock says 23:30 UTC on New Year's Eve."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    monkeypatch.setattr(clock, "LOCAL_TZ", ZoneInfo("Asia/Ho_Chi_Minh"))
    monkeypatch.setattr(clock, "utcnow", lambda: NEW_YEARS_EVE_2330_UTC)
    yield
    monkeypatch.undo()
    time.tzset()


def test_at_2330_utc_it_is_already_the_next_morning_in_ho_chi_minh_city(server_at_2330_utc):
    assert clock.local_now().replace(tzinfo=None) == datetime(2026, 1, 1, 6, 30)
    assert clock.local_today() == date(2026, 1, 1)


def test_a_relationship_that_ended_yesterday_local_time_is_no_longer_active(server_at_2330_utc):
    assert not Relationship(kind="mentor", ended_on=date(2025, 12, 31)).active
    assert Relationship(kind="mentor", ended_on=date(2026, 1, 1)).active


@pytest.mark.parametrize("override, zone", [(None, "Asia/Ho_Chi_Minh"), ("Europe/Paris", "Europe/Paris")])
def test_the_zone_is_named_once_in_config_and_read_by_the_clock_and_babel(override, zone):
    env = {k: v for k, v in os.environ.items() if k != "ECOSYSTEM_TIMEZONE"}
    if override:
        env["ECOSYSTEM_TIMEZONE"] = override
    script = ("from ecosystem import clock; from ecosystem.config import Config; "
              "print(clock.LOCAL_TZ.key, Config.TIMEZONE, Config.BABEL_DEFAULT_TIMEZONE)")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                         check=True, cwd=Path(__file__).parent.parent)
    assert out.stdout.split() == [zone, zone, zone]
