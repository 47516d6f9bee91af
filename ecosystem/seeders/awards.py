"""Demo awards: I-Star 2025 as published rules, last year's provincial contest judged and published in full
(its winners are now past winners), and this year's edition live: entries being screened, the planted
conflicts of the demo graph found with their paths, judges assigned and part of the screening scored.
Invented scores come from a seeded generator, so every load gives the same standings."""
import json
import random
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import select

from ecosystem.clock import local_today
from ecosystem.extensions import db
from ecosystem.models import AwardStaff, Nomination, NominationMember, Relationship, User, UserRole
from ecosystem.models.base import utcnow
from ecosystem.services.awards import judging
from ecosystem.services.accounts.credentials import hash_password
from ecosystem.services.awards.catalogue import install_setup, rubric_of, stage_of
from ecosystem.services.awards.conflicts import scan_conflicts
from ecosystem.services.awards.eligibility import check_eligibility
from ecosystem.services.awards.facts import eligibility_facts
from ecosystem.services.awards.results import publish_round, record_votes
from ecosystem.services.awards.setup_checks import shift_setup

JUDGE_PASSWORD = "demo-judge-2026"
PLANTED = ("ocrchuviet", "vimachhatsen", "taichenhua")  # the demo graph ties these to judges
ANSWERS = {"product": "Sản phẩm đã bán cho khách hàng đầu tiên tại Bình Dương cũ.",
           "innovation": "Ứng dụng công nghệ mới vào một vấn đề quen thuộc của địa phương.",
           "results": "Doanh thu năm gần nhất tăng, có khách hàng trả tiền đều đặn.",
           "impact": "Tạo việc làm tại địa phương, giảm chi phí cho người dùng."}


def _read(ctx, name: str) -> dict:
    return json.loads(Path(ctx.seeds_dir, "awards", name).read_text(encoding="utf-8"))


def _edition(ctx, today, year: int, opens_offset: int) -> dict:
    """The provincial rule set as the `year` edition run by the HCMC DOST after the merger."""
    base = _read(ctx, "binh_duong_startup_2024.json")
    start = today + timedelta(days=opens_offset)
    data = shift_setup(base, (start - date.fromisoformat(base["submission"]["opens"])).days,
                       code=f"bd-startup-{year}", year=year)
    data["name"] = {"vi": f"Cuộc thi Khởi nghiệp đổi mới sáng tạo khu vực Bình Dương cũ năm {year}",
                    "en": f"Innovative Startup Competition, former Bình Dương area, {year}"}
    data["authority"] = "Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh"
    data["legal_basis"] = f"BD_STARTUP_{year}"
    return data


def _judges(ctx) -> list:
    """The demo's judges, each with a login (the demo judge keeps judge@demo.sokhcn.vn)."""
    people = [p for p in ctx.people.values() if p.is_judge]
    for i, person in enumerate(people, start=1):
        if db.session.scalar(select(User.id).where(User.person_id == person.id)) is None:
            user = User(email=f"giamkhao{i}@demo.sokhcn.vn", password_hash=hash_password(JUDGE_PASSWORD),
                        locale="vi", person_id=person.id)
            user.roles = [UserRole(role="judge")]
            db.session.add(user)
    db.session.flush()
    return people


def _entry(cycle, org, creator, status, submitted_at) -> Nomination | None:
    """An entry for a startup (typed in by the secretariat from its paper dossier), if it is eligible."""
    category = next(c for c in cycle.categories if c.code == "startup")
    entry = Nomination(cycle_id=cycle.id, category_id=category.id, title=org.startup.product if org.startup else org.name,
                       summary=org.description, answers=ANSWERS, entrant_org_id=org.id, created_by_id=creator.id,
                       status=status, submitted_at=submitted_at)
    db.session.add(entry)
    db.session.flush()
    founders = db.session.scalars(select(Relationship.source_person_id).where(
        Relationship.target_org_id == org.id, Relationship.kind == "founder",
        Relationship.source_person_id.is_not(None)))
    entry.members = [NominationMember(person_id=p) for p in list(founders)[:3]]
    db.session.flush()
    if check_eligibility(category.eligibility, eligibility_facts(entry, submitted_at.date())):
        db.session.delete(entry)
        db.session.flush()
        return None
    return entry


def _score_round(award_round, judges_by_person, rng, skip=()):
    """Every assigned judge submits a sheet: entry quality plus the judge's own leniency, on the rubric's steps."""
    quality: dict[int, float] = {}
    for a in judging.round_assignments(award_round):
        if a.judge_person_id in skip:
            continue
        rubric = rubric_of(stage_of(award_round, a.nomination.category))
        level = quality.setdefault(a.nomination_id, rng.uniform(0.45, 0.9))
        lean = judges_by_person[a.judge_person_id]
        sheet = {}
        for c in rubric.criteria:
            raw = c.min + (c.max - c.min) * min(1.0, max(0.0, level + lean + rng.uniform(-0.08, 0.08)))
            step = c.step or 0.5
            sheet[c.code] = round(round(raw / step) * step, 2)
        judge = SimpleNamespace(id=None, person_id=a.judge_person_id)
        judging.save_sheet(a, judge, sheet, {rubric.heaviest().code: "Nhận xét của giám khảo (dữ liệu minh hoạ)."}, True)


