"""Award routes: the public, nominees (startup manages startup A), the assigned judge, organisers (staff)."""
from tests.access_cases import EVERYONE, SIGNED_IN, STAFF

LIVE = "/manage/awards/{award_code}"
ROUND = LIVE + "/rounds/screening"
DONE = "/manage/awards/{award_done_code}/rounds/screening"
NOBODY: set = set()

CASES = [
    ("GET", "/awards/", EVERYONE),
    ("GET", "/awards/{award_code}", EVERYONE),
    ("GET", "/awards/{award_done_code}/results/screening", EVERYONE),
    ("GET", "/awards/{award_code}/results/screening", NOBODY),  # not published yet
    ("GET", "/awards/{award_code}/nominate", SIGNED_IN),
    ("POST", "/awards/{award_code}/nominate", SIGNED_IN),
    ("GET", "/awards/mine", SIGNED_IN),
    ("GET", "/awards/nominations/{award_entry_id}", STAFF | {"startup", "judge"}),
    ("GET", "/awards/nominations/{award_draft_id}", STAFF | {"startup"}),
    ("GET", "/awards/nominations/{award_draft_id}/edit", {"startup"}),
    ("POST", "/awards/nominations/{award_draft_id}/edit", {"startup"}),
    ("GET", "/awards/nominations/{award_entry_id}/edit", NOBODY),  # submitted: nobody edits it
    ("POST", "/awards/nominations/{award_draft_id}/documents", {"startup"}),
    ("POST", "/awards/nominations/{award_draft_id}/submit", {"startup"}),
    ("GET", "/awards/documents/{award_document_id}", STAFF | {"startup", "judge"}),
    ("GET", "/judging/", {"judge"}),
    ("GET", "/judging/{award_assignment_id}", {"judge"}),
    ("POST", "/judging/{award_assignment_id}", {"judge"}),
    ("GET", "/judging/{award_other_assignment_id}", NOBODY),  # another judge's sheet
    ("POST", "/judging/{award_assignment_id}/conflict", {"judge"}),
    ("GET", "/manage/awards/", STAFF),
    ("POST", "/manage/awards/install", STAFF),
    ("GET", "/manage/awards/new", STAFF),
    ("POST", "/manage/awards/new", STAFF),
    ("GET", LIVE + "/edit", STAFF),
    ("POST", LIVE + "/edit", STAFF),
    ("GET", LIVE + "/rounds/new", STAFF),
    ("POST", LIVE + "/rounds/new", STAFF),
    ("GET", ROUND + "/edit", STAFF),
    ("POST", ROUND + "/edit", STAFF),
    ("GET", LIVE + "/categories/new", STAFF),
    ("POST", LIVE + "/categories/new", STAFF),
    ("GET", LIVE + "/categories/startup/edit", STAFF),
    ("POST", LIVE + "/categories/startup/edit", STAFF),
    ("GET", LIVE + "/categories/startup/rubric/screening", STAFF),
    ("POST", LIVE + "/categories/startup/rubric/screening", STAFF),
    ("GET", LIVE + "/setup.json", STAFF),
    ("GET", LIVE, STAFF),
    ("POST", "/manage/awards/nominations/{award_entry_id}/screen", STAFF),
    ("GET", LIVE + "/staff", STAFF),
    ("POST", LIVE + "/staff", STAFF),
    ("POST", LIVE + "/staff/{award_staff_id}/remove", STAFF),
    ("GET", ROUND + "/panels", STAFF),
    ("GET", LIVE + "/conflicts", STAFF),
    ("POST", LIVE + "/conflicts/scan", STAFF),
    ("GET", ROUND + "/assignment", STAFF),
    ("POST", ROUND + "/assignment", STAFF),
    ("POST", ROUND + "/state/none", STAFF),
    ("POST", ROUND + "/reopen", STAFF),
    ("GET", ROUND + "/progress", STAFF),
    ("POST", "/manage/awards/assignments/{award_assignment_id}/reopen", STAFF),
    ("GET", ROUND + "/votes", STAFF),
    ("POST", ROUND + "/votes", STAFF),
    ("GET", ROUND + "/results", NOBODY),  # open round: not even organisers see scores
    ("GET", ROUND + "/export/judges.csv", NOBODY),
    ("GET", DONE + "/results", STAFF),
    ("GET", DONE + "/export/nominations.csv", STAFF),
    ("GET", DONE + "/export/criteria.csv", STAFF),
    ("GET", DONE + "/export.xlsx", STAFF),
    ("POST", ROUND + "/panels", STAFF),  # last: an empty post empties the panels
]


def build(world: dict) -> None:
    from tests.award_matrix import build_award_matrix
    build_award_matrix(world)
