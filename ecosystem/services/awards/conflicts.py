"""Conflicts of interest found in the ecosystem graph (with the path shown) or declared by the judge.

The graph asked is the matching core's (ecosystem.matching: build_graph + conflict_paths). Paths are
at most `awards.conflict_max_hops` long, so every tie on one touches a judge or the entry: loading the
relationships incident to the judges and to the entries' organisations and people is exact and small.
"""
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import pgettext
from sqlalchemy import delete, or_, select

from ecosystem.extensions import db
from ecosystem.matching.graph_build import DEFAULT_KIND_WEIGHTS, build_graph
from ecosystem.matching.paths import conflict_paths
from ecosystem.models import (Assignment, AwardConflict, AwardCycle, AwardRound, Nomination, Organisation,
                              PanelMember, Person, Relationship)
from ecosystem.services.platform.audit import log_action
from ecosystem.services.awards.facts import members_of
from ecosystem.services.platform.settings import setting

SCANNED = ("submitted", "accepted")


def nominee_keys(nomination: Nomination, team: list[int]) -> set[tuple]:
    """The graph nodes that stand for an entry: entrant, nominating organisation, team members."""
    keys = {("person", p) for p in team}
    if nomination.entrant_org_id:
        keys.add(("org", nomination.entrant_org_id))
    if nomination.entrant_person_id:
        keys.add(("person", nomination.entrant_person_id))
    if nomination.nominated_by_org_id:
        keys.add(("org", nomination.nominated_by_org_id))
    return keys


def _incident_rows(keys: set[tuple], kinds) -> list[tuple]:
    """Relationship rows of `kinds` touching any key, as the graph builder's rows."""
    people = [k[1] for k in keys if k[0] == "person"]
    orgs = [k[1] for k in keys if k[0] == "org"]
    touches = or_(Relationship.source_person_id.in_(people), Relationship.target_person_id.in_(people),
                  Relationship.source_org_id.in_(orgs), Relationship.target_org_id.in_(orgs))
    rows = []
    for rel in db.session.scalars(select(Relationship).where(Relationship.kind.in_(kinds), touches)):
        rows.append((rel.source_key, rel.target_key, rel.kind, rel.started_on, rel.ended_on, rel.id))
    return rows


def _path_data(path, via: tuple) -> dict:
    return {"via": list(via), "hops": [
        {"source": list(h.source), "target": list(h.target), "kind": h.kind,
         "start": h.start.isoformat() if h.start else None, "end": h.end.isoformat() if h.end else None,
         "relationship_id": h.relationship_id} for h in path.hops]}


def find_conflicts(pairs: list[tuple[int, Nomination]], today: date) -> dict[tuple[int, int], list[dict]]:
    """{(judge person, nomination): paths as data} for every judge-entry pair linked in the window."""
    if not pairs:
        return {}
    kinds = list(setting("awards.conflict_relation_kinds"))
    hops = int(setting("awards.conflict_max_hops"))
    window = (today - timedelta(days=round(365.25 * int(setting("awards.conflict_window_years")))), today)
    teams = members_of({n.id for _, n in pairs})
    targets = {n.id: nominee_keys(n, teams.get(n.id, [])) for _, n in pairs}
    keys = {("person", j) for j, _ in pairs} | set().union(*targets.values())
    graph = build_graph(_incident_rows(keys, kinds), kind_weights=DEFAULT_KIND_WEIGHTS,
                        half_life_days=float(setting("graph.half_life_days")), as_of=today, nodes=keys)
    found: dict[tuple[int, int], list[dict]] = {}
    for judge, nomination in pairs:
        judge_key = ("person", judge)
        paths = []
        if judge_key in targets[nomination.id]:  # the judge is on the entry itself
            paths.append({"via": list(judge_key), "hops": []})
        seen = set()
        for target in sorted(targets[nomination.id]):
            for path in conflict_paths(graph, judge_key, target, max_hops=hops, kinds=kinds, window=window):
                ties = tuple(h.relationship_id for h in path.hops)
                if ties not in seen:
                    seen.add(ties)
                    paths.append(_path_data(path, target))
        if paths:
            found[(judge, nomination.id)] = sorted(paths, key=lambda p: len(p["hops"]))
    return found


def judge_pairs(cycle: AwardCycle) -> list[tuple[int, Nomination]]:
    """Every (panel judge, entry of the panel's category) pair in the cycle."""
    panels: dict[int, set[int]] = {}
    for category_id, person_id in db.session.execute(select(PanelMember.category_id, PanelMember.person_id)
                                                     .join(AwardRound).where(AwardRound.cycle_id == cycle.id)):
        panels.setdefault(category_id, set()).add(person_id)
    entries = db.session.scalars(select(Nomination).where(Nomination.cycle_id == cycle.id,
                                                          Nomination.status.in_(SCANNED)))
    return [(judge, n) for n in entries for judge in sorted(panels.get(n.category_id, ()))]


def _withdraw_assignments(judge_person_id: int, nomination_id: int) -> int:
    """A conflicted judge loses the entry at once (their ledger stays, it no longer counts)."""
    withdrawn = 0
    for assignment in db.session.scalars(select(Assignment).where(
            Assignment.judge_person_id == judge_person_id, Assignment.nomination_id == nomination_id,
            Assignment.status == "active")):
        assignment.status = "withdrawn"
        withdrawn += 1
    return withdrawn


