"""The December reminder: officers must send the annual report to the DOST before 31/12."""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import SentReminder
from ecosystem.services.accounts.users import officers
from ecosystem.services.platform.notifications import notify


def remind_annual_report(today: date | None = None) -> int:
    """In December, tell every officer once per scheduled day; returns how many were told."""
    today = today or local_today()
    if today.month != 12:
        return 0
    key = f"reports.annual:{today.year}:{today:%m-%d}"
    try:
        with db.session.begin_nested():
            db.session.add(SentReminder(key=key))
    except IntegrityError:
        return 0  # this day's reminder already went out
    days_left = (date(today.year, 12, 31) - today).days

    def compose():
        return (_("Nhắc lập báo cáo năm %(y)s", y=today.year),
                _("Báo cáo năm %(y)s về hệ sinh thái đổi mới sáng tạo phải gửi Sở KH&CN trước 31/12 "
                  "(còn %(n)s ngày). Mở trang báo cáo để lập bảng số liệu và tải tệp XLSX.",
                  y=today.year, n=days_left))

    return len(notify(officers(), "reports.annual", compose, link=f"/reports/annual/{today.year}"))
