"""Panels, assignment by min-cost flow, the round's life (open, close) and judges' score sheets."""
from collections import Counter, defaultdict

from flask_babel import gettext as _, ngettext
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from ecosystem.extensions import db
from ecosystem.models import (Assignment, AwardRound, PanelMember, Person, ScoreEntry, User, UserRole)
from ecosystem.models.base import utcnow
from ecosystem.services.platform.audit import log_action
from ecosystem.services.awards.assignment import assign_judges
from ecosystem.services.awards.catalogue import AwardError, previous_round, rubric_of, round_entries, stage_of
from ecosystem.services.awards.conflicts import conflicted_pairs
from ecosystem.services.awards.rubric import parse_sheet, validate_sheet, weighted_total
from ecosystem.services.awards.setup_checks import sheet_gaps
from ecosystem.services.platform.notifications import notify
from ecosystem.services.platform.settings import setting


def judge_people() -> list[Person]:
    """People who may sit on a jury: marked as judges, or holding a judge login."""
    with_login = select(User.person_id).join(UserRole).where(UserRole.role == "judge", User.person_id.is_not(None))
    return list(db.session.scalars(select(Person).where(
        or_(Person.is_judge.is_(True), Person.id.in_(with_login)), Person.archived.is_(False)).order_by(Person.full_name)))


def panels_of(award_round: AwardRound) -> dict[int, list[int]]:
    """{category: judge person ids} of a round."""
    panels: dict[int, list[int]] = defaultdict(list)
    for category_id, person_id in db.session.execute(select(PanelMember.category_id, PanelMember.person_id).where(
            PanelMember.round_id == award_round.id).order_by(PanelMember.id)):
        panels[category_id].append(person_id)
    return panels


def set_panel(award_round: AwardRound, category, person_ids, actor) -> None:
    """The jury of a category in a round (before results are published)."""
    if award_round.status == "published":
        raise AwardError("round_published")
    allowed = {p.id for p in judge_people()}
    wanted = [p for p in dict.fromkeys(person_ids) if p in allowed]
    current = {m.person_id: m for m in db.session.scalars(select(PanelMember).where(
        PanelMember.round_id == award_round.id, PanelMember.category_id == category.id))}
    for person_id, member in current.items():
        if person_id not in wanted:
            db.session.delete(member)
    for person_id in wanted:
        if person_id not in current:
            db.session.add(PanelMember(round_id=award_round.id, category_id=category.id, person_id=person_id))
    db.session.flush()
    log_action(actor.id, "award.panel.set", "award_round", award_round.id, category=category.code, judges=wanted)


def round_assignments(award_round: AwardRound, status: str = "active") -> list[Assignment]:
    return list(db.session.scalars(select(Assignment).where(
        Assignment.round_id == award_round.id, Assignment.status == status).order_by(Assignment.id)))


def plan_assignment(award_round: AwardRound):
    """The flow's proposal for the whole round: current assignments kept, every entry topped up to k."""
    panels = panels_of(award_round)
    entries = round_entries(award_round)
    keep: dict[int, list[int]] = defaultdict(list)
    for a in round_assignments(award_round):
        keep[a.nomination_id].append(a.judge_person_id)
    blocked = conflicted_pairs(award_round.cycle_id)
    blocked |= {(a.judge_person_id, a.nomination_id) for a in round_assignments(award_round, "withdrawn")}
    juried = {s.category_id for s in award_round.stages if s.rubric}  # a vote-only stage has no judges
    plan = assign_judges({n.id: panels.get(n.category_id, []) for n in entries if n.category_id in juried},
                         k=int(setting("awards.judges_per_nomination")), conflicts=blocked,
                         max_load=setting("awards.judge_max_load"), keep=keep)
    return plan, {n.id: n for n in entries}, keep


