"""Synthetic ecosystems at scale, so loading and matching are measured on 50,000 startups, not 75.

Pure: plain numbers in, plain dict rows out (the shape of seeds/demo/*.json), no Flask, no models.
"""
import json
import random
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Iterator, Sequence

from ecosystem.text import fold
from ecosystem.validators import tax_code_check_digit

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CITY, FORMER_PROVINCE = "Thành phố Hồ Chí Minh", "Bình Dương"
STAGES = ("idea", "pre_seed", "seed", "series_a_plus", "growth")
# The wards of the former Bình Dương after 1/7/2025, each with the former district it mostly covers.
WARDS = tuple((w, d) for d, ws in (
    ("Thủ Dầu Một", "Phường Thủ Dầu Một|Phường Phú Lợi|Phường Bình Dương|Phường Chánh Hiệp"),
    ("Dĩ An", "Phường Dĩ An|Phường Tân Đông Hiệp|Phường Đông Hòa"),
    ("Thuận An", "Phường Thuận An|Phường Lái Thiêu|Phường Thuận Giao|Phường An Phú|Phường Bình Hòa"),
    ("Bến Cát", "Phường Bến Cát|Phường Chánh Phú Hòa|Phường Thới Hòa|Phường Tây Nam"
                "|Phường Long Nguyên|Phường Hòa Lợi"),
    ("Tân Uyên", "Phường Tân Uyên|Phường Tân Khánh|Phường Vĩnh Tân|Phường Bình Cơ|Phường Tân Hiệp"),
    ("Bắc Tân Uyên", "Xã Bắc Tân Uyên|Xã Thường Tân"),
    ("Bàu Bàng", "Xã Bàu Bàng|Xã Trừ Văn Thố"),
    ("Phú Giáo", "Xã Phú Giáo|Xã Phước Thành|Xã Phước Hòa|Xã An Long"),
    ("Dầu Tiếng", "Xã Dầu Tiếng|Xã Minh Thạnh|Xã Long Hòa|Xã Thanh An"),
) for w in ws.split("|"))
# code: (weight, word in a company name, product, technologies) — Bình Dương leans industrial.
FLAVOUR = {
    "agritech": (8, "Nông Nghiệp", "cảm biến và nhật ký số cho vườn cây ăn trái", ("IoT", "LoRa", "cảm biến độ ẩm")),
    "biotech": (4, "Sinh Học", "chế phẩm vi sinh cho trồng trọt và chăn nuôi", ("vi sinh", "lên men", "enzyme")),
    "edtech": (6, "Giáo Dục Số", "nền tảng học trực tuyến có luyện tập thích ứng", ("LMS", "học thích ứng")),
    "fintech": (5, "Tài Chính Số", "ví điện tử và ứng lương cho người lao động", ("thanh toán số", "eKYC")),
    "healthtech": (6, "Y Tế Số", "phần mềm quản lý phòng khám và khám từ xa", ("telehealth", "hồ sơ sức khỏe điện tử")),
    "logistics": (7, "Kho Vận", "điều phối xe tải và quản lý kho cho khu công nghiệp", ("WMS", "tối ưu lộ trình")),
    "manufacturing": (10, "Cơ Khí Số", "giám sát hiệu suất máy móc theo thời gian thực", ("OEE", "PLC", "MES")),
    "smartcity": (4, "Đô Thị Số", "ứng dụng phản ánh hiện trường và dịch vụ đô thị", ("GIS", "bản đồ số")),
    "iot": (6, "Kết Nối", "thiết bị IoT giám sát điện, nước và môi trường", ("IoT", "MQTT", "vi điều khiển")),
    "ai_data": (7, "Dữ Liệu", "phân tích dữ liệu và trợ lý AI cho doanh nghiệp", ("học máy", "xử lý ngôn ngữ tự nhiên")),
    "ecommerce": (8, "Thương Mại Số", "sàn bán hàng trực tuyến cho sản phẩm địa phương", ("thương mại điện tử", "livestream")),
    "tourism": (2, "Du Lịch", "đặt tour sinh thái và lưu trú cho chuyên gia", ("đặt chỗ trực tuyến",)),
    "clean_energy": (4, "Năng Lượng", "điện mặt trời mái nhà và lưu trữ năng lượng", ("điện mặt trời", "pin lưu trữ")),
    "environment": (5, "Môi Trường", "thu gom, tái chế chất thải và quan trắc môi trường", ("tái chế", "quan trắc")),
    "foodtech": (5, "Thực Phẩm", "thực phẩm chế biến sâu và truy xuất nguồn gốc", ("sấy lạnh", "truy xuất QR")),
    "construction": (3, "Xây Dựng", "quản lý công trình bằng mô hình BIM", ("BIM", "in 3D bê tông")),
    "textile": (3, "Dệt May", "vải tái chế và rập số cho xưởng may", ("sợi tái chế", "CAD rập")),
    "creative": (3, "Sáng Tạo", "nội dung số, hoạt hình và quảng bá thương hiệu", ("hoạt hình 3D", "video ngắn")),
    "govtech": (2, "Pháp Lý Số", "hợp đồng điện tử và thủ tục hành chính trực tuyến", ("chữ ký số", "OCR")),
    "semiconductor": (2, "Vi Mạch", "thiết kế và kiểm thử vi mạch cảm biến", ("thiết kế vi mạch", "FPGA")),
    "furniture": (4, "Nội Thất", "nội thất gỗ thiết kế theo yêu cầu, bán trực tuyến", ("CNC gỗ", "cấu hình 3D")),
}
_FALLBACK = (3, "Công Nghệ", "giải pháp công nghệ cho doanh nghiệp nhỏ", ("chuyển đổi số",))
_BRAND = ("An Khang Phát Lộc Thịnh Hưng Phúc Tín Đạt Minh Tâm Nguyên Hòa Gia Việt Sao Mai Trúc Lam Thiên"
          " Kim Hải Sơn Phong Vinh Quang Tiến Trí Đức Long Nam Bảo Hồng Ngọc Thái Tường Vân Khải Nhật"
          " Đông Kiên Hạnh Thuận Lợi Toàn Mỹ Liên Uy Nghĩa Hiền Thanh Phước Cát Tường Lâm Khôi").split()
