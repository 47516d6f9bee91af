"""The directory's indicators of RULES §5 (startups, support organisations, mentors, investors,
capital raised), for one scope: a span of years and optionally a former district or ward.

Every indicator is a plain dict (a "panel") so the dashboard, the public page, the annual report
and the cache all hold the same figures: code, public, unit, total, breakdown, trend.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ecosystem.extensions import db
from ecosystem.models import Organisation, Person, Relationship, Sector
from ecosystem.models.directory import org_sectors
from ecosystem.models.vocab import HOST_KINDS, INVESTOR_ORG_KINDS
from ecosystem.services.platform.settings import setting

SUPPORT_ORG_KINDS = (*HOST_KINDS, "fablab", "club", "support_org")


@dataclass(frozen=True)
class Scope:
    """Which period and place the figures cover; one year is shown by month, several by year."""

    year_from: int
    year_to: int
    former_district: str = ""
    ward: str = ""

    def __post_init__(self):
        if self.year_to < self.year_from:
            raise ValueError("year_to before year_from")

    @property
    def start(self) -> date:
        return date(self.year_from, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year_to, 12, 31)

    @property
    def by_month(self) -> bool:
        return self.year_from == self.year_to

    def buckets(self) -> list[str]:
        if self.by_month:
            return [f"{m:02d}/{self.year_from}" for m in range(1, 13)]
        return [str(y) for y in range(self.year_from, self.year_to + 1)]

    def bucket(self, day: date | datetime | None) -> str | None:
        """The trend label a day falls in, None outside the scope."""
        if day is None:
            return None
        day = day.date() if isinstance(day, datetime) else day
        if not self.start <= day <= self.end:
            return None
        return f"{day.month:02d}/{day.year}" if self.by_month else str(day.year)

    def key(self) -> str:
        return f"{self.year_from}-{self.year_to}|{self.former_district}|{self.ward}"

    def place_filter(self, model):
        """Conditions on a model with the address mixin (organisations, people)."""
        conds = []
        if self.former_district:
            conds.append(func.lower(model.former_district) == self.former_district.lower())
        if self.ward:
            conds.append(func.lower(model.ward) == self.ward.lower())
        return conds


def panel(code: str, *, public: bool, unit: str = "count", total=None, dimension: str | None = None,
          rows=None, trend=None, available: bool = True, extra: dict | None = None) -> dict:
    """One indicator as plain data; rows are [code, value] pairs, trend is {labels, series}."""
    return {"code": code, "public": public, "unit": unit, "total": total, "dimension": dimension,
            "rows": [list(r) for r in rows or []], "trend": trend, "available": available,
            "extra": extra or {}}


def unavailable(code: str, *, public: bool, unit: str = "count") -> dict:
    """A panel whose source table does not exist yet: the page says 'chưa có dữ liệu'."""
    return panel(code, public=public, unit=unit, available=False)


def trend(scope: Scope, dated: dict[str, list]) -> dict:
    """{series: [(day, amount), …]} → counts (amount None) or sums per trend bucket."""
    labels = scope.buckets()
    series = {}
    for name, items in dated.items():
        sums = Counter()
        for day, amount in items:
            label = scope.bucket(day)
            if label is not None:
                sums[label] += 1 if amount is None else amount
        series[name] = [sums.get(label, 0) for label in labels]
    return {"labels": labels, "series": series}


def _day(value) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def startup_rows(scope: Scope) -> list:
    """(id, stage, former_district, ward, since, first_registered_on) of live startups in the place;
    since = first registration, else founding, else the day the profile was created."""
    query = (select(Organisation.id, Organisation.stage, Organisation.former_district,
                    Organisation.ward, Organisation.first_registered_on, Organisation.founded_on,
                    Organisation.created_at)
             .where(Organisation.kind == "startup", Organisation.status != "archived",
                    *scope.place_filter(Organisation)))
    return [(i, stage, district, ward, registered or founded or _day(created), registered)
            for i, stage, district, ward, registered, founded, created in db.session.execute(query)]


def alive_at_end(rows: list, scope: Scope) -> list:
    """The startup rows that existed on the scope's last day."""
    return [r for r in rows if r[4] is None or r[4] <= scope.end]


