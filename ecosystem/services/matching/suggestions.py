"""Suggestions with reasons on both sides, verdicts on them, mentors' ratings, warm paths.

Candidates come from indexes cached per process (rebuilt after matching.index_max_age_seconds,
or at once by forget_indexes()); the asking side's own profile is read live, mentors' open slots
are re-counted live, and verdicts are read live, so what a person just changed shows at once.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from typing import NamedTuple

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload, lazyload

from ecosystem.extensions import db
from ecosystem.matching.paths import warm_paths
from ecosystem.matching.scoring import Scored
from ecosystem.matching.suggest import InvestorIndex, MentorIndex
from ecosystem.matching.suggest_reverse import StartupIndex
from ecosystem.models import (InvestorProfile, MatchFeedback, MentorRating, Organisation, Person,
                              Relationship)
from ecosystem.services.matching import profiles
from ecosystem.services.platform.audit import log_action
from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.read_only import read_only_work
from ecosystem.services.matching.graph_snapshot import load_snapshot
from ecosystem.services.matching.graph_store import fresh_graph, release_memory
from ecosystem.services.matching.reasons import NEGATIVE, ReasonWords, render_hop
from ecosystem.services.platform.settings import setting
from ecosystem.text import fold


class MatchError(DomainError):
    """A refused matching action, with a code the view turns into a message."""


@dataclass
class Suggestion:
    """One suggestion ready to show: the candidate, the score, its points and reasons in words."""

    candidate: object
    scored: Scored
    reasons: list = field(default_factory=list)  # (code, text, negative?)

    @property
    def score(self) -> float:
        return self.scored.score


class Indexes:
    """The candidates of this process: mentors, investors and startups, indexed.

    Built once when the worker starts (ecosystem.warmup); once older than
    matching.index_max_age_seconds they are rebuilt in a background thread while requests keep
    using the previous ones, so no visitor waits for a rebuild (≈15 s at 50,000 startups)."""

    def __init__(self):
        self.lock = threading.RLock()
        self.built_at = 0.0
        self.refreshing = False
        self.mentors = self.investors = self.startups = None

    def current(self) -> "Indexes":
        if self.mentors is None:
            with self.lock:
                if self.mentors is None:
                    self._build()
        elif time.monotonic() - self.built_at > setting("matching.index_max_age_seconds"):
            self._refresh_in_background()
        return self

    def _build(self, graph=None) -> None:
        """From `graph`, or from this process's graph under its lock."""
        if graph is None:
            with fresh_graph() as graph:
                return self._build(graph)
        mentors = MentorIndex(profiles.mentor_profiles(graph))
        startups = StartupIndex(profiles.iter_startup_profiles(graph), load=_startup_profiles)
        investors = InvestorIndex(profiles.investor_profiles())
        with self.lock:
            self.mentors, self.startups, self.investors = mentors, startups, investors
            self.built_at = time.monotonic()
        release_memory()

    def _refresh_in_background(self) -> None:
        with self.lock:
            if self.refreshing:
                return
            self.refreshing = True
        app = current_app._get_current_object()
        threading.Thread(target=self._refresh, args=(app,), name="match-indexes", daemon=True).start()

    def _refresh(self, app) -> None:
        try:
            with app.app_context(), read_only_work():
                try:
                    # The stored snapshot, not this process's graph: requests keep its lock meanwhile.
                    self._build(load_snapshot())
                finally:
                    db.session.remove()
        except Exception:  # noqa: BLE001 — the old indexes stay; the next request tries again later
            logging.getLogger(__name__).exception("rebuilding the matching indexes failed")
            with self.lock:
                self.built_at = time.monotonic()
        finally:
            self.refreshing = False


def _startup_profiles(ids: list[int]) -> list:
    """The winners' profiles, read fresh (the index keeps arrays only)."""
    with fresh_graph() as graph:
        return profiles.startup_profiles(graph, ids)


def indexes() -> Indexes:
    return current_app.extensions.setdefault("match_indexes", Indexes()).current()


def forget_indexes() -> None:
    """Rebuild the candidate indexes on next use (after bulk edits of profiles)."""
    current_app.extensions.pop("match_indexes", None)


def _present(scored_list, objects: dict, side: str = "candidate_id",
             words: ReasonWords | None = None) -> list[Suggestion]:
    """side: which id of each Scored names the object shown (the candidate, or the startup)."""
    words = words or ReasonWords()
    shown = []
    for scored in scored_list:
        reasons = [(code, words.reason(code, params), code in NEGATIVE)
                   for code, params in scored.reasons]
        shown.append(Suggestion(objects.get(getattr(scored, side)), scored, reasons))
    return shown


def _excluded(candidate_column, where) -> set[tuple[int, int]]:
    """(startup id, candidate id) pairs given a verdict, for one kind of candidate."""
    rows = db.session.execute(select(MatchFeedback.startup_id, candidate_column)
                              .where(where, candidate_column.is_not(None)))
    return {(startup_id, candidate_id) for startup_id, candidate_id in rows}


