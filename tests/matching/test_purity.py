"""The matching core stays pure: no web framework, no ORM, no models, no services."""
import ast
from pathlib import Path

import ecosystem.matching

FORBIDDEN = ("flask", "flask_sqlalchemy", "sqlalchemy", "ecosystem.models", "ecosystem.services",
             "ecosystem.views", "ecosystem.extensions")


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_matching_imports_nothing_from_the_web_or_the_database():
    files = sorted(Path(ecosystem.matching.__file__).parent.glob("*.py"))
    assert len(files) >= 5
    for path in files:
        for module in imported_modules(path):
            assert not any(module == bad or module.startswith(bad + ".") for bad in FORBIDDEN), \
                f"{path.name} imports {module}"
