"""Reaching people: preferences, calendar feed, Zalo, unsubscribe, broadcasts, single sign-on."""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

BROADCASTERS = STAFF | {"coordinator"}

CASES = [
    ("GET", "/me/preferences", SIGNED_IN),
    ("POST", "/me/preferences", SIGNED_IN),
    ("POST", "/me/zalo", SIGNED_IN),
    ("POST", "/me/calendar", SIGNED_IN),
    ("POST", "/me/calendar/revoke", SIGNED_IN),
    ("GET", "/unsubscribe/{unsubscribe_token}", EVERYONE),
    ("POST", "/unsubscribe/{unsubscribe_token}", EVERYONE),
    ("GET", "/calendar/{calendar_token}.ics", EVERYONE),
    ("GET", "/broadcasts/", BROADCASTERS),
    ("POST", "/broadcasts/audiences", BROADCASTERS),
    ("POST", "/broadcasts/send", BROADCASTERS),
    ("GET", "/broadcasts/{broadcast_id}", {"admin", "officer", "coordinator"}),
    ("GET", "/login/sso/nowhere", EVERYONE),  # no provider configured: back to the password form
    ("GET", "/login/sso/nowhere/callback", EVERYONE),
    ("POST", "/me/identities/nowhere/link", SIGNED_IN),  # redirects back (no CSRF token in the matrix)
    ("POST", "/me/identities/{identity_id}/unlink", SIGNED_IN),
]


def build(world: dict) -> None:
    """The startup member's unsubscribe link and calendar feed; the coordinator's broadcast to the club."""
    from ecosystem.models import ExternalIdentity
    from ecosystem.services.outreach import broadcasts, calendar_feed
    from ecosystem.services.outreach.unsubscribe import make_token
    from ecosystem.extensions import db

    member, coordinator = world["users"]["startup"], world["users"]["coordinator"]
    world["unsubscribe_token"] = make_token(member.id, "events")
    from tests import factories as f
    world["calendar_token"] = calendar_feed.regenerate(f.make_user("startup"))  # no role's own feed
    club_id = next(iter(coordinator.managed_org_ids))
    audience = broadcasts.save_audience(coordinator, "CLB", "club", club_id)
    sent = broadcasts.send(coordinator, broadcasts.draft(coordinator, audience, "Chào", "Nội dung", None))
    world["broadcast_id"] = sent.id
    identity = ExternalIdentity(user_id=member.id, provider="generic", subject="s-1", how="confirmed")
    db.session.add(identity)
    db.session.flush()
    world["identity_id"] = identity.id
