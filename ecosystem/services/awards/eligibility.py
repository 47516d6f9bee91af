"""Eligibility rules as data ("thể lệ" differ per award), checked on plain facts about one nomination.

Facts (a plain mapping the service layer fills from the database):
  reference_date            date the age rule is measured on (submission date or the cycle's cut-off)
  first_registration_date   first business registration, None for a team not yet registered
  province, former_province where the entrant is (former_province for pre-2025 addresses)
  contest, past_wins        this contest's code; [{"contest", "year"}] won before by the entrant
  team_person_ids           the people on the team
  organisation_ids          the entrant organisation(s); team_organisation_ids: the team's employers
  person_entry_counts       {person_id: entries in this cycle, this one included}; org_entry_counts likewise
  staff                     [{"role", "person_id"?, "organisation_ids"}] organisers, secretariat, judges
"""
from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Iterable, Mapping

from ecosystem.services.awards.rubric import describe
from ecosystem.text import fold

# rule kind -> the parameters it must carry
RULE_PARAMS = {
    "max_age_years": ("years",),
    "located_in": ("provinces",),
    "no_past_win": (),
    "max_team": ("size",),
    "max_entries_per_person": ("max",),
    "max_entries_per_org": ("max",),
    "excluded_roles": ("roles",),
}

REASONS = {
    "too_old": {"vi": "Doanh nghiệp đã đăng ký lần đầu ngày {registered}, quá {years} năm tính đến ngày {on}.",
                "en": "First registered on {registered}, more than {years} years before {on}."},
    "not_registered": {"vi": "Chưa có ngày đăng ký kinh doanh lần đầu.",
                       "en": "No first business registration date."},
    "outside_area": {"vi": "Địa chỉ ({province}) không thuộc địa bàn của giải ({area}).",
                     "en": "The address ({province}) is outside the award's area ({area})."},
    "past_winner": {"vi": "Đã đạt giải cuộc thi này năm {year}.", "en": "Already won this contest in {year}."},
    "team_too_large": {"vi": "Nhóm có {size} người, vượt quá tối đa {max} người.",
                       "en": "The team has {size} people, more than the maximum of {max}."},
    "too_many_entries_person": {"vi": "Thành viên {person} đã tham gia {count} bài dự thi, tối đa {max}.",
                                "en": "Member {person} is on {count} entries, the maximum is {max}."},
    "too_many_entries_org": {"vi": "Tổ chức {organisation} đã có {count} bài dự thi, tối đa {max}.",
                             "en": "Organisation {organisation} has {count} entries, the maximum is {max}."},
    "excluded_person": {"vi": "Thành viên {person} là {role} của giải nên không được dự thi.",
                        "en": "Member {person} is a {role} of the award and may not enter."},
    "excluded_organisation": {"vi": "Tổ chức {organisation} có {role} của giải nên không được dự thi.",
                              "en": "Organisation {organisation} has a {role} of the award and may not enter."},
}

RULE_TEXTS = {
    "max_age_years": {"vi": "Doanh nghiệp không quá {years} năm kể từ ngày đăng ký kinh doanh lần đầu",
                      "en": "At most {years} years since the first business registration"},
    "located_in": {"vi": "Có trụ sở hoặc hoạt động tại: {area}", "en": "Based or operating in: {area}"},
    "no_past_win": {"vi": "Chưa từng đạt giải tại cuộc thi này", "en": "Never won this contest before"},
    "max_team": {"vi": "Nhóm tối đa {size} người", "en": "Teams of at most {size} people"},
    "max_entries_per_person": {"vi": "Mỗi cá nhân tham gia tối đa {max} hồ sơ",
                               "en": "At most {max} entries per person"},
    "max_entries_per_org": {"vi": "Mỗi tổ chức tối đa {max} hồ sơ", "en": "At most {max} entries per organisation"},
    "excluded_roles": {"vi": "Không dành cho: {roles}", "en": "Not open to: {roles}"},
}

ROLE_LABELS = {
    "organiser": {"vi": "đơn vị tổ chức", "en": "organiser"},
    "secretariat": {"vi": "thư ký / ban thư ký", "en": "secretariat"},
    "judge": {"vi": "giám khảo", "en": "judge"},
}


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _fail(rule: Mapping, code: str, **params) -> dict:
    return {"rule": rule["rule"], "code": code, "params": params}


def _max_age_years(rule, facts):
    registered = facts.get("first_registration_date")
    if registered is None:
        return [] if rule.get("allow_unregistered") else [_fail(rule, "not_registered")]
    on = facts["reference_date"]
    if on > add_years(registered, int(rule["years"])):
        return [_fail(rule, "too_old", registered=registered.isoformat(), years=rule["years"], on=on.isoformat())]
    return []


def _located_in(rule, facts):
    provinces = {fold(p) for p in rule["provinces"]}
    former = {fold(p) for p in rule.get("former_provinces", ())}
    if fold(facts.get("province")) in provinces or (former and fold(facts.get("former_province")) in former):
        return []
    area = ", ".join(dict.fromkeys([*rule["provinces"], *rule.get("former_provinces", ())]))
    return [_fail(rule, "outside_area", province=facts.get("province") or "", area=area)]