def scan_conflicts(cycle: AwardCycle, actor, today: date) -> dict:
    """Re-run the graph search for the whole cycle; graph-found rows are replaced, declared ones kept."""
    found = find_conflicts(judge_pairs(cycle), today)
    nomination_ids = select(Nomination.id).where(Nomination.cycle_id == cycle.id)
    db.session.execute(delete(AwardConflict).where(AwardConflict.source == "graph",
                                                   AwardConflict.nomination_id.in_(nomination_ids)))
    withdrawn = 0
    for (judge, nomination_id), paths in found.items():
        db.session.add(AwardConflict(nomination_id=nomination_id, judge_person_id=judge, source="graph",
                                     paths=paths))
        withdrawn += _withdraw_assignments(judge, nomination_id)
    db.session.flush()
    log_action(actor.id if actor else None, "award.conflicts.scan", "award_cycle", cycle.id,
               found=len(found), withdrawn=withdrawn)
    return {"found": len(found), "withdrawn": withdrawn}


def declare_conflict(nomination: Nomination, judge_person_id: int, actor, note: str | None) -> AwardConflict:
    """A judge's own declaration: the entry disappears from their list and is re-assigned by the organiser."""
    row = db.session.scalar(select(AwardConflict).where(
        AwardConflict.nomination_id == nomination.id, AwardConflict.judge_person_id == judge_person_id,
        AwardConflict.source == "declared"))
    if row is None:
        row = AwardConflict(nomination_id=nomination.id, judge_person_id=judge_person_id, source="declared",
                            paths=[], note=(note or "").strip() or None, declared_by_id=actor.id)
        db.session.add(row)
    withdrawn = _withdraw_assignments(judge_person_id, nomination.id)
    db.session.flush()
    log_action(actor.id, "award.conflict.declare", "award_nomination", nomination.id,
               judge=judge_person_id, withdrawn=withdrawn)
    return row


def conflicted_pairs(cycle_id: int) -> set[tuple[int, int]]:
    """{(judge person, nomination)} that must never be assigned."""
    return set(db.session.execute(select(AwardConflict.judge_person_id, AwardConflict.nomination_id)
                                  .join(Nomination).where(Nomination.cycle_id == cycle_id)).all())


def cycle_conflicts(cycle_id: int) -> list[AwardConflict]:
    return list(db.session.scalars(select(AwardConflict).join(Nomination).where(
        Nomination.cycle_id == cycle_id).order_by(AwardConflict.nomination_id, AwardConflict.judge_person_id)))


def _kind_sentence(kind: str, a: str, b: str) -> str:
    """One tie in words ("A invested in B"); family ties and memberships read both ways."""
    sentences = {
        "founder": _("%(a)s là nhà sáng lập của %(b)s", a=a, b=b),
        "employee": _("%(a)s làm việc tại %(b)s", a=a, b=b),
        "member": _("%(a)s là thành viên của %(b)s", a=a, b=b),
        "mentor": _("%(a)s là cố vấn của %(b)s", a=a, b=b),
        "investor": pgettext("past", "%(a)s đầu tư vào %(b)s", a=a, b=b),
        "family": _("%(a)s có quan hệ gia đình với %(b)s", a=a, b=b),
        "resident": _("%(a)s được ươm tạo tại %(b)s", a=a, b=b),
        "club_member": _("%(a)s là thành viên câu lạc bộ %(b)s", a=a, b=b),
        "partner": _("%(a)s là đối tác của %(b)s", a=a, b=b),
        "alumnus": _("%(a)s là cựu sinh viên của %(b)s", a=a, b=b),
    }
    return sentences.get(kind, f"{a} — {kind} — {b}")


def _period(start: str | None, end: str | None) -> str:
    first, last = (start or "")[:4], (end or "")[:4]
    if first and last and first != last:
        return _("từ %(a)s đến %(b)s", a=first, b=last)
    if first:
        return _("năm %(y)s", y=first) if last else _("từ năm %(y)s", y=first)
    return _("đến năm %(y)s", y=last) if last else ""


def names_for(paths_lists) -> dict[tuple, str]:
    """Display names of every node on the given paths, in two queries."""
    keys = {tuple(k) for paths in paths_lists for p in paths for h in p["hops"] for k in (h["source"], h["target"])}
    keys |= {tuple(p["via"]) for paths in paths_lists for p in paths}
    people = [i for t, i in keys if t == "person"]
    orgs = [i for t, i in keys if t == "org"]
    names = {("person", p.id): p.full_name for p in db.session.scalars(select(Person).where(Person.id.in_(people)))}
    names.update({("org", o.id): o.name for o in db.session.scalars(select(Organisation).where(Organisation.id.in_(orgs)))})
    return names


def describe_path(path: dict, names: dict) -> str:
    """'Judge X đầu tư vào Startup Y (năm 2024) → …' for the organiser's conflict list."""
    if not path["hops"]:
        return _("Giám khảo là thành viên của chính hồ sơ này (%(name)s)", name=names.get(tuple(path["via"]), "?"))
    parts = []
    for hop in path["hops"]:
        text = _kind_sentence(hop["kind"], names.get(tuple(hop["source"]), "?"), names.get(tuple(hop["target"]), "?"))
        period = _period(hop["start"], hop["end"])
        parts.append(f"{text} ({period})" if period else text)
    return "; ".join(parts)
