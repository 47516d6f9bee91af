"""Schemathesis against the generated spec, in-process, on a small seeded world: no 5xx and no
response that breaks its documented schema (bounded examples, derandomised, for both databases)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ecosystem.extensions import db
from ecosystem.services.api.tokens import create_token
from tests import factories as f
from tests.event_factories import make_event, make_registration

MAX_EXAMPLES = 8


def seed_world() -> str:
    """Two startups, a club with an event, a mentor; the token of startup A's member."""
    startup = f.make_org("Startup Thử API")
    f.make_org("Startup Khác API")
    club = f.make_org("CLB API", kind="club")
    f.make_person("Trần Cố Vấn API", mentor_capacity=2)
    member = f.make_user("startup", manages=[startup])
    event = make_event(club, title="Hội thảo API", capacity=2)
    make_registration(event, member)
    _token, raw = create_token(member, "fuzz", ["read", "write"], 30)
    db.session.commit()
    return raw


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "token"])
def test_every_operation_holds_its_schema(app, signed_in):
    raw = seed_world()
    headers = {"Authorization": f"Bearer {raw}"} if signed_in else {}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=[not_a_server_error, response_schema_conformance],
                                   headers=headers)
        try:
            run()
        except Exception as error:  # collect every operation's first failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}: {str(error)[:600]}")
    assert failures == []
