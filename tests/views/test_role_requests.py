"""Mentor, investor, judge and coordinator are asked for at sign-up and granted by staff on the
admin users page; officers also verify plain accounts as members."""
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import OutboxMessage, RoleRequest, User
from tests import factories as f
from tests.conftest import login

SIGN_UP = {"full_name": "Trần Văn Xin Vai", "password": "mat-khau-dai-1",
           "confirm": "mat-khau-dai-1", "accept": "y"}


def _sign_up(app, email: str, account_type: str) -> User:
    client = app.test_client()
    assert client.post("/register", data={**SIGN_UP, "email": email,
                                          "account_type": account_type}).status_code == 302
    return db.session.scalar(select(User).where(User.email == email))


def test_requested_roles_are_not_granted_at_sign_up(app):
    for role in ("mentor", "investor", "judge", "coordinator"):
        user = _sign_up(app, f"{role}@example.vn", role)
        assert user.role_codes == set()
        asked = db.session.scalar(select(RoleRequest).where(RoleRequest.user_id == user.id))
        assert (asked.role, asked.status) == (role, "pending")
    client = app.test_client()
    login(client, "judge@example.vn", "mat-khau-dai-1")
    assert "đang chờ cán bộ Sở duyệt" in client.get("/welcome").get_data(as_text=True)


def test_an_officer_approves_or_declines_on_the_users_page(app, login_as):
    mentor = _sign_up(app, "mentor@example.vn", "mentor")
    judge = _sign_up(app, "judge@example.vn", "judge")
    officer = f.make_user("officer")
    db.session.commit()
    client = login_as(officer)
    page = client.get("/admin/users").get_data(as_text=True)
    assert "mentor@example.vn" in page and "Vai trò chờ duyệt" in page
    asks = {r.user_id: r.id for r in db.session.scalars(select(RoleRequest))}
    assert client.post(f"/admin/role-requests/{asks[mentor.id]}/approve").status_code == 302
    assert client.post(f"/admin/role-requests/{asks[judge.id]}/decline").status_code == 302
    db.session.expire_all()
    assert mentor.role_codes == {"mentor"} and judge.role_codes == set()
    assert judge.person.is_judge is False
    told = db.session.scalars(select(OutboxMessage.subject).where(
        OutboxMessage.to == "mentor@example.vn")).all()
    assert any("đã được duyệt" in subject for subject in told)
    again = client.post(f"/admin/role-requests/{asks[judge.id]}/approve", follow_redirects=True)
    assert "đã được xử lý trước đó" in again.get_data(as_text=True)
    db.session.expire_all()
    assert judge.role_codes == set()


def test_an_officer_verifies_a_member(app, login_as):
    member = f.make_user()
    officer = f.make_user("officer")
    db.session.commit()
    assert login_as(officer).post(f"/admin/users/{member.id}/verify").status_code == 302
    db.session.expire_all()
    assert member.verified_at is not None and member.verified_by_id == officer.id


def test_an_officer_cannot_edit_roles_directly(app, login_as):
    """Granting any role by hand (admin, officer …) stays with admins."""
    officer = f.make_user("officer")
    db.session.commit()
    client = login_as(officer)
    assert client.get(f"/admin/users/{officer.id}").status_code == 403
    assert "Sửa vai trò" not in client.get("/admin/users").get_data(as_text=True)
