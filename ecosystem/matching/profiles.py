"""The plain inputs of scoring: what the service layer reads about a startup, mentor or investor.

Labels (sectors, stages, expertise, languages, provinces, product tags) are opaque hashable
values — ids or names, as the caller prefers — compared by equality and returned unchanged in
reason params, so the service decides how they are displayed. Related entities (clubs,
investors, portfolio companies) are given as id → display name mappings: ids decide matches,
names go into reasons. Money is integer VND.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Hashable, Mapping

Label = Hashable

# Past feedback is a star rating on the mentoring feedback form.
RATING_MIN = 1
RATING_MAX = 5


@dataclass(frozen=True, eq=False, slots=True)
class StartupProfile:
    """A startup as matching sees it.

    stage: its current stage label; sectors: sector labels; needs: expertise labels it asks
    for; languages: working languages; province: where it operates; funding_sought: VND it is
    raising now (None = not raising); orgs: incubators, clubs and programmes it belongs to
    (id → name, usually from the graph); investors: investors already on its cap table
    (id → name); competitors: ids of startups it names as competitors; products: product or
    market tags used to detect competition in an investor's portfolio.
    """

    id: int
    name: str = ""
    stage: Label | None = None
    sectors: frozenset = frozenset()
    needs: frozenset = frozenset()
    languages: frozenset = frozenset()
    province: Label | None = None
    funding_sought: int | None = None
    orgs: Mapping[int, str] = field(default_factory=dict)
    investors: Mapping[int, str] = field(default_factory=dict)
    competitors: frozenset = frozenset()
    products: frozenset = frozenset()


@dataclass(frozen=True, eq=False, slots=True)
class MentorProfile:
    """A mentor as matching sees it.

    expertise: expertise labels; sectors: sector labels; stages: stage labels they prefer;
    languages, province: as for startups; capacity: how many startups they take at once;
    active_mentees: how many they mentor now; mentored_by_stage: stage label → number of
    startups mentored at that stage in the past; feedback_rating: average star rating
    (RATING_MIN..RATING_MAX) from past mentees, None without feedback; feedback_count: how many
    ratings; orgs: incubators, clubs and programmes they belong to (id → name).
    """

    id: int
    name: str = ""
    expertise: frozenset = frozenset()
    sectors: frozenset = frozenset()
    stages: frozenset = frozenset()
    languages: frozenset = frozenset()
    province: Label | None = None
    capacity: int = 0
    active_mentees: int = 0
    mentored_by_stage: Mapping[Label, int] = field(default_factory=dict)
    feedback_rating: float | None = None
    feedback_count: int = 0
    orgs: Mapping[int, str] = field(default_factory=dict)

    @property
    def slots_left(self) -> int:
        return max(0, self.capacity - self.active_mentees)


@dataclass(frozen=True, eq=False, slots=True)
class PortfolioCompany:
    """A startup an investor has already backed: id, name, product or market tags."""

    id: int
    name: str = ""
    products: frozenset = frozenset()


@dataclass(frozen=True, eq=False, slots=True)
class InvestorProfile:
    """An investor (fund or angel) as matching sees it.

    sectors, stages: the thesis; ticket_min/ticket_max: usual cheque in VND (None = open);
    provinces: where it invests (empty = no stated geography); portfolio: companies already
    backed; co_investors: ids of investors it has co-invested with (the names shown come from
    the startup's own investors).
    """

    id: int
    name: str = ""
    sectors: frozenset = frozenset()
    stages: frozenset = frozenset()
    ticket_min: int | None = None
    ticket_max: int | None = None
    provinces: frozenset = frozenset()
    portfolio: tuple = ()
    co_investors: frozenset = frozenset()