def _mentoring_pairs(where) -> set[tuple[int, int]]:
    """(startup id, mentor id) pairs that already have a mentoring tie: nothing to suggest."""
    rows = db.session.execute(select(Relationship.target_org_id, Relationship.source_person_id)
                              .where(Relationship.kind == "mentor", where,
                                     Relationship.source_person_id.is_not(None)))
    return {(startup_id, person_id) for startup_id, person_id in rows}


def startup_profile(org: Organisation):
    """The startup's profile, read now, and the mentors it already has (id → name)."""
    with fresh_graph() as graph:
        found, mentors = profiles.one_startup(graph, org)
    if found is None:
        raise MatchError("not_a_startup")
    return found, mentors


def _verdicts_on(org: Organisation) -> tuple[set, set]:
    """(startup id, mentor id) and (startup id, investor id) pairs the startup gave a verdict on."""
    rows = db.session.execute(_verdicts_statement(), {"org_id": org.id}).all()
    return ({(org.id, mentor) for mentor, _i in rows if mentor is not None},
            {(org.id, investor) for _m, investor in rows if investor is not None})


@cache
def _verdicts_statement():
    """Built once (as the page's other statements, services/matching/profiles.py)."""
    f = MatchFeedback.__table__
    return select(f.c.mentor_person_id, f.c.investor_id).where(f.c.startup_id == bindparam("org_id"))


@cache
def _investors_statement():
    """Investor profiles with their owner (person or organisation), for the cards."""
    return select(InvestorProfile).options(
        lazyload(InvestorProfile.sectors),
        joinedload(InvestorProfile.person).lazyload(Person.sectors),
        joinedload(InvestorProfile.organisation).lazyload(Organisation.sectors)) \
        .where(InvestorProfile.id.in_(bindparam("ids", expanding=True)))


def suggestions_for_startup(org: Organisation, k: int | None = None) -> dict[str, list]:
    """{'mentors': [...], 'investors': [...]} best first, with reasons; never a pair given a
    verdict, never a mentor without an open slot right now."""
    return startup_suggestions_and_mentors(org, k)[0]


def startup_suggestions_and_mentors(org: Organisation, k: int | None = None) -> tuple[dict, list]:
    """suggestions_for_startup, and the mentors tied to the startup (whom it can rate: id and
    full_name, by name) from the same reading of its ties: the suggestions page shows both."""
    k = k or setting("matching.suggestions_count")
    profile, mentors = startup_profile(org)
    idx = indexes()
    declined_mentors, declined_investors = _verdicts_on(org)
    exclude = declined_mentors | {(org.id, mentor) for mentor in mentors}
    top = idx.mentors.top_for_startup(profile, setting("matching.mentor_weights"), 2 * k, exclude)
    people = profiles.open_mentors(s.candidate_id for s in top)
    top = [s for s in top if s.candidate_id in people][:k]
    invest = idx.investors.top_for_startup(profile, setting("matching.investor_weights"), k,
                                           declined_investors)
    funds = {i.id: i for i in db.session.scalars(_investors_statement(),
                                                  {"ids": [s.candidate_id for s in invest]})}
    words = ReasonWords()
    tied = sorted((Tied(person_id, name) for person_id, name in mentors.items()),
                  key=lambda m: (fold(m.full_name or ""), m.full_name or ""))
    return {"mentors": _present(top, people, words=words),
            "investors": _present(invest, funds, words=words)}, tied


class Tied(NamedTuple):
    """A mentor tied to a startup, as its page lists them."""

    id: int
    full_name: str


def suggestions_for_mentor(person: Person, k: int | None = None) -> list[Suggestion]:
    """Startups suggested to a mentor: at most their open slots, none given a verdict."""
    k = k or setting("matching.suggestions_count")
    with fresh_graph() as graph:
        found = profiles.mentor_profiles(graph, [person.id])
    if not found:
        return []
    mentor = found[0]
    slots = profiles.live_slots([person.id]).get(person.id, 0)
    if slots <= 0:
        return []
    exclude = _excluded(MatchFeedback.mentor_person_id, MatchFeedback.mentor_person_id == person.id
                        ) | _mentoring_pairs(Relationship.source_person_id == person.id)
    top = indexes().startups.top_for_mentor(mentor, setting("matching.mentor_weights"),
                                            min(k, slots), exclude)
    return _present(top, _orgs([s.startup_id for s in top]), "startup_id")


def suggestions_for_investor(investor: InvestorProfile, k: int | None = None) -> list[Suggestion]:
    """Startups suggested to an investor (never one it backs already or gave a verdict on)."""
    k = k or setting("matching.suggestions_count")
    found = profiles.investor_profiles([investor.id])
    if not found:
        return []
    exclude = _excluded(MatchFeedback.investor_id, MatchFeedback.investor_id == investor.id)
    top = indexes().startups.top_for_investor(found[0], setting("matching.investor_weights"), k,
                                              exclude)
    return _present(top, _orgs([s.startup_id for s in top]), "startup_id")


