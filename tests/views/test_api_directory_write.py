"""The directory and matching writes of the JSON API: a token does what its owner may do on the
pages (edit a person, add and end a tie, edit a startup's profile, ask an introduction, read the
startups suggested to them), with the pages' rules, and nothing more."""
from datetime import date, timedelta

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import Introduction, Notification, Person, Relationship
from ecosystem.models.support import StartupExtras
from tests import factories as f
from tests.matching.world import build_world
from tests.views.test_api import bearer, token_for

V1 = "/api/v1"


def api(app, raw, method, url, body=None, **headers):
    return app.test_client().open(url, method=method, json=body, headers={**bearer(raw), **headers})


# --- people ------------------------------------------------------------------------------------

def _mentor():
    sector = f.make_sector("agritech", "Nông nghiệp công nghệ cao", "High-tech agriculture")
    person = f.make_person("Trần Thị Lan Thử", mentor_capacity=2, email="lan@example.vn",
                           contact_visibility="private")
    person.mentor.topics, person.mentor.stages = ["mentoring"], ["seed"]
    user = f.make_user("mentor", person=person)
    return person, user, sector


def test_a_person_edits_their_own_profile_and_keeps_what_they_leave_out(app):
    person, user, sector = _mentor()
    raw = token_for(user, ["read:directory", "write:directory"])
    answer = api(app, raw, "PATCH", f"{V1}/people/{person.id}",
                 {"title": "Cố vấn nông nghiệp", "languages": ["vi", "en"], "sectors": ["agritech"],
                  "mentor_capacity": 4, "ward": "phuong thu dau mot", "city": "TP. Hồ Chí Minh"})
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert person.title == "Cố vấn nông nghiệp" and person.languages == ["vi", "en"]
    assert [s.code for s in person.sectors] == ["agritech"]
    assert person.mentor.capacity == 4 and person.mentor.topics == ["mentoring"]  # the rest kept
    assert person.mentor.available and person.mentor.stages == ["seed"]
    assert person.former_district and "Thủ Dầu Một" in person.ward  # derived as on the form
    assert body["email"] == "lan@example.vn"  # one's own contacts, private to others
    assert body["mentor"]["capacity"] == 4 and body["contact_visibility"] == "private"
    other = f.make_user("startup")
    db.session.commit()
    seen = app.test_client().get(f"{V1}/people/{person.id}", headers=bearer(token_for(other)))
    assert seen.status_code == 200 and "email" not in seen.get_json()


def test_person_edits_follow_the_pages_rules(app):
    person, user, _sector = _mentor()
    stranger = f.make_person("Người Khác Thử")
    staff = f.make_user("officer")
    raw = token_for(user)

    def refused(body, status=422):
        answer = api(app, raw, "PATCH", f"{V1}/people/{person.id}", body)
        assert answer.status_code == status, answer.get_json()
        assert answer.mimetype == "application/problem+json"
        return answer.get_json()["code"]

    assert refused({"email": "not-an-email"}) == "invalid"
    assert api(app, raw, "PATCH", f"{V1}/people/{person.id}", {"email": ""}).status_code == 200
    assert refused({"full_name": "  "}) == "invalid"
    assert refused({"sectors": ["nope"]}) == "unknown_sector"
    assert refused({"ward": "Phường Không Có", "city": "Thành phố Hồ Chí Minh"}) == "ward_unknown"
    assert refused({"is_investor": True, "ticket_min_vnd": 5_000_000, "ticket_max_vnd": 1_000_000}) \
        == "ticket_range"
    assert refused({"ticket_min_vnd": -1}) == "invalid"
    assert refused({"is_judge": True}, 403) == "staff_only"  # only staff set the judge flag
    assert api(app, raw, "PATCH", f"{V1}/people/{stranger.id}", {"title": "x"}).status_code == 403
    reader = token_for(user, ["read"])
    answer = api(app, reader, "PATCH", f"{V1}/people/{person.id}", {"title": "x"})
    assert answer.status_code == 403 and answer.get_json()["code"] == "insufficient_scope"
    assert api(app, token_for(staff), "PATCH", f"{V1}/people/{stranger.id}",
               {"is_judge": True}).status_code == 200
    db.session.expire_all()
    assert db.session.get(Person, stranger.id).is_judge
    assert db.session.get(Person, person.id).title is None  # nothing refused was written
    assert db.session.get(Person, person.id).email is None  # the empty box cleared it


