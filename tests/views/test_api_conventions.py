"""The API's conventions, checked on every GET route of app.url_map (so a new route cannot skip them):
an ETag and a 304 for a matching If-None-Match, Link headers on paged lists, RFC 9457 problem+json
errors with a stable code, and labels in the language the caller asks for."""
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.views.test_access_matrix import ALL_CASES, _login, _sample_path, build_world

V1 = "/api/v1/"
ROOT = Path(__file__).resolve().parents[2]


def _api_get_endpoints(app) -> list[str]:
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.rule.startswith(V1) and "GET" in rule.methods})


def _reads(app) -> dict:
    """endpoint → (url template, a role allowed to read it, the roles allowed), anonymous callers first."""
    adapter = app.url_map.bind("localhost")
    found: dict = {}
    for method, template, allowed in ALL_CASES:
        if method != "GET" or not template.startswith(V1) or not allowed:
            continue
        endpoint, _args = adapter.match(_sample_path(template), method="GET")
        role = "anon" if "anon" in allowed else sorted(allowed)[0]
        if endpoint not in found or role == "anon":
            found[endpoint] = (template, role, allowed)
    return found


class Clients:
    """One signed-in test client per role, made on first use."""

    def __init__(self, app, world):
        self.app, self.world, self.made = app, world, {}

    def __call__(self, role):
        if role not in self.made:
            self.made[role] = self.app.test_client()
            if role != "anon":
                _login(self.made[role], self.world["users"][role])
        return self.made[role]


def _is_problem(response) -> bool:
    body = response.get_json(silent=True) or {}
    return (response.mimetype == "application/problem+json" and body.get("status") == response.status_code
            and bool(re.fullmatch(r"[a-z][a-z0-9_.]*", str(body.get("code", "")))) and "title" in body)


def test_every_api_read_answers_etag_and_304(app):
    world = build_world()
    reads, client = _reads(app), Clients(app, world)
    failures = [f"{endpoint}: no GET case with an allowed role" for endpoint in _api_get_endpoints(app)
                if endpoint not in reads]
    for endpoint, (template, role, _allowed) in sorted(reads.items()):
        url = template.format(**world)
        first = client(role).get(url)
        etag = first.headers.get("ETag")
        if first.status_code != 200 or not etag:
            failures.append(f"{endpoint} {url} as {role}: {first.status_code}, ETag {etag!r}")
            continue
        again = client(role).get(url, headers={"If-None-Match": etag})
        if again.status_code != 304 or again.get_data():
            failures.append(f"{endpoint} {url} as {role}: If-None-Match answered {again.status_code}")
        stale = client(role).get(url, headers={"If-None-Match": '"not-this-one"'})
        if stale.status_code != 200:
            failures.append(f"{endpoint} {url} as {role}: a stale ETag answered {stale.status_code}")
        body = first.get_json(silent=True)
        is_list = isinstance(body, list) or isinstance(body, dict) and isinstance(body.get("items"), list)
        links = first.headers.get("Link", "")
        if is_list and not ('rel="first"' in links and 'rel="last"' in links and "X-Total-Count" in first.headers):
            failures.append(f"{endpoint} {url}: a list without Link headers")
        if endpoint != "api_reference.openapi_json" and "Accept-Language" not in first.headers.get("Vary", ""):
            failures.append(f"{endpoint} {url}: no Vary: Accept-Language")
    assert failures == [], "\n".join(failures)


