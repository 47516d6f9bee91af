"""Personal data: the public notice, each person's own data, the admin's requests, log and register."""
from tests.access_cases import EVERYONE, SIGNED_IN

ADMIN = {"admin"}

CASES = [
    ("GET", "/privacy", EVERYONE),
    ("GET", "/privacy?version=2026.1", EVERYONE),
    ("GET", "/me/data", SIGNED_IN),
    ("GET", "/me/data.json", SIGNED_IN),
    ("GET", "/me/data.xlsx", SIGNED_IN),
    ("POST", "/me/data/requests", SIGNED_IN),
    ("POST", "/me/consents/account/withdraw", SIGNED_IN),
    ("GET", "/admin/privacy/requests", ADMIN),
    ("GET", "/admin/privacy/requests?status=all", ADMIN),
    ("GET", "/admin/privacy/requests/{privacy_request_id}", ADMIN),
    ("POST", "/admin/privacy/requests/{privacy_request_id}", ADMIN),
    ("GET", "/admin/privacy/access-log", ADMIN),
    ("GET", "/admin/privacy/register.xlsx", ADMIN),
    ("GET", "/admin/privacy/register.csv", ADMIN),
]


def build(world: dict) -> None:
    """The startup member consented at sign-up and asked for a correction."""
    from ecosystem.services.privacy.consents import record_consent
    from ecosystem.services.privacy.requests import submit_request

    member = world["users"]["startup"]
    record_consent(member, "account", "register")
    world["privacy_request_id"] = submit_request(member, "correct", "Sửa số điện thoại").id