def _no_past_win(rule, facts):
    contest = rule.get("contest") or facts.get("contest")
    wins = [w for w in facts.get("past_wins", ()) if fold(str(w.get("contest"))) == fold(str(contest))]
    return [_fail(rule, "past_winner", year=w.get("year")) for w in wins[:1]]


def _max_team(rule, facts):
    size = facts.get("team_size", len(set(facts.get("team_person_ids", ()))))
    return [_fail(rule, "team_too_large", size=size, max=rule["size"])] if size > int(rule["size"]) else []


def _entries(rule, facts, counts_key, code, who):
    counts = facts.get(counts_key, {})
    return [_fail(rule, code, **{who: key, "count": n, "max": rule["max"]})
            for key, n in sorted(counts.items(), key=lambda kv: str(kv[0])) if n > int(rule["max"])]


def _excluded_roles(rule, facts):
    roles = set(rule["roles"])
    with_orgs = rule.get("their_organisations", True)
    team = set(facts.get("team_person_ids", ()))
    orgs = set(facts.get("organisation_ids", ())) | set(facts.get("team_organisation_ids", ()))
    failures, seen = [], set()
    for member in facts.get("staff", ()):
        role = member["role"]
        if role not in roles:
            continue
        person = member.get("person_id")
        if person is not None and person in team and ("p", person) not in seen:
            seen.add(("p", person))
            failures.append(_fail(rule, "excluded_person", person=person, role=role))
        if with_orgs or person is None:  # an organisation that is itself the organiser is always excluded
            for org in sorted(orgs & set(member.get("organisation_ids", ())), key=str):
                if ("o", org) not in seen:
                    seen.add(("o", org))
                    failures.append(_fail(rule, "excluded_organisation", organisation=org, role=role))
    return failures


_CHECKS = {
    "max_age_years": _max_age_years,
    "located_in": _located_in,
    "no_past_win": _no_past_win,
    "max_team": _max_team,
    "max_entries_per_person": lambda r, f: _entries(r, f, "person_entry_counts", "too_many_entries_person", "person"),
    "max_entries_per_org": lambda r, f: _entries(r, f, "org_entry_counts", "too_many_entries_org", "organisation"),
    "excluded_roles": _excluded_roles,
}


def rule_problems(rules: Iterable[Mapping]) -> list[dict]:
    """Set-up errors in a rule list: unknown kinds and missing parameters, caught before nominations open."""
    problems = []
    for index, rule in enumerate(rules):
        kind = rule.get("rule")
        if kind not in RULE_PARAMS:
            problems.append({"code": "unknown_rule", "params": {"index": index, "rule": kind}})
            continue
        for param in RULE_PARAMS[kind]:
            if rule.get(param) in (None, "", []):
                problems.append({"code": "rule_param_missing", "params": {"rule": kind, "param": param}})
        if kind == "excluded_roles":
            for role in set(rule.get("roles") or ()) - set(ROLE_LABELS):
                problems.append({"code": "unknown_role", "params": {"rule": kind, "role": role}})
    return problems


def check_eligibility(rules: Iterable[Mapping], facts: Mapping) -> list[dict]:
    """Every failing rule as {"rule", "code", "params"}; an empty list means eligible."""
    failures = []
    for rule in rules:
        if rule.get("rule") not in _CHECKS:
            raise ValueError(f"unknown eligibility rule {rule.get('rule')!r}")
        failures.extend(_CHECKS[rule["rule"]](rule, facts))
    return failures


def entry_counts(entries: Iterable[Mapping]) -> tuple[Counter, Counter]:
    """Entries per person and per entrant organisation over a cycle's active entries (each counted once)."""
    persons, orgs = Counter(), Counter()
    for entry in entries:
        persons.update(set(entry.get("team_person_ids", ())))
        orgs.update(set(entry.get("organisation_ids", ())))
    return persons, orgs


def reason_text(failure: Mapping, lang: str = "vi") -> str:
    """The failure in `lang`, role codes shown by their label; ids stay ids unless the caller put names in."""
    params = dict(failure["params"])
    if "role" in params:
        params["role"] = ROLE_LABELS.get(params["role"], {"vi": params["role"], "en": params["role"]})
    return describe({"code": failure["code"], "params": params}, REASONS, lang)


def rule_text(rule: Mapping, lang: str = "vi") -> str:
    """A rule of the set-up in words, for the award's public page."""
    params = dict(rule)
    params["area"] = ", ".join(dict.fromkeys([*rule.get("provinces", ()), *rule.get("former_provinces", ())]))
    roles = [ROLE_LABELS.get(r, {}).get(lang, r) for r in rule.get("roles", ())]
    if rule.get("their_organisations", True) and roles:
        roles.append({"vi": "và tổ chức của họ", "en": "and their organisations"}[lang])
    params["roles"] = ", ".join(roles)
    return RULE_TEXTS[rule["rule"]][lang].format(**params)