def test_turning_the_mentor_profile_off_and_on_as_the_form_does(app):
    person, user, _sector = _mentor()
    raw = token_for(user)
    assert api(app, raw, "PATCH", f"{V1}/people/{person.id}", {"is_mentor": False}).status_code == 200
    db.session.expire_all()
    mentor = db.session.get(Person, person.id).mentor
    assert not mentor.available and mentor.capacity == 0
    fresh = f.make_person("Người Mới Thử")
    fresh_user = f.make_user("mentor", person=fresh)
    answer = api(app, token_for(fresh_user), "PATCH", f"{V1}/people/{fresh.id}", {"is_mentor": True})
    assert answer.get_json()["mentor"] == {"topics": [], "stages": [], "capacity": 2, "available": True}


# --- relationships -----------------------------------------------------------------------------

def _startup_world():
    org = f.make_org("Startup Quan Hệ Thử")
    other = f.make_org("Startup Khác Thử")
    person = f.make_person("Lê Văn Sáng Thử")
    user = f.make_user("startup", manages=[org])
    return org, other, person, user


def test_a_startup_adds_a_tie_to_itself_once_and_ends_it(app):
    org, _other, person, user = _startup_world()
    raw = token_for(user, ["write:directory"])
    body = {"kind": "founder", "source": {"type": "person", "id": person.id},
            "target": {"type": "organisation", "id": org.id}, "started_on": "2024-01-15",
            "role_title": "CEO"}
    answer = api(app, raw, "POST", f"{V1}/relationships", body, **{"Idempotency-Key": "k1"})
    assert answer.status_code == 201, answer.get_json()
    made = answer.get_json()
    assert made["source"] == {"type": "person", "id": person.id, "name": "Lê Văn Sáng Thử"}
    again = api(app, raw, "POST", f"{V1}/relationships", body, **{"Idempotency-Key": "k1"})
    assert again.headers["Idempotent-Replayed"] == "true" and again.get_json()["id"] == made["id"]
    assert db.session.query(Relationship).filter_by(target_org_id=org.id).count() == 1
    rel = db.session.get(Relationship, made["id"])
    assert rel.role_title == "CEO" and rel.source == "manual" and rel.created_by_id == user.id
    ended = api(app, raw, "POST", f"{V1}/relationships/{rel.id}/end")
    assert ended.status_code == 200 and ended.get_json()["ended_on"] == local_today().isoformat()
    twice = api(app, raw, "POST", f"{V1}/relationships/{rel.id}/end")
    assert twice.status_code == 422 and twice.get_json()["code"] == "already_ended"


def test_ties_follow_the_pages_rules_and_policy(app):
    org, other, person, user = _startup_world()
    raw = token_for(user)

    def post(body):
        return api(app, raw, "POST", f"{V1}/relationships", body)

    ends = {"source": {"type": "person", "id": person.id}, "target": {"type": "organisation", "id": org.id}}
    wrong = post({**ends, "kind": "family"})
    assert wrong.status_code == 422 and wrong.get_json()["code"] == "needs_person"
    backwards = post({**ends, "kind": "founder", "started_on": "2024-02-01", "ended_on": "2024-01-01"})
    assert backwards.status_code == 422 and "ended_on" in backwards.get_json()["errors"]["json"]
    unknown = post({**ends, "kind": "founder", "source": {"type": "person", "id": 999999}})
    assert unknown.status_code == 422 and unknown.get_json()["code"] == "unknown_end"
    foreign = post({"kind": "founder", "source": {"type": "person", "id": person.id},
                    "target": {"type": "organisation", "id": other.id}})
    assert foreign.status_code == 403  # neither end is the caller's, as on the page
    assert db.session.query(Relationship).count() == 0
    reader = token_for(user, ["read"])
    assert api(app, reader, "POST", f"{V1}/relationships", {**ends, "kind": "founder"}).status_code == 403
    theirs = Relationship(kind="employee", source_person_id=person.id, target_org_id=other.id)
    later = Relationship(kind="employee", source_person_id=person.id, target_org_id=org.id,
                         started_on=local_today() + timedelta(days=10))
    db.session.add_all([theirs, later])
    db.session.commit()
    assert api(app, raw, "POST", f"{V1}/relationships/{theirs.id}/end").status_code == 403
    early = api(app, raw, "POST", f"{V1}/relationships/{later.id}/end")
    assert early.status_code == 422 and early.get_json()["code"] == "end_before_start"
    db.session.refresh(theirs)
    db.session.refresh(later)
    assert theirs.ended_on is None and later.ended_on is None


def test_the_page_refuses_to_end_an_ended_tie_too(client, login_as):
    org, _other, person, user = _startup_world()
    rel = Relationship(kind="employee", source_person_id=person.id, target_org_id=org.id,
                       started_on=date(2020, 1, 1), ended_on=date(2021, 1, 1))
    db.session.add(rel)
    db.session.commit()
    login_as(user)
    client.post(f"/relationships/{rel.id}/end")
    db.session.refresh(rel)
    assert rel.ended_on == date(2021, 1, 1)  # history is not rewritten


# --- startup profiles --------------------------------------------------------------------------

