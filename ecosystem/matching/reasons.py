"""Reason codes and score components, as plain data for the service layer to translate.

Scoring returns reasons as (code, params) pairs, never text. The service renders each code
through Babel with these templates (Vietnamese first, English second); list params are joined
by the caller ("Nông nghiệp công nghệ cao, Thực phẩm"), money params are integer VND and None
means an open bound. The wording is neutral so it reads right to the startup and to the mentor
or investor who sees the same suggestion from the other side.
"""
from __future__ import annotations

MENTOR_COMPONENTS = (
    "expertise", "stage_fit", "mentored_stage", "sector", "language", "location", "capacity",
    "proximity", "feedback",
)
INVESTOR_COMPONENTS = (
    "sector", "stage", "ticket", "geography", "portfolio_conflict", "co_investment",
)

# code -> {"vi": template, "en": template, "params": names the template uses}
REASON_CODES: dict[str, dict] = {
    # startup <-> mentor
    "expertise_match": {"vi": "Chuyên môn đáp ứng nhu cầu: {skills}",
                        "en": "Expertise matches the needs: {skills}", "params": ("skills",)},
    "stage_fit": {"vi": "Ưu tiên hỗ trợ startup giai đoạn {stage}",
                  "en": "Prefers startups at the {stage} stage", "params": ("stage",)},
    "mentored_stage": {"vi": "Đã cố vấn {count} startup giai đoạn {stage}",
                       "en": "Has mentored {count} startups at the {stage} stage",
                       "params": ("count", "stage")},
    "same_sector": {"vi": "Cùng lĩnh vực {sectors}", "en": "Same sector: {sectors}",
                    "params": ("sectors",)},
    "common_language": {"vi": "Cùng sử dụng {languages}", "en": "Both work in {languages}",
                        "params": ("languages",)},
    "no_common_language": {"vi": "Không có ngôn ngữ làm việc chung",
                           "en": "No working language in common", "params": ()},
    "same_province": {"vi": "Cùng địa bàn {province}", "en": "Both in {province}",
                      "params": ("province",)},
    "capacity_left": {"vi": "Còn nhận thêm {slots}/{capacity} startup",
                      "en": "Can take {slots} more of {capacity} startups",
                      "params": ("slots", "capacity")},
    "shared_org": {"vi": "Cùng tham gia {orgs}", "en": "Both belong to {orgs}",
                   "params": ("orgs",)},
    "past_feedback": {"vi": "Được đánh giá {rating}/5 qua {count} lượt phản hồi",
                      "en": "Rated {rating}/5 in {count} reviews", "params": ("rating", "count")},
    # startup <-> investor
    "thesis_sector": {"vi": "Khẩu vị đầu tư gồm lĩnh vực {sectors}",
                      "en": "Invests in {sectors}", "params": ("sectors",)},
    "thesis_stage": {"vi": "Đầu tư vào giai đoạn {stage}", "en": "Invests at the {stage} stage",
                     "params": ("stage",)},
    "ticket_fit": {"vi": "Mức gọi vốn {sought} nằm trong khoảng đầu tư {ticket_min}–{ticket_max}",
                   "en": "The {sought} sought fits the {ticket_min}–{ticket_max} ticket",
                   "params": ("sought", "ticket_min", "ticket_max")},
    "ticket_outside": {"vi": "Mức gọi vốn {sought} nằm ngoài khoảng đầu tư {ticket_min}–{ticket_max}",
                       "en": "The {sought} sought is outside the {ticket_min}–{ticket_max} ticket",
                       "params": ("sought", "ticket_min", "ticket_max")},
    "in_geography": {"vi": "Địa bàn đầu tư bao gồm {province}",
                     "en": "Invests in an area that covers {province}", "params": ("province",)},
    "portfolio_conflict": {"vi": "Đã đầu tư vào startup cạnh tranh: {startups}",
                           "en": "Already backs a competitor: {startups}",
                           "params": ("startups",)},
    "co_investor": {"vi": "Từng đồng đầu tư với {investors}",
                    "en": "Has co-invested with {investors}", "params": ("investors",)},
}


def check_weights(weights, components) -> None:
    """Weights must name every component and nothing else (a typo would silently score 0)."""
    missing = [name for name in components if name not in weights]
    unknown = [name for name in weights if name not in components]
    if missing or unknown:
        raise ValueError(f"weights: missing {missing}, unknown {unknown}")
