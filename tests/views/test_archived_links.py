"""Related archived organisations and people are names with an "archived" badge for those who may not open
them (their pages answer 403), and links for staff."""
from ecosystem.extensions import db
from ecosystem.models import Relationship
from tests import factories as f


def _world():
    startup = f.make_org("Startup Còn Hoạt Động")
    gone = f.make_org("Vườn Ươm Đã Đóng", kind="incubator", status="archived")
    retired = f.make_person("Cố Vấn Đã Nghỉ", archived=True)
    db.session.add_all([Relationship(kind="resident", source_org_id=startup.id, target_org_id=gone.id),
                        Relationship(kind="mentor", source_person_id=retired.id, target_org_id=startup.id)])
    db.session.commit()
    return startup, gone, retired


def test_a_member_sees_archived_relations_as_text_with_a_badge(client, login_as):
    startup, gone, retired = _world()
    login_as(f.make_user("startup"))
    page = client.get(f"/orgs/{startup.slug}").get_data(as_text=True)
    assert f'href="/orgs/{gone.slug}"' not in page and f'href="/people/{retired.id}"' not in page
    assert "Vườn Ươm Đã Đóng <span class=\"badge archived\">Đã lưu trữ</span>" in page
    assert "Cố Vấn Đã Nghỉ <span class=\"badge archived\">Đã lưu trữ</span>" in page
    assert client.get(f"/orgs/{gone.slug}").status_code in (403, 404)


def test_staff_still_follow_the_link(client, login_as):
    startup, gone, retired = _world()
    login_as(f.make_user("officer"))
    page = client.get(f"/orgs/{startup.slug}").get_data(as_text=True)
    assert f'href="/orgs/{gone.slug}"' in page and f'href="/people/{retired.id}"' in page
    assert "badge archived" in page
