"""Notifications reach each recipient in their own language, in the bell and by e-mail."""
from flask_babel import gettext as _
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Notification, OutboxMessage
from ecosystem.services.platform.notifications import mark_all_read, notify, unread_count
from tests import factories as f


def test_each_recipient_gets_their_language_once(app):
    vi_user, en_user = f.make_user(locale="vi"), f.make_user(locale="en")
    notify([vi_user, en_user, vi_user], "test", lambda: (_("Đã lưu thay đổi."), _("Đăng xuất")),
           link="/orgs/")
    db.session.commit()
    titles = {n.user_id: n.title for n in db.session.scalars(select(Notification))}
    assert titles[vi_user.id] == "Đã lưu thay đổi."
    assert len(titles) == 2
    mails = list(db.session.scalars(select(OutboxMessage)))
    assert len(mails) == 2 and all("http://127.0.0.1:5000/orgs/" in m.body for m in mails)
    assert unread_count(vi_user.id) == 1
    mark_all_read(vi_user.id)
    assert unread_count(vi_user.id) == 0 and unread_count(en_user.id) == 1


def test_bell_shows_unread_count(client, login_as):
    user = f.make_user()
    notify([user], "test", lambda: ("Có yêu cầu mới", ""), email=False)
    db.session.commit()
    login_as(user)
    page = client.get("/").get_data(as_text=True)
    assert '<span class="count">1</span>' in page
    client.post("/me/notifications/read")
    assert '<span class="count">0</span>' in client.get("/").get_data(as_text=True)


def test_admin_reads_the_outbox(client, login_as):
    user = f.make_user()
    client.post("/password/forgot", data={"email": user.email})
    login_as(f.make_user("admin"))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert user.email in page and "/password/reset/" in page
