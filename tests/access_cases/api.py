"""The JSON API (/api/v1) and the token page: each route × role, with the same answers as the pages.

A POST's empty body is refused with 422 (problem+json) for a caller the policy lets through, and
with 401/403/404 for the others: the policy is decided before the body is read.
"""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

V1 = "/api/v1"

CASES = [
    ("GET", "/api/docs", EVERYONE),
    ("GET", V1 + "/openapi.json", EVERYONE),
    ("GET", "/account/tokens/", SIGNED_IN),
    ("POST", "/account/tokens/", SIGNED_IN),
    ("POST", "/account/tokens/{api_token_id}/revoke", {"admin"}),
    ("GET", V1 + "/organisations?kind=startup&per_page=5", EVERYONE),
    ("POST", V1 + "/organisations", SIGNED_IN),
    ("PATCH", V1 + "/organisations/{startup_a_slug}", STAFF | {"startup"}),
    ("GET", V1 + "/organisations/{startup_a_slug}/relationships", EVERYONE),
    ("GET", V1 + "/people?q=tran", EVERYONE),
    ("GET", V1 + "/people/{mentor_person_id}/relationships", EVERYONE),
    ("GET", V1 + "/events", EVERYONE),
    ("GET", V1 + "/events/{event_id}", EVERYONE),
    ("POST", V1 + "/events/{open_event_id}/registrations", SIGNED_IN),
    ("GET", V1 + "/registrations", SIGNED_IN),
    ("GET", V1 + "/registrations/{registration_id}", STAFF | {"coordinator", "startup"}),
    ("POST", V1 + "/registrations/{spare_registration_id}/cancel", STAFF | {"coordinator", "startup"}),
    ("GET", V1 + "/clubs", EVERYONE),
    ("GET", V1 + "/office-hours", EVERYONE),
    ("GET", V1 + "/matching/introductions", SIGNED_IN),
    ("POST", V1 + "/matching/introductions/{intro_id}/decision", {"coordinator"}),
    ("POST", V1 + "/matching/introductions/{api_intro_id}/withdraw", {"startup"}),
    ("POST", V1 + "/office-hours/{open_slot_id}/booking", {"startup", "startup_b"}),
    ("POST", V1 + "/office-hours/{past_booked_slot_id}/cancel", STAFF | {"mentor", "startup"}),
    ("GET", V1 + "/support-requests", SIGNED_IN),
    ("GET", V1 + "/support-requests?scope=office", STAFF),
    ("POST", V1 + "/support-requests", {"startup"}),
    ("GET", V1 + "/support-requests/{support_assigned_id}", STAFF | {"startup", "mentor"}),
    ("POST", V1 + "/support-requests/{support_submitted_id}/actions", STAFF | {"startup"}),
    ("GET", V1 + "/support-requests/{support_assigned_id}/comments", STAFF | {"startup", "mentor"}),
    ("POST", V1 + "/support-requests/{support_assigned_id}/comments", STAFF | {"startup", "mentor"}),
    ("GET", V1 + "/open-data/certificates", EVERYONE),
    ("GET", V1 + "/open-data/certificates.csv", EVERYONE),
    ("GET", V1 + "/open-data/award-cycles", EVERYONE),
    ("GET", V1 + "/open-data/award-cycles/{award_done_code}/rounds/screening/results", EVERYONE),
    ("GET", V1 + "/open-data/award-cycles/{award_done_code}/rounds/screening/results.csv", EVERYONE),
    ("GET", V1 + "/open-data/award-cycles/{award_code}/rounds/screening/results", set()),
    ("GET", V1 + "/open-data/events", EVERYONE),
    ("GET", V1 + "/open-data/events.csv", EVERYONE),
    ("GET", V1 + "/open-data/dashboard", EVERYONE),
    ("GET", V1 + "/open-data/dashboard.csv", EVERYONE),
    ("GET", "/webhooks/", {"admin", "coordinator", "startup", "startup_b"}),
    ("POST", "/webhooks/", {"admin", "coordinator", "startup", "startup_b"}),
    ("GET", "/webhooks/{webhook_id}", {"admin", "startup"}),
    ("POST", "/webhooks/{webhook_id}/disable", {"admin", "startup"}),
    ("GET", V1 + "/certification/applications", SIGNED_IN),
    ("GET", V1 + "/funds", SIGNED_IN),
    ("GET", V1 + "/funds/{fund_a_id}", STAFF | {"startup"}),
    ("GET", V1 + "/awards/nominations", SIGNED_IN),
    ("GET", V1 + "/awards/assignments", {"judge"}),
    ("GET", V1 + "/awards/assignments/{award_assignment_id}", {"judge"}),
    ("GET", V1 + "/awards/assignments/{award_other_assignment_id}", set()),  # another judge's sheet
    ("POST", V1 + "/awards/assignments/{award_assignment_id}/sheet", {"judge"}),
    ("POST", V1 + "/awards/assignments/{award_other_assignment_id}/sheet", set()),
    ("GET", V1 + "/dashboard/indicators", STAFF),
    ("GET", V1 + "/dashboard/targets", STAFF),
]


def build(world: dict) -> None:
    from ecosystem.extensions import db
    from ecosystem.services.api.tokens import create_token
    from ecosystem.services.api.webhooks import create_webhook
    from ecosystem.services.directory.records import find_org_by_slug
    token, _raw = create_token(world["users"]["admin"], "Thử", ["read"], 30)
    world["api_token_id"] = token.id
    hook = create_webhook(world["users"]["startup"], "https://hooks.example.vn/crm",
                          ["support.request.state_changed"], find_org_by_slug(world["startup_a_slug"]))
    world["webhook_id"] = hook.id
    from ecosystem.models import Introduction, Organisation
    club = db.session.query(Organisation).filter_by(slug=world["club_slug"]).one()
    intro = Introduction(startup_id=find_org_by_slug(world["startup_a_slug"]).id, path=[], status="requested",
                         target_person_id=world["mentor_person_id"], connector_org_id=club.id)
    db.session.add(intro)
    db.session.flush()
    world["api_intro_id"] = intro.id  # its own, so withdrawing it leaves the pages' one pending
    from ecosystem.models import WebhookDelivery
    db.session.add(WebhookDelivery(webhook_id=hook.id, event="support.request.state_changed", payload={},
                                   state="failed", attempts=1, response_code=500, response_excerpt="lỗi"))