def _profiled():
    org, other, _person, user = _startup_world()
    f.make_sector("agritech", "Nông nghiệp công nghệ cao", "High-tech agriculture")
    org.startup.product, org.startup.needs, org.startup.ip_status = "Cảm biến", ["mentoring"], "filed"
    db.session.commit()
    return org, other, user


def test_the_public_sees_the_org_pages_facts_and_members_the_rest(app):
    org, _other, user = _profiled()
    public = app.test_client().get(f"{V1}/startups/{org.slug}/profile")
    assert public.status_code == 200
    data = public.get_json()
    assert data["product"] == "Cảm biến" and data["private"] is False
    assert "needs" not in data and "completeness" not in data and "ip_status" not in data
    mine = api(app, token_for(user, ["read:directory"]), "GET", f"{V1}/startups/{org.slug}/profile")
    data = mine.get_json()
    assert data["private"] and data["needs"] == ["mentoring"] and data["ip_status"] == "filed"
    assert 0 < data["completeness"]["percent"] < 100
    assert {"key", "label", "step", "why"} <= set(data["completeness"]["missing"][0])
    club = f.make_org("CLB Thử", kind="club")
    db.session.commit()
    assert app.test_client().get(f"{V1}/startups/{club.slug}/profile").status_code == 404


def test_members_edit_the_profile_step_by_step_and_keep_the_rest(app):
    org, other, user = _profiled()
    raw = token_for(user, ["write:directory", "read:directory"])
    answer = api(app, raw, "PATCH", f"{V1}/startups/{org.slug}/profile",
                 {"team_size": 6, "founders": [{"name": "Lê Văn Sáng", "role": "CEO"}, {"name": " "}],
                  "stage": "seed", "sectors": ["agritech"], "funding_sought_vnd": 2_000_000_000})
    assert answer.status_code == 200, answer.get_json()
    db.session.expire_all()
    org = db.session.get(type(org), org.id)
    assert org.startup.team_size == 6 and org.stage == "seed" and [s.code for s in org.sectors] == ["agritech"]
    assert db.session.get(StartupExtras, org.id).founders == [{"name": "Lê Văn Sáng", "role": "CEO"}]
    assert org.startup.funding_sought_vnd == 2_000_000_000
    assert org.startup.needs == ["mentoring"] and org.startup.product == "Cảm biến"  # untouched steps kept
    assert org.startup.ip_status == "filed"
    assert answer.get_json()["completeness"]["percent"] > 0

    def refused(body, status=422, token=raw, slug=org.slug):
        response = api(app, token, "PATCH", f"{V1}/startups/{slug}/profile", body)
        assert response.status_code == status, response.get_json()
        return response.get_json()["code"]

    assert refused({"funding_sought_vnd": -5}) == "invalid"
    assert refused({"needs": ["bribery"]}) == "invalid"
    assert refused({"team_size": 0}) == "invalid"
    assert refused({"founders": [{"name": str(n)} for n in range(5)]}) == "invalid"
    assert refused({"stage": "unicorn"}) == "invalid"
    assert refused({"product": "x"}, 403, slug=other.slug) == "forbidden"
    assert refused({"product": "x"}, 403, token=token_for(user, ["read"])) == "insufficient_scope"
    officer = token_for(f.make_user("officer"))
    assert api(app, officer, "PATCH", f"{V1}/startups/{other.slug}/profile",
               {"product": "Ví điện tử"}).status_code == 200
    db.session.expire_all()
    assert db.session.get(type(org), other.id).startup.product == "Ví điện tử"
    assert db.session.get(type(org), org.id).startup.funding_sought_vnd == 2_000_000_000


# --- introductions and suggestions to me -------------------------------------------------------

def test_a_startup_asks_an_introduction_along_a_warm_path(app):
    w = build_world()
    db.session.commit()
    raw = token_for(w.startup_user, ["read:matching", "write:matching"])
    found = api(app, raw, "GET", f"{V1}/matching/startups/{w.startup.slug}/paths?target=p:{w.minh.id}")
    assert found.status_code == 200, found.get_json()
    path = found.get_json()["paths"][0]
    assert path["via"] == f"o:{w.club.id}" and path["reachable"] and path["hops"][0]["text"]
    url = f"{V1}/matching/startups/{w.startup.slug}/introductions"
    body = {"target": f"p:{w.minh.id}", "via": path["via"], "message": "Chào anh"}
    answer = api(app, raw, "POST", url, body, **{"Idempotency-Key": "intro-1"})
    assert answer.status_code == 201, answer.get_json()
    made = answer.get_json()
    assert made["status"] == "requested" and made["target"] == f"p:{w.minh.id}" and made["via"] == path["via"]
    intro = db.session.get(Introduction, made["id"])
    assert intro.requested_by_id == w.startup_user.id and intro.message == "Chào anh"
    assert db.session.query(Notification).filter_by(user_id=w.coordinator.id, kind="intro.asked").count() == 1
    assert db.session.query(Notification).filter_by(user_id=w.minh_user.id).count() == 0  # asked later
    replay = api(app, raw, "POST", url, body, **{"Idempotency-Key": "intro-1"})
    assert replay.get_json()["id"] == made["id"]
    duplicate = api(app, raw, "POST", url, body)
    assert duplicate.status_code == 422 and duplicate.get_json()["code"] == "already_requested"
    assert db.session.query(Introduction).count() == 1


