"""Words for matching's codes: reasons, score components and path hops, in the reader's language.

The pure core returns (code, params); here each code has a Vietnamese gettext template (English
in translations/en/parts/matching.po) and each param is rendered for display: sector ids become
sector names, support-type codes their names, stages and languages their labels, VND amounts
'1.500.000.000 ₫'.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from ecosystem.formatting import format_vnd
from ecosystem.i18n import current_locale
from ecosystem.models import vocab
from ecosystem.services.directory.records import all_sectors
from ecosystem.services.platform.process_cache import cached

REASON_TEXTS = {
    "expertise_match": _l("Chuyên môn đáp ứng nhu cầu: %(skills)s"),
    "stage_fit": _l("Ưu tiên hỗ trợ startup giai đoạn %(stage)s"),
    "mentored_stage": _l("Đã cố vấn %(count)s startup giai đoạn %(stage)s"),
    "same_sector": _l("Cùng lĩnh vực %(sectors)s"),
    "common_language": _l("Cùng sử dụng %(languages)s"),
    "no_common_language": _l("Không có ngôn ngữ làm việc chung"),
    "same_province": _l("Cùng địa bàn %(province)s"),
    "capacity_left": _l("Còn nhận thêm %(slots)s/%(capacity)s startup"),
    "shared_org": _l("Cùng tham gia %(orgs)s"),
    "past_feedback": _l("Được đánh giá %(rating)s/5 qua %(count)s lượt phản hồi"),
    "thesis_sector": _l("Khẩu vị đầu tư gồm lĩnh vực %(sectors)s"),
    "thesis_stage": _l("Đầu tư vào giai đoạn %(stage)s"),
    "ticket_fit": _l("Mức gọi vốn %(sought)s nằm trong khoảng đầu tư %(ticket_min)s–%(ticket_max)s"),
    "ticket_outside": _l("Mức gọi vốn %(sought)s nằm ngoài khoảng đầu tư %(ticket_min)s–%(ticket_max)s"),
    "in_geography": _l("Địa bàn đầu tư bao gồm %(province)s"),
    "portfolio_conflict": _l("Đã đầu tư vào startup cạnh tranh: %(startups)s"),
    "co_investor": _l("Từng đồng đầu tư với %(investors)s"),
}
NEGATIVE = {"no_common_language", "ticket_outside", "portfolio_conflict"}

COMPONENT_LABELS = {
    "expertise": _l("Chuyên môn"), "stage_fit": _l("Giai đoạn"),
    "mentored_stage": _l("Kinh nghiệm cùng giai đoạn"), "sector": _l("Lĩnh vực"),
    "language": _l("Ngôn ngữ"), "location": _l("Địa bàn"), "capacity": _l("Còn chỗ"),
    "proximity": _l("Gần trong mạng lưới"), "feedback": _l("Phản hồi trước đây"),
    "stage": _l("Giai đoạn"), "ticket": _l("Quy mô khoản đầu tư"), "geography": _l("Địa bàn đầu tư"),
    "portfolio_conflict": _l("Xung đột danh mục"), "co_investment": _l("Đồng đầu tư"),
}

# How a tie reads, with the relationship's own direction: %(a)s is its source, %(b)s its target.
HOP_TEXTS = {
    "founder": _l("%(a)s sáng lập %(b)s"),
    "employee": _l("%(a)s làm việc tại %(b)s"),
    "member": _l("%(a)s là thành viên %(b)s"),
    "mentor": _l("%(a)s cố vấn cho %(b)s"),
    "investor": _l("%(a)s đầu tư vào %(b)s"),
    "resident": _l("%(a)s được ươm tạo tại %(b)s"),
    "club_member": _l("%(a)s là thành viên %(b)s"),
    "partner": _l("%(a)s là đối tác của %(b)s"),
    "alumnus": _l("%(a)s là cựu sinh viên %(b)s"),
    "family": _l("%(a)s có quan hệ gia đình với %(b)s"),
    "attended_together": _l("%(a)s tham dự sự kiện của %(b)s"),
    "introduced": _l("%(a)s đã được giới thiệu với %(b)s"),
    "technology_transfer": _l("%(a)s chuyển giao công nghệ cho %(b)s"),
    "cooperation_agreement": _l("%(a)s có thoả thuận hợp tác với %(b)s"),
    "sector": _l("%(a)s thuộc lĩnh vực %(b)s"),
}


@lru_cache(maxsize=4)
def _support_types(seeds_dir: str) -> dict:
    path = Path(seeds_dir) / "support_types.json"
    if not path.exists():
        return {}
    return {row["code"]: row for row in json.loads(path.read_text(encoding="utf-8"))}



def need_label(code, locale: str | None = None) -> str:
    """A support-type code (a startup's need, a mentor's topic) in the reader's language."""
    row = _support_types(current_app.config["SEEDS_DIR"]).get(code)
    if row is None:
        return str(code)
    return row["en"] if (locale or current_locale()) == "en" else row["vi"]


def sector_labels() -> dict:
    return dict(_sector_labels_in(current_locale()))


@cached("sector_labels", ("sectors",))
def _sector_labels_in(locale: str) -> dict:
    """Sector id → name in one language (kept per worker: every suggestions page reads them)."""
    return {s.id: s.display(locale) for s in all_sectors()}


def _join(values) -> str:
    return ", ".join(str(v) for v in values)


class ReasonWords:
    """Renders many reasons in one language, translating each distinct text once (a page shows
    about a hundred reasons; a gettext lookup per reason would cost more than the ranking)."""

    def __init__(self):
        self.locale = current_locale()
        self.sectors = sector_labels()
        self._cache: dict = {}

    def _text(self, lazy) -> str:
        key = id(lazy)
        if key not in self._cache:
            self._cache[key] = str(lazy)
        return self._cache[key]

    def _label(self, table: dict, code) -> str:
        return self._text(table[code]) if code in table else str(code)

    def params(self, params: dict) -> dict:
        """Each param as display text."""
        shown = {}
        for name, value in params.items():
            if name == "skills":
                shown[name] = _join(need_label(v, self.locale) for v in value)
            elif name == "sectors":
                shown[name] = _join(self.sectors.get(v, v) for v in value)
            elif name == "stage":
                shown[name] = self._label(vocab.STAGES, value)
            elif name == "languages":
                shown[name] = _join(self._label(vocab.LANGUAGES, v) for v in value)
            elif name in ("sought", "ticket_min", "ticket_max"):
                shown[name] = format_vnd(value, self.locale) if value is not None else "…"
            elif name == "rating":
                text = f"{value:g}"
                shown[name] = text.replace(".", ",") if self.locale == "vi" else text
            elif isinstance(value, (list, tuple)):
                shown[name] = _join(value)
            else:
                shown[name] = value
        return shown

    def reason(self, code: str, params: dict) -> str:
        return self._text(REASON_TEXTS[code]) % self.params(params)


def render_hop(kind: str, source_name: str, target_name: str) -> str:
    return str(HOP_TEXTS[kind] % {"a": source_name, "b": target_name})
