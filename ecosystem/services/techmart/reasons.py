"""Words for the technology-matching reasons (codes from matching/techmart.py), in the reader's language."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ecosystem.models.techmart import IP_STATUSES
from ecosystem.services.matching.reasons import ReasonWords
from ecosystem.formatting import format_vnd

REASON_TEXTS = {
    "tm_same_sector": _l("Cùng lĩnh vực %(sectors)s"),
    "tm_trl_ready": _l("Mức sẵn sàng TRL %(trl)s đáp ứng yêu cầu TRL %(wanted)s"),
    "tm_trl_below": _l("Mức sẵn sàng TRL %(trl)s thấp hơn yêu cầu TRL %(wanted)s"),
    "tm_budget_fit": _l("Khoảng giá %(price_min)s–%(price_max)s phù hợp ngân sách %(budget_min)s–%(budget_max)s"),
    "tm_budget_outside": _l("Khoảng giá %(price_min)s–%(price_max)s nằm ngoài ngân sách %(budget_min)s–%(budget_max)s"),
    "tm_ip_clear": _l("Quyền sở hữu trí tuệ rõ ràng: %(ip_status)s"),
    "tm_past_deals": _l("Bên chào bán đã chuyển giao thành công %(count)s công nghệ"),
    "tm_direct_tie": _l("Hai bên đã có quan hệ trong mạng lưới"),
    "tm_shared_ties": _l("Cùng quan hệ với %(orgs)s"),
}
NEGATIVE = {"tm_trl_below", "tm_budget_outside"}
COMPONENT_LABELS = {
    "sector": _l("Lĩnh vực"), "trl": _l("Mức sẵn sàng công nghệ"), "budget": _l("Ngân sách"),
    "ip": _l("Sở hữu trí tuệ"), "past_deals": _l("Giao dịch trước đây"), "proximity": _l("Gần trong mạng lưới"),
}
MONEY = ("price_min", "price_max", "budget_min", "budget_max")


class TechReasonWords(ReasonWords):
    """Matching's renderer (sector names, lists) plus money bounds and IP statuses."""

    def params(self, params: dict) -> dict:
        shown = super().params({k: v for k, v in params.items() if k not in MONEY and k != "ip_status"})
        for name in MONEY:
            if name in params:
                value = params[name]
                shown[name] = format_vnd(value, self.locale) if value is not None else "…"
        if "ip_status" in params:
            shown["ip_status"] = self._label(IP_STATUSES, params["ip_status"])
        return shown

    def reason(self, code: str, params: dict) -> str:
        return self._text(REASON_TEXTS[code]) % self.params(params)


def explain(match, words: TechReasonWords | None = None) -> list[tuple[str, bool]]:
    """(sentence, is_negative) for each reason of a match."""
    words = words or TechReasonWords()
    return [(words.reason(code, params), code in NEGATIVE) for code, params in match.reasons]


def breakdown(match) -> list[tuple[str, float]]:
    """(component label, points) of a match, largest first, for the 'why this score' table."""
    return sorted(((str(COMPONENT_LABELS[name]), round(points, 2)) for name, points in match.points.items()
                   if points), key=lambda item: -item[1])
