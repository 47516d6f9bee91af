"""Startups' onboarding, uploaded files and the support-request pipeline (issue 3)."""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

# Startup B is archived by a directory case (admin runs first), and members of an archived startup
# may not file requests: so only startup A's member may.
MEMBERS = {"startup"}

CASES = [
    ("GET", "/startups/", EVERYONE),
    ("GET", "/startups/new", SIGNED_IN),
    ("POST", "/startups/new", SIGNED_IN),
    ("GET", "/startups/{startup_a_slug}/profile", STAFF | {"startup"}),
    ("GET", "/startups/{startup_a_slug}/profile/product", STAFF | {"startup"}),
    ("POST", "/startups/{startup_a_slug}/profile/product", STAFF | {"startup"}),
    ("POST", "/startups/{startup_b_slug}/verify", STAFF),
    ("GET", "/files/{support_file_id}", STAFF | {"startup", "mentor"}),
    ("GET", "/support/", SIGNED_IN),
    ("GET", "/support/new", MEMBERS),
    ("POST", "/support/new", MEMBERS),
    ("GET", "/support/{support_assigned_id}", STAFF | {"startup", "mentor"}),
    ("GET", "/support/{support_draft_id}", {"startup"}),
    ("GET", "/support/{support_draft_id}/edit", {"startup"}),
    ("POST", "/support/{support_draft_id}/edit", {"startup"}),
    ("POST", "/support/{support_submitted_id}/do/triage", STAFF),
    ("POST", "/support/{support_assigned_id}/do/start", STAFF | {"mentor"}),
    ("POST", "/support/{support_withdraw_id}/do/withdraw", {"startup"}),
    ("POST", "/support/{support_assigned_id}/comment", STAFF | {"startup", "mentor"}),
    ("POST", "/support/{support_iso_resolved_id}/standard", STAFF | {"mentor"}),
    ("POST", "/support/{support_assigned_id}/standard", set()),  # not a resolved ISO adoption request
    ("GET", "/support/assigned", SIGNED_IN),
    ("GET", "/support/board", STAFF),
    ("GET", "/support/list", STAFF),
    ("GET", "/support/export.csv", STAFF),
    ("GET", "/support/export.xlsx", STAFF),
]


def build(world: dict) -> None:
    """Requests of startup A in several states (one assigned to the mentor) and its pitch deck."""
    from flask import current_app

    from ecosystem.extensions import db
    from ecosystem.models import Organisation
    from ecosystem.models.base import utcnow
    from ecosystem.models.support import SupportRequest, UploadedFile
    from ecosystem.services.platform import uploads
    from ecosystem.services.directory.records import find_org_by_slug

    startup_a = find_org_by_slug(world["startup_a_slug"])
    startup_b = find_org_by_slug(world["startup_b_slug"])
    startup_b.status = "pending"
    mentor_id = world["mentor_person_id"]

    def make(state, **fields):
        fields.setdefault("type_code", "mentoring")
        req = SupportRequest(organisation_id=startup_a.id,
                             title=f"Yêu cầu {state}", state=state,
                             submitted_at=None if state == "draft" else utcnow(), **fields)
        db.session.add(req)
        db.session.flush()
        return req.id

    world["support_assigned_id"] = make("assigned", assignee_person_id=mentor_id)
    world["support_submitted_id"] = make("submitted")
    world["support_withdraw_id"] = make("submitted")
    world["support_draft_id"] = make("draft")
    world["support_iso_resolved_id"] = make("resolved", type_code="iso_adoption", assignee_person_id=mentor_id)

    pdf = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
    info = uploads.inspect_upload(pdf, "pitch.pdf", 10_000)
    uploads.write_upload(current_app.config["UPLOAD_ROOT"], info, pdf)
    row = UploadedFile(storage_name=info.storage_name, original_name=info.original_name,
                       mime=info.mime, size=info.size, sha256=info.sha256, purpose="pitch_deck",
                       organisation_id=startup_a.id)
    db.session.add(row)
    db.session.flush()
    world["support_file_id"] = row.id
    assert isinstance(startup_a, Organisation)