def startup_indicators(scope: Scope) -> list[dict]:
    """Startups by stage, sector and place at the end of the scope, with new startups as trend."""
    rows = startup_rows(scope)
    alive = alive_at_end(rows, scope)
    new = trend(scope, {"new": [(r[4], None) for r in rows]})
    max_age = int(setting("support.startup_max_age_years"))
    young = sum(1 for r in alive if r[5] is None or _years_between(r[5], scope.end) <= max_age)
    by_stage = Counter(r[1] or "unknown" for r in alive)
    place_key = 3 if scope.former_district or scope.ward else 2
    by_place = Counter(r[place_key] or "unknown" for r in alive)
    ids = {r[0] for r in alive}
    by_sector = Counter()
    for org_id, code in db.session.execute(select(org_sectors.c.organisation_id, Sector.code)
                                           .join(Sector, Sector.id == org_sectors.c.sector_id)):
        if org_id in ids:
            by_sector[code] += 1
    extra = {"innovative": young, "max_age_years": max_age}
    return [
        panel("startups_by_stage", public=True, total=len(alive), dimension="stage",
              rows=_ordered(by_stage), trend=new, extra=extra),
        panel("startups_by_sector", public=True, total=len(alive), dimension="sector",
              rows=by_sector.most_common()),
        panel("startups_by_place", public=True, total=len(alive),
              dimension="ward" if place_key == 3 else "former_district", rows=by_place.most_common()),
    ]


def _years_between(earlier: date, later: date) -> int:
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def _ordered(counter: Counter) -> list:
    from ecosystem.models.vocab import STAGES
    order = [*STAGES, "unknown"]
    return [(code, counter[code]) for code in order if counter.get(code)]


def support_org_indicator(scope: Scope) -> dict:
    """Incubators, accelerators, co-working spaces, fablabs, clubs and support organisations."""
    query = (select(Organisation.kind, func.count(Organisation.id))
             .where(Organisation.kind.in_(SUPPORT_ORG_KINDS), Organisation.status != "archived",
                    *scope.place_filter(Organisation)).group_by(Organisation.kind))
    counts = dict(db.session.execute(query).all())
    rows = [(kind, counts[kind]) for kind in SUPPORT_ORG_KINDS if counts.get(kind)]
    return panel("support_organisations", public=True, total=sum(counts.values()), dimension="org_kind",
                 rows=rows)


def network_people_indicator(scope: Scope) -> dict:
    """Mentors and investors in the network (people with a profile, investor organisations)."""
    live = (Person.archived.is_(False), *scope.place_filter(Person))
    mentors = db.session.scalar(select(func.count(Person.id)).where(Person.mentor.has(), *live)) or 0
    angels = db.session.scalar(select(func.count(Person.id)).where(Person.investor.has(), *live)) or 0
    firms = db.session.scalar(select(func.count(Organisation.id)).where(
        Organisation.kind.in_(INVESTOR_ORG_KINDS), Organisation.status != "archived",
        *scope.place_filter(Organisation))) or 0
    rows = [("mentors", mentors), ("angel_investors", angels), ("investor_organisations", firms)]
    return panel("mentors_investors", public=True, total=mentors + angels + firms, dimension="network_role",
                 rows=rows)


def capital_indicator(scope: Scope) -> dict:
    """Startups that raised capital in the period and how much (investor ties with a start date)."""
    query = (select(Relationship.target_org_id, Relationship.amount_vnd, Relationship.started_on)
             .join(Organisation, Organisation.id == Relationship.target_org_id)
             .where(Relationship.kind == "investor", Organisation.kind == "startup",
                    Relationship.started_on.between(scope.start, scope.end),
                    *scope.place_filter(Organisation)))
    deals = db.session.execute(query).all()
    raised = {org for org, _, _ in deals}
    amount = sum(a or 0 for _, a, _ in deals)
    money = trend(scope, {"amount_vnd": [(day, a or 0) for _, a, day in deals]})
    rows = [("startups_raised", len(raised)), ("deals", len(deals)), ("amount_vnd", amount)]
    return panel("capital_raised", public=False, unit="vnd", total=amount, dimension="capital",
                 rows=rows, trend=money)


def supported_by_ties(scope: Scope) -> set[int]:
    """Startups with a mentor or a host (incubator, co-working …) tie during the period."""
    query = (select(Relationship.target_org_id, Relationship.source_org_id, Relationship.kind)
             .where(Relationship.kind.in_(("mentor", "resident")),
                    func.coalesce(Relationship.started_on, scope.start) <= scope.end,
                    func.coalesce(Relationship.ended_on, scope.end) >= scope.start))
    supported = set()
    for target, source, kind in db.session.execute(query):
        supported.add(source if kind == "resident" else target)
    return supported
