"""Write docs/rules.md from the rule data in seeds/, so the page that lists what the app enforces
cannot drift from what it enforces. `python scripts/rules_doc.py` rewrites it; `--check` fails
when the committed page is stale (the test suite runs the check).
"""
import csv
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
TARGET = ROOT / "docs" / "rules.md"
TO_CONFIRM = "**to be confirmed**"


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _en(text) -> str:
    """The English of a {vi, en} text (Vietnamese where no English exists), on one line."""
    if isinstance(text, dict):
        text = text.get("en") or text.get("vi") or ""
    return " ".join(str(text or "").split())


def _period(start, end) -> str:
    return f"{start or '…'} → {end or 'in force'}"


def _condition_rows(rule_set: dict) -> list[str]:
    sized = [(size, cond) for size, conds in rule_set.get("conditions_by_size", {}).items() for cond in conds]
    rows = []
    for size, cond in [("all", cond) for cond in rule_set.get("conditions", [])] + sized:
        status = TO_CONFIRM if cond["type"] == "to_be_confirmed" else "confirmed"
        rows.append(f"| {size} | `{cond['code']}` | {_en(cond.get('label'))} | {_en(cond.get('clause')) or '—'} "
                    f"| {status} |")
    return rows


def certification_section() -> list[str]:
    lines = ["## S&T-enterprise certification (`seeds/certification/`)", ""]
    for path in sorted((SEEDS / "certification").glob("*.json"), key=lambda p: _load(p)["effective_from"]):
        rs = _load(path)
        basis = rs["legal_basis"]
        lines += [f"### {rs['code']} — {_en(rs['title'])}", "",
                  f"- Basis: {basis.get('code')} ({basis.get('tag')}): {_en(basis)}",
                  f"- Governs applications submitted: {_period(rs['effective_from'], rs.get('effective_to'))}", ""]
        if rs.get("conditions") or rs.get("conditions_by_size"):
            lines += ["| size class | condition | what | clause | status |", "|---|---|---|---|---|"]
            lines += _condition_rows(rs) + [""]
        for key in ("conditions_by_size_note", "revocation_grounds_note"):
            if rs.get(key):
                lines += [f"- Note: {_en(rs[key])}"]
        for step, spec in rs.get("deadlines", {}).items():
            council = f" ({spec['with_council_n']} with an expert council)" if "with_council_n" in spec else ""
            lines += [f"- Deadline `{step}`: {spec['n']} {spec['unit'].replace('_', ' ')}{council} [{spec.get('tag')}]"]
        for ground in rs.get("revocation_grounds", []):
            lines += [f"- Revocation ground `{ground['code']}` [{ground.get('tag')}]: {_en(ground)}"]
        lines += [""]
    return lines


def funds_section() -> list[str]:
    lines = ["## Enterprise S&T fund rule sets (`seeds/funds/rule_sets/`; admins add later ones in the app)", ""]
    for path in sorted((SEEDS / "funds" / "rule_sets").glob("*.json")):
        rs = _load(path)
        periods = rs["tax_periods"]
        lines += [f"### {rs['code']} — {_en(rs['title'])}", "",
                  f"- Basis: {rs['legal_basis'].get('document')}: {_en(rs['legal_basis'])}",
                  f"- Governs tax periods: {periods.get('from') or '…'} → {periods.get('to') or 'onwards'}", "",
                  "| figure | value | source | status |", "|---|---|---|---|"]
        for name, figure in rs["figures"].items():
            source = figure.get("source") or {}
            where = " ".join(str(source[k]) for k in ("document", "article", "clause") if source.get(k))
            status = "confirmed" if figure.get("confirmed", True) else TO_CONFIRM
            lines.append(f"| `{name}` | `{figure.get('value')}` | {where or '—'} | {status} |")
        lines.append("")
    return lines


def awards_section() -> list[str]:
    lines = ["## Award rule sets (`seeds/awards/`)", "",
             "| code | award | basis | from | notes |", "|---|---|---|---|---|"]
    for path in sorted((SEEDS / "awards").glob("*.json")):
        aw = _load(path)
        lines.append(f"| `{aw['code']}` | {_en(aw['name'])} | {aw.get('legal_basis')} | {aw.get('effective_from')} "
                     f"| {_en(aw.get('notes'))} |")
    return lines + [""]


def holidays_section() -> list[str]:
    with (SEEDS / "holidays" / "vietnam.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    years = sorted({row["date"][:4] for row in rows})
    provisional = Counter(row["date"][:4] for row in rows if "provisional" in row["name_en"])
    lines = ["## Public-holiday calendar (`seeds/holidays/vietnam.csv`)", "",
             f"Covers {years[0]}–{years[-1]}; sources in `seeds/holidays/README.md`.", "",
             "| year | days off | working Saturdays | provisional rows |", "|---|---|---|---|"]
    for year in years:
        kinds = Counter(row["kind"] for row in rows if row["date"].startswith(year))
        mark = f"{provisional[year]} ({TO_CONFIRM})" if provisional[year] else "0"
        lines.append(f"| {year} | {kinds['holiday']} | {kinds['workday']} | {mark} |")
    return lines + [""]


def targets_section() -> list[str]:
    data = _load(SEEDS / "targets.json")
    basis = data["legal_basis"]
    lines = ["## Programme targets (`seeds/targets.json`)", "", f"Basis: {basis.get('code')}: {_en(basis)}", ""]
    lines += ["| target | owner | period | target value | status |", "|---|---|---|---|---|"]
    for t in data.get("targets", []):
        lines.append(f"| `{t['code']}` {_en(t['title'])} | {_en(t.get('owner'))} | {_period(t.get('period_start'), t.get('period_end'))} "
                     f"| {t.get('comparator')} {t.get('target_value')} {t.get('unit')} | {t.get('status')} |")
    return lines + [""]


def wards_section() -> list[str]:
    doc = _load(SEEDS / "wards" / "hcmc_2025.json")
    kinds = Counter(u["kind"] for u in doc["units"])
    provinces = Counter(u["former_province"] for u in doc["units"])
    return ["## Wards and communes (`seeds/wards/hcmc_2025.json`)", "",
            f"- {doc['city']} from {doc['effective_from']}: {kinds['ward']} wards, {kinds['commune']} communes, "
            f"{kinds['special_zone']} special zone; by former province: "
            + ", ".join(f"{name} {n}" for name, n in sorted(provinces.items())),
            f"- Basis: {doc['legal_basis']['code']}: {_en(doc['legal_basis'])}",
            f"- {TO_CONFIRM}: {_en(doc['to_be_confirmed'])}", ""]


def settings_section() -> list[str]:
    lines = ["## Settings (`seeds/settings/`, [setting]: an admin overrides them at Quản trị → Thiết lập)", "",
             "| setting | default |", "|---|---|"]
    for path in sorted((SEEDS / "settings").glob("*.json")):
        for key, value in _load(path).items():
            lines.append(f"| `{key}` | `{json.dumps(value, ensure_ascii=False)}` |")
    return lines + [""]


SECTIONS = (certification_section, funds_section, awards_section, holidays_section, wards_section, targets_section,
            settings_section)


def render() -> str:
    head = ["# Rule sets the app ships", "",
            "Generated by `scripts/rules_doc.py` from `seeds/`; do not edit by hand (`make rules-doc`).",
            f"Anything marked {TO_CONFIRM} could not be confirmed from the official text and is shown so to "
            "officers on every page that uses it.", ""]
    return "\n".join(head + [line for section in SECTIONS for line in section()]).rstrip() + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print("docs/rules.md is stale: run `make rules-doc`", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
