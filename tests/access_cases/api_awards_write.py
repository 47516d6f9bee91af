"""The awards API beyond a judge's own sheets: cycles as their page shows them, a nominee's own entries, and the
organisers' set-up, screening, panels, assignment and rounds (objects from tests/award_matrix.py)."""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

V1 = "/api/v1/awards"
LIVE = V1 + "/cycles/{award_code}"
ROUND = LIVE + "/rounds/screening"
NOBODY: set = set()

CASES = [
    ("GET", V1 + "/cycles", EVERYONE),
    ("GET", LIVE, EVERYONE),
    ("POST", LIVE + "/nominations", SIGNED_IN),
    ("GET", V1 + "/nominations/{award_entry_id}", STAFF | {"startup", "judge"}),
    ("GET", V1 + "/nominations/{award_draft_id}", STAFF | {"startup"}),
    ("PATCH", V1 + "/nominations/{award_draft_id}", {"startup"}),
    ("PATCH", V1 + "/nominations/{award_entry_id}", NOBODY),  # submitted: nobody edits it
    ("POST", V1 + "/nominations/{award_draft_id}/submit", {"startup"}),
    ("POST", V1 + "/nominations/{award_entry_id}/submit", NOBODY),
    ("GET", LIVE + "/nominations", STAFF),
    ("POST", V1 + "/cycles", STAFF),
    ("PATCH", LIVE, STAFF),
    ("POST", LIVE + "/rounds", STAFF),
    ("PATCH", ROUND, STAFF),
    ("POST", LIVE + "/categories", STAFF),
    ("PATCH", LIVE + "/categories/startup", STAFF),
    ("PUT", LIVE + "/categories/startup/rubrics/screening", STAFF),
    ("POST", V1 + "/nominations/{award_entry_id}/screening", STAFF),
    ("GET", ROUND + "/panels", STAFF),
    ("PUT", ROUND + "/panels", STAFF),
    ("POST", LIVE + "/conflicts/scan", STAFF),
    ("GET", ROUND + "/assignment", STAFF),
    ("POST", ROUND + "/assignment", STAFF),
    ("POST", ROUND + "/open", STAFF),
    ("POST", ROUND + "/close", STAFF),
    ("POST", ROUND + "/publish", STAFF),
    ("POST", ROUND + "/reopen", STAFF),
    ("GET", ROUND + "/progress", STAFF),
    ("POST", V1 + "/assignments/{award_assignment_id}/reopen", STAFF),
]
CASES += [
    ("POST", V1 + "/nominations/{award_draft_id}/documents", {"startup"}),
    ("GET", V1 + "/documents/{award_document_id}", STAFF | {"startup", "judge"}),
]
CASES += [
    ("GET", LIVE + "/staff", STAFF),
    ("POST", LIVE + "/staff", STAFF),
    ("DELETE", LIVE + "/staff/{award_staff_id}", STAFF),  # a second delete, like a second click, is no error
    ("POST", V1 + "/assignments/{award_assignment_id}/conflict", {"judge"}),
    ("POST", V1 + "/assignments/{award_other_assignment_id}/conflict", NOBODY),  # another judge's entry
]
DONE = V1 + "/cycles/{award_done_code}/rounds/screening"
CASES += [
    ("GET", ROUND + "/votes", STAFF),
    ("PUT", ROUND + "/votes", STAFF),
    ("GET", ROUND + "/results", NOBODY),  # open round: not even organisers see scores
    ("GET", DONE + "/results", STAFF),
]
