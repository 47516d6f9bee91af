"""Bad input answers 404 or a clear message, never 500, on SQLite and PostgreSQL alike: huge ids in
any route, junk in any query argument, NUL bytes, over-long values, blank or huge amounts, and
redirect targets that a browser would read as another host."""
import re
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.hardening.stored_values import ValueRefused
from ecosystem.models import FundEntry, LoginAttempt, Organisation
from tests import factories as f
from tests.access_cases import modules
from tests.conftest import login

HUGE = "9" * 30
# Every query argument a view reads (grep request.args), each given junk of two kinds.
QUERY_NAMES = ("page", "per_page", "year", "year_from", "year_to", "month", "as_of", "target", "mentor",
               "organiser", "assignee", "sector", "kind", "status", "q", "sort", "what", "when", "all", "type",
               "category", "find", "source", "place", "ward", "former_district", "next")
JUNK = ({name: HUGE for name in QUERY_NAMES} | {"target": f"p:{HUGE}", "assignee": f"o:{HUGE}"},
        {name: "²" for name in QUERY_NAMES} | {"month": "2024-13", "as_of": "31/02/2024", "source": f"o:{HUGE}"})


def _world():
    from tests.views.test_access_matrix import build_world
    return build_world()


def _get_cases():
    return sorted({template for module in modules() for method, template, _ok in module.CASES
                   if method == "GET" and "/logout" not in template})


def test_huge_ids_in_any_route_are_not_found(app):
    """Werkzeug's int converter is bounded app-wide: no <int:...> route reaches the database."""
    world = _world()
    client = app.test_client()
    login(client, world["users"]["admin"].email)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    checked, wrong = 0, []
    for template in _get_cases():
        if not re.search(r"\{[a-z_]*_id\}", template.split("?")[0]):
            continue  # an id only in the query string: the path alone answers otherwise
        url = re.sub(r"\{[a-z_]*_id\}", HUGE, template.split("?")[0]).format(**world)
        status = client.get(url).status_code
        checked += 1
        if status != 404:
            wrong.append(f"{url} → {status}")
    assert checked > 40 and wrong == []


@pytest.mark.parametrize("role", ["admin", "startup"])
def test_junk_query_arguments_never_answer_500(app, role):
    world = _world()
    client = app.test_client()
    login(client, world["users"][role].email)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    failures = []
    for template in _get_cases():
        base = template.format(**world).split("?")[0]
        for junk in JUNK:
            response = client.get(f"{base}?{urlencode(junk)}")
            if response.status_code >= 500:
                failures.append(f"{base} {junk['page']!r} → {response.status_code}")
    assert failures == []


def test_fund_reports_of_impossible_years_are_not_found(app):
    world = _world()
    client = app.test_client()
    login(client, world["users"]["officer"].email)
    fund = world["fund_a_id"]
    for year in ("0", "1999", "99999", "2147483647"):
        for url in (f"/funds/{fund}/reports/tax/{year}", f"/funds/{fund}/reports/dost/{year}.xlsx"):
            assert client.get(url).status_code == 404, url
        assert client.get(f"/reports/annual?year={year}").status_code in (302, 404)
    assert client.get(f"/funds/{fund}/reports/tax/2023").status_code == 200


def test_a_nul_byte_is_refused_with_a_message_in_a_search_and_a_form(client, login_as):
    user = f.make_user("officer")
    db.session.commit()
    response = client.get("/orgs/?q=a%00b")
    assert response.status_code == 400
    assert "ký tự không hợp lệ (NUL)" in response.get_data(as_text=True)
    login_as(user)
    response = client.post("/orgs/new", data={"name": "Công ty\x00 Rỗng", "kind": "startup"})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Organisation.id))) == 0
    client.post("/lang/en")
    assert "invalid character (NUL)" in client.get("/people/?q=%00").get_data(as_text=True)


def test_the_api_says_why_in_json(client):
    response = client.get("/api/v1/organisations?q=%00")
    assert response.status_code == 400 and "NUL" in response.get_json()["detail"]  # RFC 9457 problem details
    assert response.mimetype == "application/problem+json" and response.get_json()["code"] == "bad_request"


def test_over_long_values_are_refused_before_any_view(client, login_as):
    login_as(f.make_user("officer"))
    response = client.get("/orgs/?" + urlencode({"q": "x" * 2001}))
    assert response.status_code == 400 and "dài quá" in response.get_data(as_text=True)
    response = client.post("/orgs/new", data={"name": "Công ty Dài", "kind": "startup",
                                              "description": "x" * 20001})
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(Organisation.id))) == 0


def test_a_login_email_longer_than_any_address_gets_a_form_message(client):
    response = client.post("/login", data={"email": "a" * 300 + "@example.vn", "password": "x"})
    assert response.status_code == 200 and "Không được dài quá 254 ký tự." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LoginAttempt.id))) == 0


def test_a_value_the_database_would_refuse_is_a_400_naming_the_field(app, client, login_as):
    """The flush check: a form without a Length validator still cannot reach PostgreSQL's
    VARCHAR limit (500) or be kept whole by SQLite."""
    org = f.make_org("Công ty Thật")
    db.session.commit()
    org.name = "x" * 201
    with pytest.raises(ValueRefused) as refused:
        db.session.flush()
    assert (refused.value.table, refused.value.column, refused.value.limit) == ("organisations", "name", 200)
    db.session.rollback()
    org.street = "số 1\x00"
    with pytest.raises(ValueRefused):
        db.session.flush()
    db.session.rollback()
    db.session.add(FundEntry(fund_id=1, kind="usage", amount=2**63))
    with pytest.raises(ValueRefused) as refused:
        db.session.flush()
    assert refused.value.problem == "out_of_range"
    db.session.rollback()


def test_blank_or_huge_amounts_get_a_message(app):
    world = _world()
    client = app.test_client()
    login(client, world["users"]["startup"].email)
    before = db.session.scalar(select(func.count(FundEntry.id)))
    for amount, message in (("   ", "Vui lòng nhập số tiền."),
                            (HUGE, "Số tiền không được vượt quá 999.999.999.999.999 đồng."),
                            ("9" * 5000, "Số tiền phải là số nguyên đồng")):
        response = client.post(f"/funds/{world['fund_a_id']}/usages/new", data={
            "amount": amount, "day": "2023-05-04", "category": "training", "key": "k-" + amount[:3]})
        assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(FundEntry.id))) == before


@pytest.mark.parametrize("url", [
    "/lang/vi?next=/%09/evil.example", "/lang/vi?next=/%0a/evil.example", "/lang/vi?next=%20//evil.example",
    "/lang/vi?next=/\\evil.example", "/lang/vi?next=https://evil.example", "/lang/vi?next=//evil.example",
])
def test_redirects_never_leave_the_site(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_login_and_relationship_redirects_refuse_control_characters(client, login_as):
    user = f.make_user()
    db.session.commit()
    response = client.post("/login?next=/%09/evil.example", data={"email": user.email, "password": f.PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/login?next=/%0d%0aSet-Cookie:x=1").headers["Location"] == "/"
    response = client.post("/relationships/new?next=/%09/evil.example", data={})
    assert response.status_code in (200, 302) and "evil" not in response.headers.get("Location", "")
    assert client.get("/lang/en?next=/orgs/%3Fpage%3D2").headers["Location"] == "/orgs/?page=2"
