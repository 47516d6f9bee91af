"""Domain parts of the demo: each module here defines seed(ctx) and runs after the core demo.

ctx is a DemoContext: orgs and people by their seed key, users by e-mail, and seeds_dir.
Modules run in name order, once, inside the same transaction as the core demo.
"""
import importlib
import pkgutil
from dataclasses import dataclass, field


@dataclass
class DemoContext:
    seeds_dir: str
    orgs: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


def run_all(ctx: DemoContext) -> list[str]:
    done = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}").seed(ctx)
            done.append(info.name)
    return done
