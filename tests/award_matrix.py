"""Award objects for the access matrix, tied to its standard cast (startup manages startup A, a judge login)."""
from datetime import date

from flask import current_app

from ecosystem.extensions import db
from ecosystem.models import Nomination, NominationDocument
from ecosystem.services.awards import judging
from ecosystem.services.awards.catalogue import install_setup
from ecosystem.services.awards.results import publish_round
from ecosystem.services.awards.staff import add_staff
from ecosystem.services.platform.uploads import inspect_upload, write_upload
from tests.award_world import SCREENING_GOOD, live_setup, make_judge
from tests import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _entry(cycle, org, user, status: str) -> Nomination:
    """An entry put straight into a state (the matrix tests access, not the submission rules)."""
    category = next(c for c in cycle.categories if c.code == "startup")
    entry = Nomination(cycle_id=cycle.id, category_id=category.id, title=f"Hồ sơ {org.name} ({status})",
                       entrant_org_id=org.id, created_by_id=user.id, status=status, answers={})
    db.session.add(entry)
    db.session.flush()
    return entry


def build_award_matrix(world: dict) -> None:
    from ecosystem.services.directory.records import find_org_by_slug
    users = world["users"]
    today = date.today()
    startup_a, startup_b = find_org_by_slug(world["startup_a_slug"]), find_org_by_slug(world["startup_b_slug"])
    officer = users["officer"]

    live = install_setup(live_setup(today, "matrix-live"), officer)
    screening = live.rounds[0]
    category = next(c for c in live.categories if c.code == "startup")
    entry = _entry(live, startup_a, users["startup"], "accepted")
    draft = _entry(live, startup_a, users["startup"], "draft")
    judge_person = f.make_person("Giám khảo Ma Trận", is_judge=True)
    users["judge"].person_id = judge_person.id
    other_person, _ = make_judge("Giám khảo Khác")
    third_person, _ = make_judge("Giám khảo Thứ Ba")  # k = 3: a round never opens short of judges
    judging.set_panel(screening, category, [judge_person.id, other_person.id, third_person.id], officer)
    judging.confirm_assignment(screening, officer)
    judging.open_round(screening, officer)
    mine = next(a for a in judging.round_assignments(screening) if a.judge_person_id == judge_person.id)
    other = next(a for a in judging.round_assignments(screening) if a.judge_person_id == other_person.id)
    info = inspect_upload(PDF, "ho-so.pdf", 10_000)
    write_upload(current_app.config["UPLOAD_ROOT"], info, PDF)
    document = NominationDocument(nomination_id=entry.id, storage_name=info.storage_name, original_name="ho-so.pdf",
                                  mime=info.mime, size=info.size, sha256=info.sha256)
    db.session.add(document)

    secretary = add_staff(live, "secretariat", officer, person_id=f.make_person("Thư Ký Ma Trận").id)

    done = install_setup(live_setup(today, "matrix-done"), officer)
    done_round = done.rounds[0]
    done_category = next(c for c in done.categories if c.code == "startup")
    _entry(done, startup_b, users["startup_b"], "accepted")
    scorers = [make_judge(f"Giám khảo Đã Chấm {i}") for i in (1, 2, 3)]
    judging.set_panel(done_round, done_category, [p.id for p, _ in scorers], officer)
    judging.confirm_assignment(done_round, officer)
    judging.open_round(done_round, officer)
    for a in judging.round_assignments(done_round):
        judge_user = next(u for p, u in scorers if p.id == a.judge_person_id)
        judging.save_sheet(a, judge_user, SCREENING_GOOD, {"team": "Nhận xét kín"}, submit=True)
    judging.close_round(done_round, officer)
    publish_round(done_round, officer)
    db.session.flush()
    world.update(award_code=live.code, award_done_code=done.code, award_entry_id=entry.id,
                 award_draft_id=draft.id, award_document_id=document.id, award_assignment_id=mine.id,
                 award_other_assignment_id=other.id, award_staff_id=secretary.id)