def confirm_assignment(award_round: AwardRound, actor) -> int:
    """Save the proposal's new pairs and tell each newly assigned judge; returns how many were added."""
    if award_round.status not in ("setup", "open"):
        raise AwardError("round_not_open")
    plan, _entries, keep = plan_assignment(award_round)
    added: Counter = Counter()
    for nomination_id, judges in plan.judges.items():
        for person_id in judges:
            if person_id not in keep.get(nomination_id, ()):
                db.session.add(Assignment(round_id=award_round.id, nomination_id=nomination_id,
                                          judge_person_id=person_id))
                added[person_id] += 1
    db.session.flush()
    log_action(actor.id, "award.assignment.confirm", "award_round", award_round.id, added=sum(added.values()),
               short=[s["nomination"] for s in plan.shortfalls])
    users = list(db.session.scalars(select(User).where(User.person_id.in_(list(added)))))
    for user in users:
        count, name = added[user.person_id], award_round.cycle.name
        notify([user], "award.assigned", lambda: (_("Bạn được phân công chấm giải"), ngettext(
            "Bạn được phân công chấm %(num)s hồ sơ của %(award)s.", "Bạn được phân công chấm %(num)s hồ sơ của %(award)s.",
            count, award=name)), link="/judging/")
    return sum(added.values())


def open_round(award_round: AwardRound, actor) -> None:
    """Judging starts; a later round opens only after the previous one is published, and never while
    the panels cannot give every entry its k judges (the assignment page says why)."""
    blocker = open_blocker(award_round) if award_round.status == "setup" else {"code": "cannot_open", "n": 0}
    if blocker is not None:
        raise AwardError(blocker["code"], n=blocker["n"], k=int(setting("awards.judges_per_nomination")))
    award_round.status = "open"
    log_action(actor.id, "award.round.open", "award_round", award_round.id)


def open_blocker(award_round: AwardRound) -> dict | None:
    """Why a round in preparation cannot open yet ({"code", "n"}), or None: the page disables the button."""
    before = previous_round(award_round)
    if before is not None and before.status != "published":
        return {"code": "cannot_open", "n": 0}
    plan, _entries, _keep = plan_assignment(award_round)
    return {"code": "judge_shortfall", "n": len(plan.shortfalls)} if plan.shortfalls else None


def round_readiness(award_round: AwardRound) -> dict:
    """x / y sheets submitted and the juried entries short of the required judges."""
    juried = {s.category_id for s in award_round.stages if s.rubric}
    entries = [n.id for n in round_entries(award_round) if n.category_id in juried]
    sheets = [(a.nomination_id, a.state == "submitted") for a in round_assignments(award_round)
              if a.nomination_id in set(entries)]
    return sheet_gaps(entries, sheets, int(setting("awards.judges_per_nomination")))


def incomplete_error(ready: dict) -> AwardError:
    """The refusal for a round with sheets missing or entries short of judges."""
    return AwardError("round_incomplete", submitted=ready["submitted"], assigned=ready["assigned"],
                      short=len(ready["short"]), k=ready["required"])


def check_readiness(award_round: AwardRound, actor, step: str, override: str | None) -> dict:
    """Refuse to close or publish with sheets missing or entries short of judges, unless an officer
    overrides with a reason, which is logged with the figures it went past."""
    ready = round_readiness(award_round)
    if ready["complete"]:
        return ready
    reason = (override or "").strip()
    if not reason:
        raise incomplete_error(ready)
    log_action(actor.id, "award.round.override", "award_round", award_round.id, step=step, reason=reason,
               submitted=ready["submitted"], assigned=ready["assigned"], short=ready["short"])
    return ready


def close_round(award_round: AwardRound, actor, override: str | None = None) -> None:
    """No more scoring; organisers may now see the scores and results."""
    if award_round.status != "open":
        raise AwardError("round_not_open")
    check_readiness(award_round, actor, "close", override)
    award_round.status, award_round.closed_at = "closed", utcnow()
    log_action(actor.id, "award.round.close", "award_round", award_round.id)


def reopen_round(award_round: AwardRound, actor, reason: str) -> None:
    """Back to scoring before publication (say why: it is logged)."""
    if award_round.status != "closed" or not (reason or "").strip():
        raise AwardError("cannot_reopen")
    award_round.status = "open"
    log_action(actor.id, "award.round.reopen", "award_round", award_round.id, reason=reason.strip())


