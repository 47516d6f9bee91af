"""The demo's awards: the conflicts planted in seeds/demo/relationships.json are found with their paths,
last year's contest is published, this year's is being judged, and the demo judge has sheets to fill."""
import pytest
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import AwardConflict, AwardCycle, AwardResult, Nomination, User
from ecosystem.seeding import load_demo
from ecosystem.services.awards.conflicts import describe_path, names_for
from ecosystem.services.awards.judging import judge_assignments


@pytest.fixture
def demo(app):
    load_demo(app.config["SEEDS_DIR"])
    db.session.commit()
    return {c.code: c for c in db.session.scalars(select(AwardCycle))}


def found_paths(app, cycle) -> set[tuple[str, str]]:
    rows = list(db.session.scalars(select(AwardConflict).join(Nomination).where(Nomination.cycle_id == cycle.id)))
    names = names_for([r.paths for r in rows])
    with app.test_request_context():
        return {(r.judge.full_name, describe_path(r.paths[0], names)) for r in rows}


def test_planted_conflicts_are_found_with_their_paths(app, demo):
    live = [c for c in demo.values() if any(r.status == "open" for r in c.rounds)]
    found = set().union(*(found_paths(app, c) for c in live))
    judges = {judge for judge, _ in found}
    assert {"Nguyễn Phương Vy", "Huỳnh Văn Tường", "Lý Phước Nghĩa"} <= judges
    sentences = {text for _, text in found}
    assert any(s.startswith("Huỳnh Văn Tường đầu tư vào Công ty Cổ phần Vi Mạch Cảm Biến Hạt Sen") for s in sentences)
    assert any(s.startswith("Nguyễn Phương Vy là cố vấn của Công ty Cổ phần AI Tài Liệu Chữ Việt Minh")
               for s in sentences)
    assert any("Lý Phước Nghĩa có quan hệ gia đình với Võ Thảo Khuê" in s for s in sentences)


def test_last_year_is_published_and_this_year_is_being_judged(app, demo):
    statuses = {code: [r.status for r in c.rounds] for code, c in demo.items()}
    past = next(code for code, s in statuses.items() if s == ["published"] * 3)
    assert db.session.scalar(select(AwardResult.id).where(AwardResult.advanced.is_(True)).limit(1))
    assert any(s[0] == "open" for s in statuses.values()) and past
    judge = db.session.scalar(select(User).where(User.email == "judge@demo.sokhcn.vn"))
    open_sheets = [a for a in judge_assignments(judge.person_id) if a.round.status == "open"]
    assert open_sheets and all(a.state == "none" for a in open_sheets)
    conflicted = {(c.judge_person_id, c.nomination_id) for c in db.session.scalars(select(AwardConflict))}
    assert not {(a.judge_person_id, a.nomination_id) for a in open_sheets} & conflicted
