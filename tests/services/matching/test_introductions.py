"""Warm introductions: double opt-in, every step notified, privacy until both accept, then an edge."""
import pytest

from ecosystem.extensions import db
from ecosystem.models import Introduction, Notification
from ecosystem.services.matching import introductions as service
from ecosystem.services.matching.graph_store import fresh_graph
from ecosystem.services.matching.suggestions import MatchError
from tests.factories import make_person
from tests.matching.world import build_world, request_ctx  # noqa: F401

pytestmark = pytest.mark.usefixtures("request_ctx")


def ask(w, **kw):
    """Nông Sản Xanh asks the club (its coordinator answers) to introduce it to Anh Minh."""
    intro = service.request_introduction(w.startup, ("person", w.minh.id), ("org", w.club.id),
                                         w.startup_user, "Xin được giới thiệu", **kw)
    db.session.commit()
    return intro


def told(user, kind):
    return db.session.query(Notification).filter_by(user_id=user.id, kind=kind).count()


def test_double_opt_in_then_contact_details_and_an_edge(app):
    w = build_world()
    intro = ask(w)
    assert intro.status == "requested" and told(w.coordinator, "intro.asked") == 1
    assert told(w.minh_user, "intro.forwarded") == 0  # the target hears nothing yet
    assert [h["kind"] for h in intro.path] == ["club_member", "club_member"]
    assert service.contact_details(intro, w.startup_user) is None
    with pytest.raises(MatchError):
        service.decide(intro, w.minh_user, True)  # not the target's turn
    service.decide(intro, w.coordinator, True, "Rất sẵn lòng")
    db.session.commit()
    assert intro.status == "forwarded" and told(w.minh_user, "intro.forwarded") == 1
    assert service.contact_details(intro, w.startup_user) is None
    assert service.contact_details(intro, w.minh_user) is None
    service.decide(intro, w.minh_user, True)
    db.session.commit()
    assert intro.status == "accepted" and told(w.startup_user, "intro.accepted") == 1
    assert service.contact_details(intro, w.startup_user) == {
        "name": "Phạm Văn Minh", "email": "minh@example.vn", "phone": "0912 345 678"}
    assert service.contact_details(intro, w.minh_user)["name"] == "Nông Sản Xanh"
    assert service.contact_details(intro, w.coordinator) is None  # the connector never does
    with fresh_graph() as graph:
        kinds = [t.kind for t in graph.ties(("org", w.startup.id)) if t.target == ("person", w.minh.id)]
    assert kinds == ["introduced"]


def test_declines_end_the_request_and_tell_the_startup(app):
    w = build_world()
    intro = ask(w)
    service.decide(intro, w.coordinator, False)
    db.session.commit()
    assert intro.status == "connector_declined" and told(w.startup_user, "intro.declined") == 1
    with pytest.raises(MatchError):
        service.decide(intro, w.minh_user, True)
    second = ask(w)  # a declined request does not block a new one
    service.decide(second, w.coordinator, True)
    service.decide(second, w.minh_user, False)
    db.session.commit()
    assert second.status == "target_declined" and told(w.startup_user, "intro.declined") == 2


def test_requests_are_checked(app):
    w = build_world()
    with pytest.raises(MatchError) as refused:
        service.request_introduction(w.startup, ("person", w.minh.id), ("person", w.lan.id),
                                     w.startup_user)
    assert refused.value.code == "path_gone"  # Lan is not the first hop of any current path
    stranger = make_person("Người Chưa Có Tài Khoản")
    from ecosystem.services.directory.relations import create_relationship
    create_relationship("family", stranger, w.founder, w.officer)
    create_relationship("family", stranger, w.hoa, w.officer)
    db.session.commit()
    with pytest.raises(MatchError) as refused:
        service.request_introduction(w.startup, ("person", w.hoa.id), ("person", w.founder.id),
                                     w.startup_user)
    assert refused.value.code == "connector_unreachable"
    intro = ask(w, idempotency_key="k1")
    assert ask(w, idempotency_key="k1").id == intro.id  # a double click makes one request
    with pytest.raises(MatchError) as refused:
        ask(w)
    assert refused.value.code == "already_requested"
    service.withdraw(intro, w.startup_user)
    db.session.commit()
    assert db.session.get(Introduction, intro.id).status == "withdrawn"
    with pytest.raises(MatchError):
        service.withdraw(intro, w.startup_user)


def test_roles_and_the_list_of_my_introductions(app):
    w = build_world()
    intro = ask(w)
    assert intro.roles_of(w.startup_user) == {"requester"}
    assert intro.roles_of(w.coordinator) == {"connector"}
    assert intro.roles_of(w.minh_user) == {"target"}
    assert intro.roles_of(w.lan_user) == set()
    assert service.introductions_of(w.minh_user) == [intro]
    assert service.introductions_of(w.lan_user) == []
    assert service.parse_key("p:5") == ("person", 5) and service.parse_key("x:1") is None
    assert service.key_text(("org", 7)) == "o:7"
