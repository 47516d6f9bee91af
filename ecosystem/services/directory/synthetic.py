"""Synthetic ecosystems at scale, so loading and matching are measured on 50,000 startups, not 75.

Pure: numbers in, plain dict rows out (the shape of seeds/demo/*.json); no Flask, no models.
"""
import json
import random
from bisect import bisect
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Iterator, Sequence

from ecosystem.services.directory.synthetic_vocab import (  # noqa: F401  (re-exported for callers)
    _ASCII, _BRAND, _CAPACITY_CUM, _FALLBACK, _FOUNDED, _FOUNDER_ROLES, _GIVEN, _HOSTS, _INVESTED,
    _INVESTOR_ORGS, _LANGUAGES, _MENTOR_ROLES, _MIDDLE, _STAGE_CUM, _SUR_CUM, _SUR_NAMES,
    FLAVOUR, ROUNDS, STAGES, WARDS)
from ecosystem.validators import tax_code_check_digit

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
CITY, FORMER_PROVINCE = "Thành phố Hồ Chí Minh", "Bình Dương"
_DAY0 = date(2000, 1, 1)
_STEP = 50_000_000  # tickets and amounts are whole multiples of 50 million đồng
_RECENT = 540  # days: a mentorship or residency started this recently may still be running


def seed_vocab(seeds_dir: Path = SEEDS) -> tuple[list[dict], list[str]]:
    """The sector rows and support-type codes of the seeds: the default vocabulary."""
    sectors = json.loads((seeds_dir / "demo" / "sectors.json").read_text(encoding="utf-8"))
    needs = json.loads((seeds_dir / "support_types.json").read_text(encoding="utf-8"))
    return sectors, [n["code"] for n in needs]


