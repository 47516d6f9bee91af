"""The ecosystem's one clock: "today" and deadlines are days in Config.TIMEZONE, whatever the server's zone.

Top level (not under services/) so models and forms may use it too; the only module that reads the
wall clock, which tests/test_layout.py checks. Pure rule modules take `today` as a parameter instead.
"""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from ecosystem.config import Config

LOCAL_TZ = ZoneInfo(Config.TIMEZONE)


def utcnow() -> datetime:
    """Timezone-aware now; stored as UTC and shown in LOCAL_TZ."""
    return datetime.now(timezone.utc)


def local_now() -> datetime:
    """Aware now in LOCAL_TZ: the time on an officer's wall clock."""
    return utcnow().astimezone(LOCAL_TZ)


def local_today() -> date:
    """Today in LOCAL_TZ: the day an officer would write on a document."""
    return local_now().date()
