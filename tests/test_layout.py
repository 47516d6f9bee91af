"""The house's layout, read from the source (AST, so comments and strings never count).

One clock (ecosystem/clock.py), capability packages under services/, a pure matching core, models below
services, and pure rule modules that import nothing of the web, the database or the clock.
"""
import ast
from pathlib import Path

import pytest

import ecosystem

ROOT = Path(ecosystem.__file__).parent
CLOCK_MODULE = "ecosystem.clock"
WEB_AND_DATABASE = ("flask", "sqlalchemy", "ecosystem.models", "ecosystem.extensions", "ecosystem.views")
NAIVE_CLOCK = {("date", "today"), ("datetime", "today"), ("datetime", "utcnow"), ("datetime", "now")}

# Rule modules under services/ that take their data (and "today") as arguments: no Flask, no
# SQLAlchemy, no models, no clock; they may import each other and the PURE_HELPERS.
PURE_MODULES = tuple(f"ecosystem.services.{name}" for name in (
    "awards.assignment", "awards.eligibility", "awards.normalisation", "awards.ranking", "awards.rubric",
    "awards.setup_checks",
    "certification.conditions", "certification.revocation_warnings", "certification.rule_sets",
    "dashboard.charts", "dashboard.network_health", "dashboard.network_map", "dashboard.svg_primitives",
    "directory.synthetic", "directory.synthetic_vocab", "directory.wards",
    "events.capacity_rules", "events.ical", "events.qr",
    "funds.allocation", "funds.money", "funds.rule_sets", "funds.statements", "funds.tranche_rule",
    "outreach.kinds",
    "imports.cells", "imports.dry_run", "imports.existing_index", "imports.formats", "imports.reader",
    "matching.strongest", "operations.version",
    "platform.errors", "platform.read_only", "platform.spreadsheets", "platform.uploads", "platform.workdays",
    "support.profile_rules", "support.workflow",
    "techmart.pipeline",
))
PURE_HELPERS = ("ecosystem.text", "ecosystem.validators", "ecosystem.codes")
WEB = ("ecosystem.views", "ecosystem.forms", "ecosystem.template_helpers", "ecosystem.permissions",
       "ecosystem.policies")
# What each layer may not import: imports point down (views → services → models; the core stays pure).
LAYERS = {
    "ecosystem.models": ("ecosystem.services", *WEB),
    "ecosystem.services": WEB,
    "ecosystem.policies": ("ecosystem.services", "ecosystem.views", "ecosystem.forms", "ecosystem.template_helpers"),
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(ROOT.rglob("*.py"))}


def parse(name: str) -> ast.Module:
    return ast.parse(MODULES[name].read_text(encoding="utf-8"))


def imported_modules(name: str) -> set[str]:
    """Every module `name` imports, anywhere in the file; `from package import module` names the module."""
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(parse(name)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            for alias in node.names:
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in MODULES else module)
    return found


def is_under(module: str, prefixes) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


def impure(module: str) -> bool:
    """Web, database or clock: what a pure module must not import (flask_* extensions included)."""
    return is_under(module, WEB_AND_DATABASE + (CLOCK_MODULE,)) or module.startswith("flask_")


def pure_import(module: str) -> bool:
    """Within ecosystem, what a pure module may import: the pure list, its helpers, the matching core."""
    return module in set(PURE_MODULES + PURE_HELPERS) or is_under(module, ("ecosystem.matching",))


def naive_clock_reads(tree: ast.Module) -> list[int]:
    """Lines reading the server's zone: date.today, datetime.today/utcnow, datetime.now without a zone."""
    classes, modules, aware = {}, set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "datetime":
            classes.update({a.asname or a.name: a.name for a in node.names if a.name in ("date", "datetime")})
        elif isinstance(node, ast.Import):
            modules.update(a.asname or a.name for a in node.names if a.name == "datetime")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (node.args or node.keywords):
            aware.add(id(node.func))  # now(tz) is a zone-aware instant
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if isinstance(owner, ast.Name):
            kind = classes.get(owner.id)
        elif isinstance(owner, ast.Attribute) and isinstance(owner.value, ast.Name) and owner.value.id in modules:
            kind = owner.attr
        else:
            continue
        if (kind, node.attr) in NAIVE_CLOCK and not (node.attr == "now" and id(node) in aware):
            lines.append(node.lineno)
    return sorted(lines)


def test_the_clock_detector_sees_calls_and_references_but_not_comments_strings_or_zones():
    source = '''import datetime as dt
from datetime import date, datetime as moment, timezone
# date.today() in a comment
text = "datetime.now() in a string"
a = date.today()
b = moment.now()
c = moment.today()
d = moment.utcnow()
e = dt.date.today()
f = moment.now(timezone.utc)
g = dt.datetime.now(tz=timezone.utc)
h = Field(default=date.today)
'''
    assert naive_clock_reads(ast.parse(source)) == [5, 6, 7, 8, 9, 12]


def test_only_the_clock_module_reads_the_wall_clock_without_a_zone():
    """A UTC server's date.today() is yesterday in Hồ Chí Minh City until 07:00 local."""
    offenders = [f"{MODULES[name].relative_to(ROOT.parent)}:{line}"
                 for name in MODULES if name != CLOCK_MODULE for line in naive_clock_reads(parse(name))]
    assert offenders == [], "use ecosystem.clock.local_today()/local_now(), or take `today` as a parameter"


def test_nothing_lives_directly_under_services():
    services = ROOT / "services"
    stray = sorted(path.name for path in services.glob("*.py") if path.name != "__init__.py")
    assert stray == [], "services are grouped by capability: ecosystem/services/<capability>/<module>.py"


def test_matching_core_imports_nothing_from_the_web_the_database_or_the_clock():
    names = [name for name in MODULES if is_under(name, ("ecosystem.matching",))]
    assert len(names) >= 5
    for name in names:
        for module in imported_modules(name):
            assert not (impure(module) or is_under(module, ("ecosystem.services",))), f"{name} imports {module}"


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_layers_import_nothing_from_above(layer):
    """Models below services and policies, services below the web layer (so rules never format HTML)."""
    offenders = [f"{name} imports {module}" for name in MODULES if is_under(name, (layer,))
                 for module in imported_modules(name) if is_under(module, LAYERS[layer])]
    assert offenders == []


@pytest.mark.parametrize("name", PURE_MODULES + PURE_HELPERS)
def test_pure_modules_import_only_pure_modules(name):
    """No web, database or clock, and within ecosystem only other pure modules (so purity is transitive)."""
    for module in imported_modules(name):
        assert not impure(module), f"{name} imports {module}"
        assert not is_under(module, ("ecosystem",)) or pure_import(module), f"{name} imports {module}, not pure"
    assert naive_clock_reads(parse(name)) == []


def test_the_pure_list_is_complete():
    """A new service module importing nothing impure belongs in PURE_MODULES, so its purity is kept."""
    candidates = {name for name in MODULES if is_under(name, ("ecosystem.services",))
                  and MODULES[name].name != "__init__.py" and name.count(".") == 3}
    pure = set(candidates)
    while True:  # drop modules importing something impure or a module already dropped
        dropped = {name for name in pure for module in imported_modules(name)
                   if impure(module) or (is_under(module, ("ecosystem",)) and module not in pure
                                         and not pure_import(module))}
        if not dropped:
            break
        pure -= dropped
    assert sorted(pure) == sorted(PURE_MODULES)