def tax_codes(count: int, rng: random.Random) -> list[str]:
    """`count` distinct valid codes 99NNNNNNNC with N₁ ≠ 0, so they never meet the demo block 9900…."""
    out: list[str] = []
    seen: set[int] = set()
    while len(out) < count:
        wanted = min(9_000_000 - len(seen), (count - len(out)) * 12 // 10 + 8)
        if wanted <= 0:
            raise ValueError("more synthetic tax codes asked for than the 99 block holds")
        for n in rng.sample(range(1_000_000, 10_000_000), wanted):
            if n in seen:
                continue
            seen.add(n)
            check = tax_code_check_digit(f"99{n}")
            if check is not None:
                out.append(f"99{n}{check}")
                if len(out) == count:
                    break
    return out


def approx_rows(startups: int, mentors: int, investors: int) -> int:
    """A progress bar's total (organisations + people + relationships), within about 10 %."""
    return int(startups * 10.1 + mentors * 2.6 + investors) + 60


def generate(startups: int, mentors: int, investors: int, seed: int = 0, *,
             sectors: Sequence[dict] | None = None, needs: Sequence[str] | None = None,
             as_of: date = date(2026, 9, 30)) -> Iterator[tuple[str, dict]]:
    """Yield ("organisation" | "person" | "relationship", row): all organisations, then all people,
    then all relationships, so every endpoint comes before the edges naming it.

    `investors` counts angels (people) and funds/firms (organisations) together. Founders (1–3 per
    startup), universities, hosts, clubs and enterprises come on top; the mean degree is about 5.
    """
    default_sectors, default_needs = seed_vocab() if sectors is None or needs is None else (None, None)
    world = _World(startups, mentors, investors, random.Random(seed), list(sectors or default_sectors),
                   list(needs or default_needs), as_of)
    yield from world.organisations()
    yield from world.people()
    yield from world.relationships()


class _World:
    """Compact per-node arrays, so 50,000 startups stream without holding every row in memory."""

    def __init__(self, n, m, k, rng, sectors, needs, as_of):
        self.rng, self.rnd, self.needs = rng, rng.random, needs
        self.codes = [s["code"] for s in sectors]
        self.labels = [s["vi"].lower() for s in sectors]
        self.flav = [FLAVOUR.get(c, _FALLBACK) for c in self.codes]
        self.sec_cum = list(accumulate(f[0] for f in self.flav))
        self.iso = [(_DAY0 + timedelta(i)).isoformat() for i in range((as_of - _DAY0).days + 1)]
        self.jan1 = [(date(y, 1, 1) - _DAY0).days for y in range(_DAY0.year, max(as_of.year, 2030) + 2)]
        self.last, self.recent = len(self.iso) - 1, len(self.iso) - 1 - _RECENT
        self.n, self.m = n, m
        self.funds = round(k * 0.3) if k > 1 else 0
        self.angels = k - self.funds
        self.unis, self.hosts = max(2, n // 4000), max(3, n // 300)
        self.clubs, self.firms = max(3, n // 250), max(4, n // 80)
        self.used_names: set[str] = set()
        self.inv: list[tuple] = []  # (ref, stages, sectors, ticket min, ticket max): funds, then angels

    # --- fast draws (random() and arithmetic, several times quicker than choice/randint) ---
    def pick(self, seq):
        return seq[int(self.rnd() * len(seq))]

    def between(self, lo: int, hi: int) -> int:
        return lo + int(self.rnd() * (hi - lo + 1))

    def weighted(self, cum) -> int:
        return bisect(cum, self.rnd() * cum[-1])

    def sector(self) -> int:
        return self.weighted(self.sec_cum)

    def some_sectors(self, most: int) -> list[int]:
        return list(dict.fromkeys(self.sector() for _ in range(self.between(1, most))))

    def few(self, seq, k: int) -> list:
        """k distinct items of a short sequence (random.sample costs ~5× more at this size)."""
        chosen = {}
        while len(chosen) < k:
            item = self.pick(seq)
            chosen[item] = None
        return list(chosen)

    def day(self, first_year: int, last_year: int) -> int:
        """A day index (into self.iso) between 1 January of one year and 31 December of another."""
        lo, hi = self.jan1[first_year - _DAY0.year], self.jan1[last_year + 1 - _DAY0.year] - 1
        return self.between(min(lo, self.last), min(hi, self.last))

    def place(self) -> dict:
        ward, district = self.pick(WARDS)
        return {"city": CITY, "ward": ward, "former_province": FORMER_PROVINCE, "former_district": district}

    def brand(self, prefix: str, word: str = "") -> tuple[str, str]:
        """A unique invented name and the ASCII stem of its made-up example.vn domain."""
        for attempt in range(1000):
            parts = self.few(_BRAND, 2 if attempt < 3 else 3)
            name = " ".join(p for p in (prefix, word, *parts) if p)
            if name not in self.used_names:
                self.used_names.add(name)
                return name, "".join(_ASCII[p] for p in parts[:2]) + str(len(self.used_names))
        raise ValueError(f"no invented name left for {prefix} {word}")

    def person_name(self) -> tuple[str, str]:
        female = self.rnd() < 0.45
        sur, given = _SUR_NAMES[self.weighted(_SUR_CUM)], self.pick(_GIVEN[female])
        return f"{sur} {self.pick(_MIDDLE[female])} {given}", f"{_ASCII[given]}.{_ASCII[sur]}"

    # --- rows --------------------------------------------------------------------------------
    def org(self, key, kind, prefix, secs, word="", **extra) -> tuple[str, dict]:
        name, stem = self.brand(prefix, word)
        row = {"key": key, "kind": kind, "name": name, "name_en": None, "description": None,
               "sectors": [self.codes[s] for s in secs], "technologies": list(self.flav[secs[0]][3]),
               "stage": None, "founded_on": None, "first_registered_on": None, "tax_code": None,
               "street": f"Số {self.between(1, 300)}, Đường số {self.between(1, 40)}",
               "website": f"https://{stem}.example.vn", "email": f"lienhe@{stem}.example.vn",
               "phone": f"0274 0000 {self.between(0, 999):03d}", "size_class": None, "state_owned": False,
               "status": "verified", **self.place()}
        row.update(extra)
        return "organisation", row

    def person(self, key, secs, title, bio, **extra) -> tuple[str, dict]:
        name, stem = self.person_name()
        row = {"key": key, "full_name": name, "title": title, "bio": bio,
               "sectors": [self.codes[s] for s in secs],
               "languages": _LANGUAGES[self.weighted((60, 94, 97, 100))],
               "email": f"{stem}{key[4:]}@mail.example.vn",
               "phone": f"0274 000{self.between(1, 9)} {self.between(0, 999):03d}",
               "contact_visibility": ("members", "public", "private")[self.weighted((60, 85, 100))],
               "is_judge": False, "is_coordinator": False, **self.place()}
        row.update(extra)
        return "person", row

    def investor(self, ref, secs, stages, tmin, geography) -> dict:
        tmax = tmin * self.between(3, 10)
        self.inv.append((ref, stages, set(secs), tmin, tmax))
        return {"sectors": [self.codes[s] for s in secs], "stages": [STAGES[s] for s in sorted(stages)],
                "ticket_min_vnd": tmin, "ticket_max_vnd": tmax, "geography": geography}

    def edge(self, kind, source, target, start=-1, end=-1, **extra) -> tuple[str, dict]:
        row = {"kind": kind, "source": source, "target": target,
               "started_on": self.iso[start] if start >= 0 else None,
               "ended_on": self.iso[end] if end >= 0 else None,
               "amount_vnd": None, "round": None, "cohort": None, "role_title": None, "note": None}
        row.update(extra)
        return "relationship", row

    # --- the three streams -------------------------------------------------------------------
    def organisations(self) -> Iterator[tuple[str, dict]]:
        codes = iter(tax_codes(self.firms + self.funds + self.n, self.rng))
        for i in range(self.unis):
            yield self.org(f"syn-u{i}", "university", "Trường Đại học", self.some_sectors(3),
                           size_class="large")
        for i in range(self.hosts):
            yield self.org(f"syn-h{i}", *_HOSTS[i % 3], self.some_sectors(3))
        for i in range(self.clubs):
            yield self.org(f"syn-c{i}", "club", "CLB Khởi nghiệp", self.some_sectors(2), website=None)
        for i in range(self.firms):
            sec, day = self.sector(), self.iso[self.day(2005, 2016)]
            yield self.org(f"syn-e{i}", "enterprise", "Công ty Cổ phần", [sec], self.flav[sec][1],
                           founded_on=day, first_registered_on=day, tax_code=next(codes),
                           size_class=self.pick(("medium", "large")), state_owned=self.rnd() < 0.1)
        for i in range(self.funds):
            secs, day = self.some_sectors(3), self.iso[self.day(2012, 2022)]
            stages = set(self.few(range(1, 5), self.between(2, 3)))
            profile = self.investor(f"o:syn-f{i}", secs, stages, self.pick((1, 2, 5, 10)) * 1_000_000_000,
                                    "Đông Nam Bộ và cả nước")
            kind, prefix = _INVESTOR_ORGS[i % 2]
            yield self.org(f"syn-f{i}", kind, prefix, secs, founded_on=day, first_registered_on=day,
                           tax_code=next(codes), size_class="small", investor=profile)
        self.sec, self.stage, self.founded, self.nf = [], [], [], []
        for i in range(self.n):
            yield self.startup(i, codes)

    def startup(self, i: int, codes) -> tuple[str, dict]:
        stage, secs = self.weighted(_STAGE_CUM), self.some_sectors(2)
        flav, registered = self.flav[secs[0]], stage >= 2 or (stage == 1 and self.rnd() < 0.8)
        day = self.day(*_FOUNDED[stage]) if stage else -1
        self.sec.append(secs)
        self.stage.append(stage)
        self.founded.append(day)
        self.nf.append(1 + self.weighted((35, 80, 100)))
        place, team = self.place(), (4, 8, 20, 60, 200)[stage]
        return self.org(
            f"syn-s{i}", "startup", "Công ty TNHH" if registered else "Nhóm dự án", secs, flav[1],
            stage=STAGES[stage],
            description=f"Startup {self.labels[secs[0]]} tại {place['ward']}: {flav[2]}.",
            founded_on=self.iso[day] if day >= 0 else None,
            first_registered_on=self.iso[day] if registered else None,
            tax_code=next(codes) if registered else None,
            **({} if registered else {"street": None, "website": None}),
            size_class=(None, "micro", "micro", "small", "medium")[stage],
            status="pending" if stage == 0 or self.rnd() < 0.1 else "verified",
            startup={"product": flav[2].capitalize(), "team_size": self.between(team // 4 + 1, team),
                     "ip_status": ("none", "filed", "granted")[self.weighted((60 - 10 * stage, 88, 100))],
                     "revenue_band": ("none", "none", "under_1b", "1b_10b", "over_10b")[stage],
                     "customers": f"Doanh nghiệp và hộ kinh doanh tại {place['former_district']}",
                     "funding_sought_vnd": self.between(0, 3) * 500_000_000 * (stage + 1) or None,
                     "needs": self.few(self.needs, self.between(1, 4))},
            **place)

    def people(self) -> Iterator[tuple[str, dict]]:
        self.cap, self.by_sector = [], [[] for _ in self.codes]
        for i in range(self.m):
            secs, cap, first = self.some_sectors(3), 1 + self.weighted(_CAPACITY_CUM), self.between(0, 3)
            self.cap.append(cap)
            for s in secs:
                self.by_sector[s].append(i)
            mentor = {"topics": self.few(self.needs, 2) + [self.flav[secs[0]][3][0]],
                      "stages": list(STAGES[first:first + self.between(2, 3)]), "capacity": cap,
                      "available": self.rnd() < 0.85}
            yield self.person(f"syn-m{i}", secs, self.pick(_MENTOR_ROLES),
                              f"{self.between(5, 25)} năm kinh nghiệm về {self.labels[secs[0]]}.",
                              mentor=mentor, is_judge=self.rnd() < 0.08)
        for i in range(self.angels):
            secs, stages = self.some_sectors(3), set(self.few(range(1, 4), self.between(1, 3)))
            profile = self.investor(f"p:syn-a{i}", secs, stages, self.pick((1, 2, 3, 5)) * 100_000_000,
                                    "Thành phố Hồ Chí Minh và Đông Nam Bộ")
            yield self.person(f"syn-a{i}", secs, "Nhà đầu tư thiên thần",
                              f"Đầu tư thiên thần vào {self.labels[secs[0]]}.", investor=profile,
                              is_judge=self.rnd() < 0.1)
        self.by_stage = [[j for j, inv in enumerate(self.inv) if s in inv[1]] for s in range(5)]
        total = sum(self.nf)
        chosen = sorted(self.rng.sample(range(total), min(self.clubs, total)))
        self.coordinator_of = {f: c for c, f in enumerate(chosen)}  # founder index → club index
        f = 0
        for s in range(self.n):
            for j in range(self.nf[s]):
                yield self.person(f"syn-p{f}", self.sec[s][:1], _FOUNDER_ROLES[j], None,
                                  is_coordinator=f in self.coordinator_of)
                f += 1

    def relationships(self) -> Iterator[tuple[str, dict]]:
        last, recent, rnd, edge = self.last, self.recent, self.rnd, self.edge
        for i in range(self.hosts):
            yield edge("partner", f"o:syn-h{i}", f"o:syn-u{i % self.unis}", self.day(2018, 2024))
        for i in range(self.clubs):
            yield edge("partner", f"o:syn-c{i}", f"o:syn-h{i % self.hosts}", self.day(2019, 2025))
        for i in range(self.m):
            if rnd() < 0.6:
                firm, uni = f"o:syn-e{self.between(0, self.firms - 1)}", f"o:syn-u{i % self.unis}"
                org = firm if rnd() < 0.6 else uni
                yield edge("employee", f"p:syn-m{i}", org, self.day(2010, 2022))
            yield edge("alumnus", f"p:syn-m{i}", f"o:syn-u{self.between(0, self.unis - 1)}")
        for f, c in self.coordinator_of.items():
            yield edge("member", f"p:syn-p{f}", f"o:syn-c{c}", self.day(2022, 2025),
                       role_title="Điều phối viên")
        self.active, f = [0] * self.m, 0
        for s in range(self.n):
            start = self.founded[s] if self.founded[s] >= 0 else self.between(recent, last)
            yield from self.startup_edges(s, f"o:syn-s{s}", f, start)
            f += self.nf[s]

    def startup_edges(self, s: int, ref: str, f: int, start: int) -> Iterator[tuple[str, dict]]:
        last, recent, rnd, edge, between = self.last, self.recent, self.rnd, self.edge, self.between
        for j in range(self.nf[s]):
            person = f"p:syn-p{f + j}"
            yield edge("founder", person, ref, start, role_title=_FOUNDER_ROLES[j].split(",")[0])
            if rnd() < 0.8:
                yield edge("alumnus", person, f"o:syn-u{between(0, self.unis - 1)}")
            hired = start - between(400, 2000)
            if rnd() < 0.2 and hired >= 0:  # a spin-off: the founder worked at an enterprise before
                yield edge("employee", person, f"o:syn-e{between(0, self.firms - 1)}", hired,
                           start - between(1, 300))
            if rnd() < 0.15:
                yield edge("club_member", person, f"o:syn-c{between(0, self.clubs - 1)}",
                           between(start, last))
            if rnd() < 0.01 and self.m:
                yield edge("family", person, f"p:syn-m{between(0, self.m - 1)}", note="Quan hệ họ hàng")
        if rnd() < 0.55:
            begin = between(start, last)
            when = self.iso[begin]
            yield edge("resident", ref, f"o:syn-h{between(0, self.hosts - 1)}", begin,
                       begin + between(180, 360) if begin < recent else -1,
                       cohort=f"{when[:4]}-{'A' if when[5:7] <= '06' else 'B'}")
        if rnd() < 0.45:
            yield edge("club_member", ref, f"o:syn-c{between(0, self.clubs - 1)}", between(start, last))
        if rnd() < 0.3:
            yield edge("partner", ref, f"o:syn-e{between(0, self.firms - 1)}", between(start, last))
        for _ in range(self.weighted((30, 70, 93, 100)) if self.m else 0):
            pool = self.by_sector[self.sec[s][0]]
            mentor = self.pick(pool) if pool and rnd() < 0.75 else between(0, self.m - 1)
            begin = between(start, last)
            if begin >= recent and self.active[mentor] < self.cap[mentor]:
                self.active[mentor] += 1
                yield edge("mentor", f"p:syn-m{mentor}", ref, begin)
            elif begin + 90 <= last:  # a past mentorship, ended before as_of
                yield edge("mentor", f"p:syn-m{mentor}", ref, begin, min(last, begin + between(90, 365)))
        pool, stage = self.by_stage[self.stage[s]], self.stage[s]
        if pool and rnd() < _INVESTED[stage]:
            for _ in range(between(1, 3)):
                j = self.pick(pool)
                for _ in range(3):  # prefer an investor whose thesis names the startup's sector
                    if self.sec[s][0] in self.inv[j][2]:
                        break
                    j = self.pick(pool)
                ref_inv, _, _, tmin, tmax = self.inv[j]
                yield edge("investor", ref_inv, ref, between(start, last),
                           amount_vnd=tmin + between(0, (tmax - tmin) // _STEP) * _STEP,
                           round=self.pick(ROUNDS[STAGES[stage]]))
