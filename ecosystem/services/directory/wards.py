"""The commune-level units of Hồ Chí Minh City since 1/7/2025, as data (seeds/wards/), so an address
names a real ward and its former province and district are derived, never typed.

Pure: the seed file is read once; names are matched without accents, with or without "Phường"/"Xã".
"""
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ecosystem.text import fold

WARDS_FILE = Path(__file__).resolve().parents[3] / "seeds" / "wards" / "hcmc_2025.json"
PREFIXES = {"ward": "Phường", "commune": "Xã", "special_zone": "Đặc khu"}
_FOLDED_PREFIXES = tuple(sorted(((fold(p) + " ", kind) for kind, p in PREFIXES.items()), key=lambda x: -len(x[0])))
_SHORT = (("p. ", "ward"), ("p.", "ward"), ("x. ", "commune"))


@dataclass(frozen=True)
class WardUnit:
    name: str
    kind: str
    code: str | None
    former_province: str
    former_districts: tuple[str, ...]

    @property
    def label(self) -> str:
        """The name as addresses write it: "Phường Thủ Dầu Một", "Xã Bàu Bàng"."""
        return f"{PREFIXES[self.kind]} {self.name}"

    @property
    def former_district(self) -> str:
        return self.former_districts[0] if self.former_districts else ""


def read_units(document: dict) -> tuple[WardUnit, ...]:
    return tuple(WardUnit(u["name"], u["kind"], u.get("code"), u["former_province"], tuple(u["former_districts"]))
                 for u in document["units"])


@lru_cache(maxsize=1)
def ward_document() -> dict:
    return json.loads(WARDS_FILE.read_text(encoding="utf-8"))


def ward_units() -> tuple[WardUnit, ...]:
    return read_units(ward_document())


def _split_prefix(text: str) -> tuple[str | None, str]:
    """(kind, the rest) of a folded name that starts with "phuong", "xa", "dac khu" or "p."."""
    for prefix, kind in _FOLDED_PREFIXES + _SHORT:
        if text.startswith(prefix):
            return kind, text[len(prefix):].strip()
    return None, text


def find_ward(text: str | None, units=None) -> WardUnit | None:
    """The unit a typed name means, accents and prefix optional; None when unknown or ambiguous
    ("Thanh An" without accents is both Thạnh An and Thanh An: the accents decide)."""
    if not text or not text.strip():
        return None
    units = ward_units() if units is None else units
    kind, rest = _split_prefix(fold(text))
    candidates = [u for u in units if fold(u.name) == rest and (kind is None or u.kind == kind)]
    if len(candidates) > 1:
        typed = text.strip().lower()
        candidates = [u for u in candidates if typed in (u.name.lower(), u.label.lower())]
    return candidates[0] if len(candidates) == 1 else None


def suggest_wards(text: str, limit: int = 10, units=None) -> list[WardUnit]:
    """Units whose accent-free label contains what was typed, best (prefix) matches first."""
    units = ward_units() if units is None else units
    _kind, rest = _split_prefix(fold(text))
    if not rest:
        return list(units[:limit])
    hits = [u for u in units if rest in fold(u.name)]
    return sorted(hits, key=lambda u: (not fold(u.name).startswith(rest), fold(u.name)))[:limit]


CITY_NAMES = ("ho chi minh", "thanh pho ho chi minh", "tp ho chi minh", "tp. ho chi minh", "tphcm", "tp.hcm", "hcm")


def in_the_city(city: str | None) -> bool:
    """Whether an address's city is Hồ Chí Minh City (or left blank, which means it)."""
    return not city or not city.strip() or fold(city) in CITY_NAMES


def derived_place(ward_text: str) -> dict | None:
    """The address fields a ward decides: its label, the city and its former province and district."""
    unit = find_ward(ward_text)
    if unit is None:
        return None
    return {"ward": unit.label, "city": ward_document()["city"], "former_province": unit.former_province,
            "former_district": unit.former_district}