def _append(assignment: Assignment, action: str, actor, **fields) -> ScoreEntry:
    """Add the next version; two writers at once collide on (assignment, version) and one is refused."""
    latest = assignment.latest
    entry = ScoreEntry(assignment_id=assignment.id, version=(latest.version + 1) if latest else 1,
                       action=action, actor_id=actor.id, **fields)
    try:
        with db.session.begin_nested():
            db.session.add(entry)
            db.session.flush()
    except IntegrityError as error:
        raise AwardError("concurrent_edit") from error
    db.session.refresh(assignment)
    return entry


def save_sheet(assignment: Assignment, user, scores: dict, comments: dict, submit: bool) -> ScoreEntry:
    """A judge saves a draft or submits; a submitted sheet is locked until an organiser reopens it."""
    if assignment.status != "active" or user.person_id != assignment.judge_person_id:
        raise AwardError("not_your_assignment")
    if assignment.round.status != "open":
        raise AwardError("round_not_open")
    if assignment.state == "submitted":
        raise AwardError("locked")
    rubric = rubric_of(stage_of(assignment.round, assignment.nomination.category))
    problems = validate_sheet(rubric, scores, partial=not submit)
    if problems:
        raise AwardError("bad_sheet", problems=problems)
    numbers = parse_sheet(rubric, scores)
    complete = len(numbers) == len(rubric.criteria)
    clean_comments = {k: v.strip() for k, v in (comments or {}).items() if v and v.strip()}
    entry = _append(assignment, "submit" if submit else "draft", user, scores=numbers, comments=clean_comments,
                    total=weighted_total(rubric, numbers) if complete else None)
    log_action(user.id, "award.score.submit" if submit else "award.score.save", "award_assignment",
               assignment.id, version=entry.version, scores=numbers)
    return entry


def reopen_sheet(assignment: Assignment, actor, reason: str) -> ScoreEntry:
    """An organiser unlocks a submitted sheet, with the reason in the ledger and the audit log."""
    if assignment.state != "submitted" or assignment.round.status != "open":
        raise AwardError("cannot_reopen")
    if not (reason or "").strip():
        raise AwardError("reason_required")
    entry = _append(assignment, "reopen", actor, reason=reason.strip())
    log_action(actor.id, "award.score.reopen", "award_assignment", assignment.id, version=entry.version,
               reason=reason.strip())
    judge = db.session.scalar(select(User).where(User.person_id == assignment.judge_person_id))
    title = assignment.nomination.title
    notify([judge], "award.reopened", lambda: (_("Phiếu chấm được mở lại"), _(
        "Ban tổ chức mở lại phiếu chấm hồ sơ “%(title)s”: %(reason)s", title=title, reason=reason.strip())),
        link=f"/judging/{assignment.id}")
    return entry


def progress(award_round: AwardRound) -> list[dict]:
    """Per judge: assigned, submitted, drafts, not started, and each sheet's state (never the scores)."""
    rows: dict[int, Counter] = defaultdict(Counter)
    sheets: dict[int, list[Assignment]] = defaultdict(list)
    for a in round_assignments(award_round):
        rows[a.judge_person_id]["assigned"] += 1
        rows[a.judge_person_id][a.state] += 1
        sheets[a.judge_person_id].append(a)
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(list(rows))))}
    return [{"judge": people[j], "assigned": c["assigned"], "submitted": c["submitted"],
             "draft": c["draft"] + c["reopened"], "none": c["none"], "sheets": sheets[j]}
            for j, c in sorted(rows.items(), key=lambda item: people[item[0]].full_name)]


def judge_assignments(person_id: int | None) -> list[Assignment]:
    """What a judge sees: their active assignments in rounds that have started."""
    if not person_id:
        return []
    return list(db.session.scalars(select(Assignment).join(AwardRound).where(
        Assignment.judge_person_id == person_id, Assignment.status == "active",
        AwardRound.status != "setup").order_by(AwardRound.id.desc(), Assignment.id)))