def own_candidacies(user) -> tuple[Person | None, list[InvestorProfile]]:
    """The user's own person (if a mentor's suggestions apply) and the investor profiles they
    answer for: their own and those of the organisations they manage."""
    person = db.session.get(Person, user.person_id) if user.person_id else None
    investors = [person.investor] if person and person.investor else []
    investors += list(db.session.scalars(select(InvestorProfile).where(
        InvestorProfile.organisation_id.in_(user.managed_org_ids or {-1}))))
    return person, investors


def _orgs(ids) -> dict[int, Organisation]:
    return {o.id: o for o in db.session.scalars(select(Organisation).options(
        lazyload(Organisation.sectors)).where(Organisation.id.in_(ids)))}


def record_verdict(startup: Organisation, verdict: str, user, given_by: str, *,
                   mentor: Person | None = None, investor: InvestorProfile | None = None,
                   note: str | None = None) -> MatchFeedback:
    """Remember that a pair is declined or not relevant (once: a repeat changes the verdict)."""
    if verdict not in ("declined", "not_relevant") or (mentor is None) == (investor is None):
        raise MatchError("bad_verdict")
    column, value = ((MatchFeedback.mentor_person_id, mentor.id) if mentor
                     else (MatchFeedback.investor_id, investor.id))
    fields = dict(verdict=verdict, given_by=given_by, note=note, user_id=user.id)
    row = db.session.scalar(select(MatchFeedback).where(MatchFeedback.startup_id == startup.id,
                                                        column == value))
    if row is None:
        row = MatchFeedback(startup_id=startup.id, mentor_person_id=mentor.id if mentor else None,
                            investor_id=investor.id if investor else None, **fields)
        db.session.add(row)
    else:
        for name, field_value in fields.items():
            setattr(row, name, field_value)
    db.session.flush()
    log_action(user.id, "match.verdict", "match_feedback", row.id, verdict=verdict)
    return row


def rate_mentor(startup: Organisation, mentor: Person, rating: int, comment: str | None,
                user) -> MentorRating:
    """A startup rates a mentor it has (or had) a mentoring tie with; a new rating replaces it."""
    if not 1 <= int(rating) <= 5:
        raise MatchError("bad_rating")
    tied = db.session.scalar(select(Relationship.id).where(
        Relationship.kind == "mentor", Relationship.source_person_id == mentor.id,
        Relationship.target_org_id == startup.id).limit(1))
    if tied is None:
        raise MatchError("not_mentored")
    fields = dict(rating=int(rating), comment=comment, user_id=user.id)
    row = db.session.scalar(select(MentorRating).where(MentorRating.startup_id == startup.id,
                                                       MentorRating.mentor_person_id == mentor.id))
    if row is None:
        row = MentorRating(startup_id=startup.id, mentor_person_id=mentor.id, **fields)
        db.session.add(row)
    else:
        for name, field_value in fields.items():
            setattr(row, name, field_value)
    db.session.flush()
    log_action(user.id, "match.rate_mentor", "mentor_rating", row.id, rating=int(rating))
    return row


def key_names(keys) -> dict[tuple, str]:
    """Display names of graph node keys."""
    keys = list(keys)
    people = [k[1] for k in keys if k[0] == "person"]
    orgs = [k[1] for k in keys if k[0] == "org"]
    names = {}
    if people:
        names.update({("person", i): n for i, n in db.session.execute(
            select(Person.id, Person.full_name).where(Person.id.in_(people)))})
    if orgs:
        names.update({("org", i): n for i, n in db.session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(orgs)))})
    return names


def paths_to(startup: Organisation, target_key: tuple) -> list:
    """Up to 3 warm paths from a startup to a person or organisation (graph keys)."""
    with fresh_graph() as graph:
        return warm_paths(graph, ("org", startup.id), target_key,
                          max_hops=setting("matching.max_hops"),
                          hop_discount=setting("matching.hop_discount"))


def path_data(path) -> list[dict]:
    """Each hop of a path as plain data (keys, kind, dates): what an introduction keeps."""
    return [{"frm": list(hop.frm), "to": list(hop.to), "kind": hop.kind,
             "source": list(hop.source), "target": list(hop.target),
             "start": hop.start.isoformat() if hop.start else None,
             "end": hop.end.isoformat() if hop.end else None} for hop in path.hops]


def hop_sentences(hops: list[dict], names: dict | None = None) -> list[str]:
    """Sentences of stored hops ('A mentors B'), in the reader's language."""
    ends = [tuple(hop[side]) for hop in hops for side in ("source", "target")]
    names = names if names is not None else key_names(ends)
    return [render_hop(hop["kind"], names.get(tuple(hop["source"]), "?"),
                       names.get(tuple(hop["target"]), "?")) for hop in hops]


def explain_path(path, names: dict | None = None) -> list[dict]:
    """path_data plus each hop's sentence."""
    hops = path_data(path)
    return [{**hop, "text": text} for hop, text in zip(hops, hop_sentences(hops, names))]
