"""Imports point down: the matching core pure, models below services and policies, services below the web
layer, the pure rule modules pure."""
import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ecosystem"
WEB = ("ecosystem.views", "ecosystem.forms", "ecosystem.template_helpers", "ecosystem.permissions",
       "ecosystem.policies")
RULES = {
    "matching": ("flask", "flask_babel", "flask_sqlalchemy", "sqlalchemy", "ecosystem.models", "ecosystem.services",
                 "ecosystem.views", "ecosystem.extensions"),  # the pure core: plain data in, plain data out
    "models": ("ecosystem.services", *WEB),
    "services": WEB,
    "policies": ("ecosystem.services", "ecosystem.views", "ecosystem.forms", "ecosystem.template_helpers"),
}
PURE_RULES = ("services/support/workflow.py", "services/funds/tranche_rule.py", "services/funds/statements.py",
              "codes.py")
NOT_IN_PURE = ("flask", "flask_babel", "sqlalchemy", "ecosystem.models", "ecosystem.services.platform",
               "ecosystem.extensions")


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def offending(path: Path, forbidden) -> list[str]:
    return sorted({m for m in imported_modules(path) for bad in forbidden if m == bad or m.startswith(bad + ".")})


@pytest.mark.parametrize("layer", sorted(RULES))
def test_layer_imports_nothing_from_above(layer):
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files
    problems = {str(p.relative_to(PACKAGE)): offending(p, RULES[layer]) for p in files}
    assert {name: bad for name, bad in problems.items() if bad} == {}


def test_pure_rule_modules_import_neither_flask_nor_the_database():
    problems = {name: offending(PACKAGE / name, NOT_IN_PURE) for name in PURE_RULES}
    assert {name: bad for name, bad in problems.items() if bad} == {}


def test_the_check_sees_a_forbidden_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from ecosystem.views.awards import admin\n", encoding="utf-8")
    assert offending(sample, WEB) == ["ecosystem.views.awards", "ecosystem.views.awards.admin"]