def test_introduction_requests_follow_the_pages_rules(app):
    w = build_world()
    db.session.commit()
    raw = token_for(w.startup_user)
    url = f"{V1}/matching/startups/{w.startup.slug}/introductions"
    gone = api(app, raw, "POST", url, {"target": f"p:{w.minh.id}", "via": f"p:{w.lan.id}"})
    assert gone.status_code == 422 and gone.get_json()["code"] == "path_gone"
    itself = api(app, raw, "POST", url, {"target": f"o:{w.startup.id}", "via": f"o:{w.club.id}"})
    assert itself.status_code == 422 and itself.get_json()["code"] == "self"
    bad = api(app, raw, "POST", url, {"target": "x:1", "via": f"o:{w.club.id}"})
    assert bad.status_code == 422
    outsider = token_for(f.make_user("startup", manages=[w.other]))
    body = {"target": f"p:{w.minh.id}", "via": f"o:{w.club.id}"}
    assert api(app, outsider, "POST", url, body).status_code == 403
    assert api(app, token_for(w.startup_user, ["read"]), "POST", url, body).status_code == 403
    assert api(app, raw, "GET", f"{V1}/matching/startups/{w.startup.slug}/paths?target=p:999999"
               ).status_code == 404
    assert db.session.query(Introduction).count() == 0


def test_mentors_and_investors_read_the_startups_suggested_to_them(app):
    w = build_world()
    db.session.commit()
    lan = api(app, token_for(w.lan_user, ["read:matching"]), "GET", f"{V1}/matching/me/suggestions")
    assert lan.status_code == 200, lan.get_json()
    data = lan.get_json()
    names = [s["name"] for s in data["mentor"]]
    assert "Nông Sản Xanh" in names and data["investors"] == []
    first = data["mentor"][names.index("Nông Sản Xanh")]
    assert first["slug"] == w.startup.slug and first["key"] == f"o:{w.startup.id}" and first["reasons"]
    minh = api(app, token_for(w.minh_user), "GET", f"{V1}/matching/me/suggestions").get_json()
    assert minh["mentor"] is None and minh["investors"][0]["investor_id"] == w.minh.investor.id
    assert "Nông Sản Xanh" in [s["name"] for s in minh["investors"][0]["startups"]]
    fund = api(app, token_for(w.fund_user), "GET", f"{V1}/matching/me/suggestions").get_json()
    assert fund["investors"][0]["name"] == w.fund.name
    refused = api(app, token_for(w.startup_user), "GET", f"{V1}/matching/me/suggestions")
    assert refused.status_code == 403
    startup_side = api(app, token_for(w.startup_user), "GET",
                       f"{V1}/matching/startups/{w.startup.slug}/suggestions").get_json()
    minh_row = next(s for s in startup_side["investors"] if s["name"] == "Phạm Văn Minh")
    assert minh_row["key"] == f"p:{w.minh.id}"  # the key the paths and requests take


def test_the_pages_refuse_the_same_inputs(client, login_as):
    """What the API refuses above, the pages refuse too (same rules, not the API's own)."""
    person, user, _sector = _mentor()
    org, _other, _person, member = _startup_world()
    db.session.commit()
    login_as(user)
    client.post(f"/people/{person.id}/edit", data={
        "full_name": "Trần Thị Lan Thử", "contact_visibility": "private", "is_investor": "y",
        "ticket_min_vnd": "5.000.000", "ticket_max_vnd": "1.000.000"})
    db.session.expire_all()
    assert db.session.get(Person, person.id).investor is None
    client.post("/logout")
    login_as(member)
    client.post(f"/startups/{org.slug}/profile/team", data={"team_size": "0"})
    client.post("/relationships/new", data={"kind": "family", "source": f"p:{_person.id}",
                                             "target": f"o:{org.id}"})
    db.session.expire_all()
    assert db.session.get(type(org), org.id).startup.team_size is None
    assert db.session.query(Relationship).count() == 0
    client.post(f"/startups/{org.slug}/profile/team", data={"team_size": "3"})  # the same page saves
    db.session.expire_all()
    assert db.session.get(type(org), org.id).startup.team_size == 3