def _istar_live(ctx, today, officer, judges, lean, rng, startups) -> None:
    """I-Star this year: the public vote chose the finalists; the jury's final is being scored (20 % vote)."""
    data = shift_setup(_read(ctx, "istar_hcmc_2025.json"), (today.replace(month=1, day=1) - date(2025, 1, 1)).days,
                       code=f"istar-{today.year}", year=today.year)
    data["name"] = {k: v.replace("2025", str(today.year)) for k, v in data["name"].items()}
    data["legal_basis"] = f"ISTAR_{today.year}"
    cycle = install_setup(data, officer)
    _staff(ctx, cycle)
    chosen = [ctx.orgs[k] for k in ("ocrchuviet",) if k in ctx.orgs] + [o for o in startups if o.slug != "ocrchuviet"][:7]
    entries = [e for e in (_entry(cycle, org, officer, "accepted", utcnow() - timedelta(days=150)) for org in chosen) if e]
    screening, final = cycle.rounds
    judging.open_round(screening, officer)
    record_votes(screening, {e.id: rng.randint(150, 4200) for e in entries}, officer)
    record_votes(final, {e.id: rng.randint(800, 9000) for e in entries}, officer)
    judging.close_round(screening, officer)
    publish_round(screening, officer)
    startup = next(c for c in cycle.categories if c.code == "startup")
    judging.set_panel(final, startup, [p.id for p in judges], officer)
    scan_conflicts(cycle, officer, today)
    judging.confirm_assignment(final, officer)
    judging.open_round(final, officer)
    demo_judge = ctx.users.get("judge@demo.sokhcn.vn")
    _score_round(final, lean, rng, skip={demo_judge.person_id} if demo_judge else set())


def seed(ctx) -> None:
    today = local_today()
    officer = ctx.users.get("officer@demo.sokhcn.vn") or next(iter(ctx.users.values()))
    rng = random.Random(2026)
    install_setup(_read(ctx, "istar_hcmc_2025.json"), officer)
    judges = _judges(ctx)
    lean = {p.id: rng.uniform(-0.12, 0.12) for p in judges}
    startups = [o for o in ctx.orgs.values() if o.kind == "startup" and o.status == "verified"]
    rng.shuffle(startups)

    past = install_setup(_edition(ctx, today, today.year - 1, -590), officer)
    _staff(ctx, past)
    past_orgs = [o for o in startups if o.slug not in PLANTED][:6]
    for org in past_orgs:
        _entry(past, org, officer, "accepted", utcnow() - timedelta(days=560))
    for award_round in past.rounds:
        judging.set_panel(award_round, past.categories[0], [p.id for p in judges[:5]], officer)
        if award_round.position == 0:
            scan_conflicts(past, officer, today - timedelta(days=520))
        judging.confirm_assignment(award_round, officer)
        judging.open_round(award_round, officer)
        _score_round(award_round, lean, rng)
        judging.close_round(award_round, officer)
        publish_round(award_round, officer)

    live = install_setup(_edition(ctx, today, today.year, -45), officer)
    _staff(ctx, live)
    wanted = [ctx.orgs[k] for k in (*PLANTED, "nongnghiepxanh") if k in ctx.orgs]
    wanted += [o for o in startups if o not in wanted and o not in past_orgs][:6]
    made = [e for e in (_entry(live, org, officer, "accepted", utcnow() - timedelta(days=20)) for org in wanted) if e]
    for entry, status in zip(made[-2:], ("submitted", "returned")):
        entry.status = status
        entry.return_reason = "Bổ sung bản sao giấy chứng nhận đăng ký doanh nghiệp." if status == "returned" else None
    screening = live.rounds[0]
    judging.set_panel(screening, live.categories[0], [p.id for p in judges], officer)
    scan_conflicts(live, officer, today)
    judging.confirm_assignment(screening, officer)
    judging.open_round(screening, officer)
    demo_judge = ctx.users.get("judge@demo.sokhcn.vn")
    _score_round(screening, lean, rng, skip={demo_judge.person_id} if demo_judge else set())
    _istar_live(ctx, today, officer, judges, lean, rng, [o for o in startups if o not in past_orgs])
    db.session.flush()


def _staff(ctx, cycle) -> None:
    """The organiser (the DOST) and its secretariat officer: neither may enter."""
    dost = ctx.orgs.get("dost")
    if dost is not None:
        db.session.add(AwardStaff(cycle_id=cycle.id, role="organiser", organisation_id=dost.id))
    officer = ctx.users.get("officer@demo.sokhcn.vn")
    if officer is not None and officer.person_id:
        db.session.add(AwardStaff(cycle_id=cycle.id, role="secretariat", person_id=officer.person_id))
    db.session.flush()