_SURNAMES = (("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 5), ("Võ", 4), ("Phan", 4),
             ("Trương", 3), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2), ("Ngô", 2), ("Dương", 2),
             ("Lý", 1), ("Quách", 1), ("Lâm", 1), ("Tạ", 1), ("Thạch", 1), ("Khương", 1), ("Mạc", 1))
_MIDDLE = ("Văn Hữu Minh Đức Quốc Thanh Hoàng Gia Công Tuấn".split(),
           "Thị Ngọc Thu Thanh Minh Bảo Khánh Hoài Phương Mỹ".split())
_GIVEN = ("Khoa Tùng Phúc Hiếu Nhân Thiện Tín Lộc Khải Toàn Phong Sơn Quân Vũ Đạt Hào Kiệt Trí Duy Khang".split(),
          "Lan Hương Trang Thảo Hạnh Nhung Vy Ngân Quyên Diệp Uyên Tâm Trinh Loan Yến Nhi My Châu Hà Linh".split())
_SUR_NAMES = [s for s, _ in _SURNAMES]
_SUR_CUM = list(accumulate(w for _, w in _SURNAMES))
_ASCII = {w: fold(w).replace(" ", "") for w in set(_BRAND + _SUR_NAMES + sum(_GIVEN, []))}
_MENTOR_ROLES = ("Giám đốc vận hành", "Chuyên gia chuyển đổi số", "Giảng viên", "Luật sư sở hữu trí tuệ",
                 "Chuyên gia tài chính", "Giám đốc kinh doanh", "Kỹ sư trưởng", "Chuyên gia marketing")
_FOUNDER_ROLES = ("Nhà sáng lập, Giám đốc điều hành", "Đồng sáng lập, Giám đốc công nghệ",
                  "Đồng sáng lập, Giám đốc kinh doanh")
ROUNDS = {"pre_seed": ("pre-seed",), "seed": ("seed",), "series_a_plus": ("series A", "series B"),
          "growth": ("series B", "series C")}
INVEST_P = {"idea": 0.0, "pre_seed": 0.3, "seed": 0.65, "series_a_plus": 0.95, "growth": 1.0}
_FOUNDED = {"pre_seed": (2022, 2026), "seed": (2020, 2025), "series_a_plus": (2016, 2023), "growth": (2010, 2020)}
_DAY0 = date(2010, 1, 1)
_STEP = 50_000_000  # tickets and amounts are whole multiples of 50 million đồng


def seed_vocab(seeds_dir: Path = SEEDS) -> tuple[list[dict], list[str]]:
    """The sector rows and support-type codes of the seeds, the default vocabulary."""
    sectors = json.loads((seeds_dir / "demo" / "sectors.json").read_text(encoding="utf-8"))
    needs = json.loads((seeds_dir / "support_types.json").read_text(encoding="utf-8"))
    return sectors, [n["code"] for n in needs]


