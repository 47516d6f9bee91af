"""docs/rules.md is generated from seeds/: it must be current and say what is still to be confirmed."""
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("rules_doc", ROOT / "scripts" / "rules_doc.py")
rules_doc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rules_doc)


def test_docs_rules_page_is_current():
    assert rules_doc.main(["--check"]) == 0, "run `make rules-doc` and commit docs/rules.md"


def test_page_lists_every_rule_set_and_what_is_unconfirmed():
    text = rules_doc.render()
    for code in ("ND80_2007", "ND13_2019", "ND268_2025", "CIT_14_2008", "CIT_67_2025", "istar-2025", "bd-startup-2024"):
        assert code in text
    assert "`size_conditions_small`" in text and "**to be confirmed**" in text
    assert "`funds.warning_months`" in text  # settings are listed with their defaults