def test_every_api_read_refuses_with_problem_details(app):
    """A caller the read refuses, a bad token and a missing object all get problem+json with a code."""
    world = build_world()
    reads, client = _reads(app), Clients(app, world)
    failures = []
    for endpoint, (template, role, allowed) in sorted(reads.items()):
        url = template.format(**world)
        if "anon" not in allowed:
            refused = client("anon").get(url)
            if refused.status_code != 401 or not _is_problem(refused):
                failures.append(f"{endpoint} {url} anonymous: {refused.status_code} {refused.mimetype}")
        if endpoint == "api_reference.openapi_json":
            continue  # the public description, outside the API's token gate
        bad_token = client("anon").get(url, headers={"Authorization": "Bearer nonsense"})
        if bad_token.status_code != 401 or not _is_problem(bad_token) or \
                bad_token.get_json()["code"] != "invalid_token":
            failures.append(f"{endpoint} {url} bad token: {bad_token.status_code}")
        if "{" in template.split("?")[0]:
            missing = re.sub(r"\{[a-z_]+\}", "999999", template.split("?")[0])
            answer = client(role).get(missing)
            if answer.status_code not in (403, 404) or not _is_problem(answer):
                failures.append(f"{endpoint} {missing} as {role}: {answer.status_code} {answer.mimetype}")
    assert failures == [], "\n".join(failures)


def test_labels_follow_accept_language(app):
    """The same read in English and Vietnamese: different labels, different ETags, each 304 only for its own."""
    world = build_world()
    client = app.test_client()
    vi = client.get(V1 + "events", headers={"Accept-Language": "vi"})
    en = client.get(V1 + "events", headers={"Accept-Language": "en-GB,en;q=0.9"})
    labels = {item["kind"]: item["kind_label"] for item in en.get_json()["items"]}
    assert labels and labels["workshop"] == "Workshop"
    assert {item["kind_label"] for item in vi.get_json()["items"]} != set(labels.values())
    assert vi.headers["ETag"] != en.headers["ETag"]
    assert client.get(V1 + "events", headers={"Accept-Language": "en",
                                              "If-None-Match": vi.headers["ETag"]}).status_code == 200
    assert client.get(V1 + "events", headers={"Accept-Language": "en",
                                              "If-None-Match": en.headers["ETag"]}).status_code == 304
    assert world  # the cast exists: events of several kinds


def test_unknown_api_path_and_wrong_method_are_problems(client):
    assert _is_problem(client.get(V1 + "no-such-thing"))
    answer = client.delete(V1 + "events")
    assert answer.status_code == 405 and _is_problem(answer)


def _curl_commands(path) -> list[list[str]]:
    """The curl commands of a file's ```sh blocks, continuation lines joined, split as the shell would."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            if line.strip().startswith("curl "):
                commands.append(shlex.split(line, comments=True)[1:])
    return commands


def _run_curl(client, args: list[str], token: str):
    """One documented curl command against the app: its method, headers, body and URL, the token filled in."""
    method, headers, data, url = "GET", {}, None, None
    words = iter(args)
    for word in words:
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(":")
            headers[name] = value.strip().replace("$TOKEN", token).replace("ecot_…", token).replace("…", "-doc")
        elif word == "-d":
            data = next(words)
        elif word.startswith("http"):
            url = word
    assert url is not None, args
    parts = urlsplit(url)
    return client.open(parts.path + (f"?{parts.query}" if parts.query else ""), method=method, headers=headers,
                       data=data), url


@pytest.mark.parametrize("document", ["README.md", "docs/api.md"])
def test_the_documented_curl_examples_work_with_a_token(app, document):
    from ecosystem.extensions import db
    from ecosystem.services.api.tokens import create_token
    from tests import factories as f
    org = f.make_org("Startup Alpha", slug="startup-alpha")
    user = f.make_user("startup", manages=[org])
    _token, raw = create_token(user, "README", ["read", "write"], 30)
    db.session.commit()
    commands = _curl_commands(ROOT / document)
    assert any("Authorization: Bearer $TOKEN" in args for args in commands), "an example with a token"
    for args in commands:
        response, url = _run_curl(app.test_client(), args, raw)
        assert 200 <= response.status_code < 300, (url, response.status_code, response.get_data()[:300])
        if "Authorization: Bearer $TOKEN" in args and response.is_json:
            assert response.get_json() is not None
