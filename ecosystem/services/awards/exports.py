"""Round results as CSV and XLSX: per nomination, per judge and per criterion (organisers, after closing)."""
from flask_babel import gettext as _

from ecosystem.services.awards.results import category_results
from ecosystem.services.platform.spreadsheets import to_csv_bytes, to_xlsx_bytes

KINDS = ("nominations", "judges", "criteria")


def _round2(value):
    return None if value is None else round(value, 2)


def _tables(award_round, locale: str) -> dict[str, tuple[list, list]]:
    """The three tables, each (columns, rows), for every category of the round."""
    nominations, judges, criteria = [], [], []
    for result in category_results(award_round):
        category = result.category.display_name(locale)
        for place in result.ranked:
            s, entry = place.standing, result.entries[place.standing.nomination_id]
            decision = result.decisions.get(s.nomination_id)
            nominations.append({"category": category, "rank": place.rank, "id": entry.id, "title": entry.title,
                                "entrant": entry.entrant_name, "judges": s.judges, "raw": _round2(s.raw_mean),
                                "normalised": _round2(s.normalised), "vote": _round2(s.vote),
                                "final": _round2(s.final), "advanced": bool(decision and decision.advanced),
                                "tie_break": place.separated_by or ""})
        for (judge_id, nomination_id), sheet in sorted(result.sheets.items()):
            judge = result.judges[judge_id].full_name
            title = result.entries[nomination_id].title
            judges.append({"category": category, "judge": judge, "leniency": _round2(result.leniency.get(judge_id)),
                           "id": nomination_id, "title": title, "total": _round2(sheet.total),
                           "z": _round2(result.report.z.get((judge_id, nomination_id)))})
            for c in result.rubric.criteria if result.rubric else ():
                criteria.append({"category": category, "judge": judge, "id": nomination_id, "title": title,
                                 "criterion": c.name.get(locale) or c.code, "score": sheet.scores.get(c.code),
                                 "max": c.max, "comment": sheet.comments.get(c.code, "")})
    return {
        "nominations": ([("category", _("Hạng mục")), ("rank", _("Hạng")), ("id", _("Mã hồ sơ")),
                         ("title", _("Tên hồ sơ")), ("entrant", _("Đơn vị/cá nhân dự thi")),
                         ("judges", _("Số giám khảo")), ("raw", _("Điểm thô trung bình")),
                         ("normalised", _("Điểm chuẩn hoá")), ("vote", _("Điểm bình chọn")),
                         ("final", _("Điểm cuối cùng")), ("advanced", _("Vào vòng sau / đạt giải")),
                         ("tie_break", _("Phân định bởi"))], nominations),
        "judges": ([("category", _("Hạng mục")), ("judge", _("Giám khảo")), ("leniency", _("Độ dễ dãi")),
                    ("id", _("Mã hồ sơ")), ("title", _("Tên hồ sơ")), ("total", _("Tổng điểm")),
                    ("z", _("Điểm z"))], judges),
        "criteria": ([("category", _("Hạng mục")), ("judge", _("Giám khảo")), ("id", _("Mã hồ sơ")),
                      ("title", _("Tên hồ sơ")), ("criterion", _("Tiêu chí")), ("score", _("Điểm")),
                      ("max", _("Điểm tối đa")), ("comment", _("Nhận xét"))], criteria),
    }


def export_csv(award_round, kind: str, locale: str) -> bytes:
    columns, rows = _tables(award_round, locale)[kind]
    return to_csv_bytes(rows, columns)


def export_xlsx(award_round, locale: str) -> bytes:
    tables = _tables(award_round, locale)
    titles = {"nominations": _("Theo hồ sơ"), "judges": _("Theo giám khảo"), "criteria": _("Theo tiêu chí")}
    return to_xlsx_bytes({titles[k]: tables[k] for k in KINDS})