def tax_codes(count: int, rng: random.Random) -> list[str]:
    """Distinct valid codes 99NNNNNNNC with N₁ ≠ 0, so they never meet the demo block 9900…."""
    out: list[str] = []
    seen: set[int] = set()
    while len(out) < count:
        for n in rng.sample(range(1_000_000, 10_000_000), min(9_000_000, (count - len(out)) * 12 // 10 + 8)):
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
    """A progress bar's total: organisations + people + relationships, within about 10%."""
    return int(startups * 10.4 + mentors * 1.6 + investors * 1.3) + 40


def generate(startups: int, mentors: int, investors: int, seed: int = 0, *,
             sectors: Sequence[dict] | None = None, needs: Sequence[str] | None = None,
             as_of: date = date(2026, 9, 30)) -> Iterator[tuple[str, dict]]:
    """Yield ("organisation" | "person" | "relationship", row): every organisation, then every
    person, then every relationship, so each endpoint precedes the edges that name it.

    `investors` counts angels (people) and funds/firms (organisations) together; mean degree ≈ 5.
    """
    if sectors is None or needs is None:
        default_sectors, default_needs = seed_vocab()
        sectors, needs = sectors or default_sectors, needs or default_needs
    return _World(startups, mentors, investors, random.Random(seed), list(sectors), list(needs), as_of).rows()


class _World:
    """Compact per-node arrays built once, so 50,000 startups stream without holding every row."""

    def __init__(self, n, m, k, rng, sectors, needs, as_of):
        self.rng, self.needs, self.as_of = rng, needs, as_of
        self.codes = [s["code"] for s in sectors]
        self.labels = [s["vi"].lower() for s in sectors]
        self.flav = [FLAVOUR.get(c, _FALLBACK) for c in self.codes]
        self.sec_cum = list(accumulate(f[0] for f in self.flav))
        self.iso = [(_DAY0 + timedelta(i)).isoformat() for i in range((as_of - _DAY0).days + 1)]
        self.n, self.m = n, m
        self.funds = round(k * 0.3) if k > 1 else 0
        self.angels = k - self.funds
        self.unis, self.hosts = max(2, n // 4000), max(3, n // 300)
        self.clubs, self.firms = max(3, n // 250), max(4, n // 80)
        self.used_names: set[str] = set()

    # --- small draws ---------------------------------------------------------------------
    def sector(self) -> int:
        return self.rng.choices(range(len(self.codes)), cum_weights=self.sec_cum)[0]

    def day(self, first_year: int, last_year: int) -> int:
        lo, hi = (date(first_year, 1, 1) - _DAY0).days, (date(last_year, 12, 31) - _DAY0).days
        return self.rng.randint(lo, min(hi, len(self.iso) - 1))

    def two_sectors(self) -> list[int]:
        return list({self.sector(), self.sector()})

    def place(self) -> dict:
        ward, district = self.rng.choice(WARDS)
        return {"city": CITY, "ward": ward, "former_district": district}

    def brand(self, prefix: str, word: str) -> tuple[str, str]:
        """A unique invented name and its ASCII stem for made-up domains."""
        while True:
            a, b = self.rng.sample(_BRAND, 2)
            name = f"{prefix} {word} {a} {b}".replace("  ", " ")
            if name not in self.used_names:
                self.used_names.add(name)
                return name, f"{_ASCII[a]}{_ASCII[b]}{len(self.used_names)}"

    def person_name(self) -> tuple[str, str]:
        r, female = self.rng, self.rng.random() < 0.45
        sur = r.choices(_SUR_NAMES, cum_weights=_SUR_CUM)[0]
        given = r.choice(_GIVEN[female])
        return f"{sur} {r.choice(_MIDDLE[female])} {given}", f"{_ASCII[given]}.{_ASCII[sur]}"


    def org(self, key, kind, name, stem, secs, **extra) -> dict:
        r, f = self.rng, self.flav[secs[0]]
        row = {"key": key, "kind": kind, "name": name, "name_en": None, "description": None,
               "sectors": [self.codes[s] for s in secs], "technologies": list(f[3]), "stage": None,
               "founded_on": None, "first_registered_on": None, "tax_code": None,
               "former_province": FORMER_PROVINCE, "street": f"Số {r.randint(1, 300)}, Đường số {r.randint(1, 40)}",
               "website": f"https://{stem}.example.vn", "email": f"lienhe@{stem}.example.vn",
               "phone": f"0274 0000 {r.randint(0, 999):03d}", "size_class": None, "state_owned": False,
               "status": "verified"}
        row.update(self.place())
        row.update(extra)
        return row

    # --- the three streams -----------------------------------------------------------------
    def rows(self) -> Iterator[tuple[str, dict]]:
        yield from self.organisations()
        yield from self.people()
        yield from self.relationships()

    def organisations(self) -> Iterator[tuple[str, dict]]:
        r, n, codes = self.rng, self.n, iter(tax_codes(self.firms + self.funds + self.n, self.rng))
        two = self.two_sectors
        for i in range(self.unis):
            name, stem = self.brand("Trường Đại học", "")
            yield "organisation", self.org(f"syn-u{i}", "university", name, stem, two(), size_class="large")
        kinds = (("incubator", "Vườn ươm Khởi nghiệp"), ("coworking", "Không gian Làm việc Chung"),
                 ("accelerator", "Trung tâm Thúc đẩy Kinh doanh"))
        for i in range(self.hosts):
            kind, prefix = kinds[i % 3]
            name, stem = self.brand(prefix, "")
            yield "organisation", self.org(f"syn-h{i}", kind, name, stem, two())
        for i in range(self.clubs):
            name, stem = self.brand("CLB Khởi nghiệp", "")
            yield "organisation", self.org(f"syn-c{i}", "club", name, stem, two(), website=None)
        for i in range(self.firms):
            sec = self.sector()
            name, stem = self.brand("Công ty Cổ phần", self.flav[sec][1])
            day = self.iso[self.day(2010, 2016)]
            yield "organisation", self.org(
                f"syn-e{i}", "enterprise", name, stem, [sec], founded_on=day, first_registered_on=day,
                tax_code=next(codes), size_class=r.choice(("medium", "large")), state_owned=r.random() < 0.1)
        self.inv = []  # (ref, stage set, sector set, ticket min, ticket max) for funds then angels
        for i in range(self.funds):
            secs, tmin = two(), r.choice((1, 2, 5, 10)) * 1_000_000_000
            stages = set(r.sample(range(1, 5), r.randint(2, 3)))
            profile = self.investor(secs, stages, tmin, tmin * r.randint(3, 10), "Đông Nam Bộ và cả nước")
            self.inv.append((f"o:syn-f{i}", stages, set(secs), profile["ticket_min_vnd"], profile["ticket_max_vnd"]))
            kind, prefix = (("fund", "Quỹ Đầu tư Khởi nghiệp"), ("investor_firm", "Công ty Cổ phần Đầu tư"))[i % 2]
            name, stem = self.brand(prefix, "")
            day = self.iso[self.day(2012, 2022)]
            yield "organisation", self.org(f"syn-f{i}", kind, name, stem, secs, founded_on=day, first_registered_on=day,
                                           tax_code=next(codes), size_class="small", investor=profile)
        self.sec, self.stage, self.founded, self.nf = [], [], [], []
        for i in range(n):
            sec, stage = self.sector(), r.choices(range(5), cum_weights=(18, 45, 75, 90, 100))[0]
            flav, code = self.flav[sec], STAGES[stage]
            secs = [sec] if r.random() < 0.6 else list(dict.fromkeys((sec, self.sector())))
            registered = stage >= 2 or (stage == 1 and r.random() < 0.8)
            day = self.day(*_FOUNDED[code]) if stage else -1
            self.sec.append(secs)
            self.stage.append(stage)
            self.founded.append(day)
            self.nf.append(r.choices((1, 2, 3), cum_weights=(35, 80, 100))[0])
            name, stem = self.brand("Công ty TNHH" if registered else "Nhóm dự án", flav[1])
            place = self.place()
            sought = r.choice((0, 1, 2, 3)) * 500_000_000 * (stage + 1) or None
            team = (r.randint(2, 4), r.randint(3, 8), r.randint(5, 20), r.randint(15, 60), r.randint(40, 200))[stage]
            yield "organisation", self.org(
                f"syn-s{i}", "startup", name, stem, secs, stage=code,
                description=f"Startup {self.labels[sec]} tại {place['ward']}: {flav[2]}.",
                founded_on=self.iso[day] if day >= 0 else None,
                first_registered_on=self.iso[day] if registered and day >= 0 else None,
                tax_code=next(codes) if registered else None, street=None if stage == 0 else f"Số {i % 300 + 1}",
                website=f"https://{stem}.example.vn" if registered else None,
                size_class=(None, "micro", "micro", "small", "medium")[stage],
                status="pending" if stage == 0 or r.random() < 0.1 else "verified",
                startup={"product": flav[2].capitalize(), "team_size": team,
                         "ip_status": r.choices(("none", "filed", "granted"), cum_weights=(60 - 10 * stage, 88, 100))[0],
                         "revenue_band": ("none", "none", "under_1b", "1b_10b", "over_10b")[stage],
                         "customers": f"Doanh nghiệp và hộ kinh doanh tại {place['former_district']}",
                         "funding_sought_vnd": sought, "needs": r.sample(self.needs, r.randint(1, 4))},
                **place)

    def investor(self, secs, stages, tmin, tmax, geography) -> dict:
        return {"sectors": [self.codes[s] for s in secs], "stages": [STAGES[s] for s in sorted(stages)],
                "ticket_min_vnd": tmin, "ticket_max_vnd": tmax, "geography": geography}

    def person(self, key, name, stem, secs, title, bio, **extra) -> dict:
        r = self.rng
        row = {"key": key, "full_name": name, "title": title, "bio": bio, "sectors": [self.codes[s] for s in secs],
               "languages": r.choices((["vi"], ["vi", "en"], ["vi", "en", "ja"], ["vi", "ko"]),
                                      cum_weights=(60, 94, 97, 100))[0],
               "email": f"{stem}{key[4:]}@mail.example.vn",
               "phone": f"0274 000{r.randint(1, 9)} {r.randint(0, 999):03d}",
               "contact_visibility": r.choices(("members", "public", "private"), cum_weights=(60, 85, 100))[0],
               "is_judge": False, "is_coordinator": False}
        row.update(self.place())
        row.update(extra)
        return row

    def people(self) -> Iterator[tuple[str, dict]]:
        r = self.rng
        self.cap, self.by_sector = [], [[] for _ in self.codes]
        for i in range(self.m):
            secs = list({self.sector() for _ in range(r.randint(1, 3))})
            cap = r.choices((1, 2, 3, 4, 5), cum_weights=(15, 45, 75, 90, 100))[0]
            first = r.randint(0, 3)
            self.cap.append(cap)
            for s in secs:
                self.by_sector[s].append(i)
            name, stem = self.person_name()
            mentor = {"topics": r.sample(self.needs, 2) + [self.flav[secs[0]][3][0]],
                      "stages": list(STAGES[first:first + r.randint(2, 3)]), "capacity": cap,
                      "available": r.random() < 0.85}
            yield "person", self.person(f"syn-m{i}", name, stem, secs, r.choice(_MENTOR_ROLES),
                                        f"{r.randint(5, 25)} năm kinh nghiệm trong lĩnh vực {self.labels[secs[0]]}.",
                                        mentor=mentor, is_judge=r.random() < 0.08)
        for i in range(self.angels):
            secs, tmin = list({self.sector() for _ in range(r.randint(1, 3))}), r.choice((1, 2, 3, 5)) * 100_000_000
            stages = set(r.sample(range(1, 4), r.randint(1, 3)))
            profile = self.investor(secs, stages, tmin, tmin * r.randint(3, 10), "Thành phố Hồ Chí Minh")
            self.inv.append((f"p:syn-a{i}", stages, set(secs), profile["ticket_min_vnd"], profile["ticket_max_vnd"]))
            name, stem = self.person_name()
            yield "person", self.person(f"syn-a{i}", name, stem, secs, "Nhà đầu tư thiên thần",
                                        f"Đầu tư thiên thần vào {self.labels[secs[0]]}.", investor=profile,
                                        is_judge=r.random() < 0.1)
        self.by_stage = [[j for j, inv in enumerate(self.inv) if s in inv[1]] for s in range(5)]
        total = sum(self.nf)
        coordinators = set(r.sample(range(total), min(self.clubs, total)))
        self.coordinator_of = {f: c for c, f in enumerate(sorted(coordinators))}
        f = 0
        for s in range(self.n):
            for j in range(self.nf[s]):
                name, stem = self.person_name()
                yield "person", self.person(f"syn-p{f}", name, stem, self.sec[s][:1], _FOUNDER_ROLES[j],
                                            None, is_coordinator=f in coordinators)
                f += 1

    def edge(self, kind, source, target, start=-1, end=-1, **extra) -> tuple[str, dict]:
        row = {"kind": kind, "source": source, "target": target,
               "started_on": self.iso[start] if start >= 0 else None,
               "ended_on": self.iso[end] if end >= 0 else None,
               "amount_vnd": None, "round": None, "cohort": None, "role_title": None, "note": None}
        row.update(extra)
        return "relationship", row

    def relationships(self) -> Iterator[tuple[str, dict]]:
        r, last = self.rng, len(self.iso) - 1
        recent = last - 540  # started within 18 months: still active unless the mentor is full
        for i in range(self.hosts):
            yield self.edge("partner", f"o:syn-h{i}", f"o:syn-u{i % self.unis}", self.day(2018, 2024))
        for i in range(self.clubs):
            yield self.edge("partner", f"o:syn-c{i}", f"o:syn-h{i % self.hosts}", self.day(2019, 2025))
        for i in range(self.m):
            if r.random() < 0.6:
                target = f"o:syn-e{r.randrange(self.firms)}" if r.random() < 0.6 else f"o:syn-u{r.randrange(self.unis)}"
                yield self.edge("employee", f"p:syn-m{i}", target, self.day(2010, 2022))
            yield self.edge("alumnus", f"p:syn-m{i}", f"o:syn-u{r.randrange(self.unis)}")
        for f, c in self.coordinator_of.items():
            yield self.edge("member", f"p:syn-p{f}", f"o:syn-c{c}", self.day(2022, 2025),
                            role_title="Điều phối viên")
        active = [0] * self.m
        f = 0
        for s in range(self.n):
            ref, stage, born = f"o:syn-s{s}", self.stage[s], self.founded[s]
            start = born if born >= 0 else r.randint(recent, last)
            for j in range(self.nf[s]):
                yield self.edge("founder", f"p:syn-p{f + j}", ref, start, role_title=_FOUNDER_ROLES[j].split(",")[0])
                if r.random() < 0.7:
                    yield self.edge("alumnus", f"p:syn-p{f + j}", f"o:syn-u{r.randrange(self.unis)}")
                if r.random() < 0.15:
                    yield self.edge("club_member", f"p:syn-p{f + j}", f"o:syn-c{r.randrange(self.clubs)}",
                                    r.randint(start, last))
                if r.random() < 0.01 and self.m:
                    yield self.edge("family", f"p:syn-p{f + j}", f"p:syn-m{r.randrange(self.m)}",
                                    note="Quan hệ họ hàng")
            f += self.nf[s]
            if r.random() < 0.5:
                begin = r.randint(start, last)
                gone = begin + r.randint(180, 360) if begin < recent else -1
                when = self.iso[begin]
                yield self.edge("resident", ref, f"o:syn-h{r.randrange(self.hosts)}", begin, gone,
                                cohort=f"{when[:4]}-{'A' if when[5:7] <= '06' else 'B'}")
            if r.random() < 0.35:
                yield self.edge("club_member", ref, f"o:syn-c{r.randrange(self.clubs)}", r.randint(start, last))
            if r.random() < 0.2:
                yield self.edge("partner", ref, f"o:syn-e{r.randrange(self.firms)}", r.randint(start, last))
            for _ in range(r.choices((0, 1, 2, 3), cum_weights=(30, 70, 93, 100))[0] if self.m else 0):
                pool = self.by_sector[self.sec[s][0]]
                mentor = r.choice(pool) if pool and r.random() < 0.75 else r.randrange(self.m)
                begin = r.randint(start, last)
                if begin >= recent and active[mentor] < self.cap[mentor]:
                    active[mentor] += 1
                    yield self.edge("mentor", f"p:syn-m{mentor}", ref, begin)
                elif begin + 90 <= last:  # a past mentorship, ended before as_of
                    yield self.edge("mentor", f"p:syn-m{mentor}", ref, begin, min(last, begin + r.randint(90, 365)))
            pool = self.by_stage[stage]
            if pool and r.random() < INVEST_P[STAGES[stage]]:
                for _ in range(r.randint(1, 3)):
                    j = r.choice(pool)
                    for _ in range(3):
                        if self.sec[s][0] in self.inv[j][2]:
                            break
                        j = r.choice(pool)
                    inv = self.inv[j]
                    amount = inv[3] + r.randint(0, (inv[4] - inv[3]) // _STEP) * _STEP
                    yield self.edge("investor", inv[0], ref, r.randint(start, last), amount_vnd=amount,
                                    round=r.choice(ROUNDS[STAGES[stage]]))
