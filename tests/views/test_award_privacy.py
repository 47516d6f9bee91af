"""Privacy as an access matrix: a judge against another judge's scores, on every award page and export
(derived from app.url_map), before and after publication; organisers blind while open; nominees see
feedback without judges' names only once published."""
import io
import itertools
from datetime import date

import openpyxl
import pytest

from ecosystem.extensions import db
from ecosystem.services.awards import judging
from ecosystem.services.awards.exports import KINDS
from ecosystem.services.awards.results import publish_round
from tests.award_world import SCREENING_GOOD, build
from tests.conftest import login

SECRET = "Nhận-xét-kín-của-Lê-Thu-Hà"
PREFIXES = ("awards.", "judging.", "award_admin.", "award_rounds.")

EARLY = "Kiểm thử: khoá sớm"  # the round is closed with sheets missing, on purpose


@pytest.fixture
def world(app):
    w = build(date.today())
    entry_a = w["entries"][0]
    (p1, u1), (p2, u2) = w["judges"][0], w["judges"][1]
    mine = next(a for a in judging.round_assignments(w["round"]) if a.judge_person_id == p1.id
                and a.nomination_id == entry_a.id)
    theirs = next(a for a in judging.round_assignments(w["round"]) if a.judge_person_id == p2.id
                  and a.nomination_id == entry_a.id)
    judging.save_sheet(theirs, u2, {**SCREENING_GOOD, "market": 19}, {"market": SECRET}, submit=True)
    db.session.commit()
    return {**w, "mine": mine, "theirs": theirs, "judge": u1, "other_judge": u2}


def award_urls(app, world) -> list[str]:
    """Every GET route of the awards, with every id it can take in this world."""
    values = {"code": [world["cycle"].code], "round_code": [world["round"].code],
              "nomination_id": [n.id for n in world["entries"]],
              "assignment_id": [world["mine"].id, world["theirs"].id], "kind": list(KINDS),
              "document_id": [], "step": []}
    urls = []
    with app.test_request_context():
        from flask import url_for
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith(PREFIXES) or "GET" not in rule.methods:
                continue
            names = sorted(rule.arguments)
            for combo in itertools.product(*(values[n] for n in names)):
                urls.append(url_for(rule.endpoint, **dict(zip(names, combo))))
    return urls


def text_of(response) -> str:
    """A page or CSV as text; a workbook as the text of all its cells."""
    if response.mimetype.endswith("spreadsheetml.sheet"):
        book = openpyxl.load_workbook(io.BytesIO(response.get_data()))
        return " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value)
    return response.get_data(as_text=True)


def visit(app, user, urls) -> dict[str, tuple[int, str]]:
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return {url: (r.status_code, text_of(r)) for url in urls for r in [client.get(url)]}


def leaks(pages, secret) -> list[str]:
    return [url for url, (_status, body) in pages.items() if secret in body]


def test_a_judge_never_sees_another_judges_scores(app, world):
    urls = award_urls(app, world)
    assert len(urls) > 20
    before = visit(app, world["judge"], urls)
    assert leaks(before, SECRET) == []
    assert before[f"/judging/{world['theirs'].id}"][0] == 403
    assert before[f"/judging/{world['mine'].id}"][0] == 200
    judging.close_round(world["round"], world["officer"], override=EARLY)
    publish_round(world["round"], world["officer"], override=EARLY)
    db.session.commit()
    after = visit(app, world["judge"], urls)
    assert leaks(after, SECRET) == []
    assert after[f"/judging/{world['theirs'].id}"][0] == 403
    assert all(status in (403, 404) for url, (status, _b) in after.items() if url.startswith("/manage/"))


def test_organisers_see_progress_not_scores_while_open(app, world):
    urls = award_urls(app, world)
    officer = world["officer"]
    open_pages = visit(app, officer, urls)
    results = f"/manage/awards/{world['cycle'].code}/rounds/screening/results"
    assert open_pages[results][0] == 403 and leaks(open_pages, SECRET) == []
    progress = open_pages[f"/manage/awards/{world['cycle'].code}/rounds/screening/progress"]
    assert progress[0] == 200 and "Lê Thu Hà" in progress[1]
    judging.close_round(world["round"], officer, override=EARLY)
    db.session.commit()
    closed = visit(app, officer, urls)
    assert closed[results][0] == 200 and "Lê Thu Hà" in closed[results][1]
    for export in ("export/criteria.csv", "export.xlsx"):
        status, body = closed[f"/manage/awards/{world['cycle'].code}/rounds/screening/{export}"]
        assert status == 200 and SECRET in body


def test_nominees_get_feedback_without_names_only_after_publication(app, world):
    owner = world["owners"][0]
    page = f"/awards/nominations/{world['entries'][0].id}"
    body = visit(app, owner, [page])[page][1]
    assert SECRET not in body
    judging.close_round(world["round"], world["officer"], override=EARLY)
    publish_round(world["round"], world["officer"], override=EARLY)
    db.session.commit()
    status, body = visit(app, owner, [page])[page]
    assert status == 200 and SECRET in body and "Giám khảo 1" in body
    assert not any(name in body for name in ("Lê Thu Hà", "Phạm Minh Khoa", "Trần Quốc Bảo"))
    other_owner = world["owners"][1]
    assert visit(app, other_owner, [page])[page][0] == 403
