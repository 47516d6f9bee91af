"""Route × role cases, one module per domain.

Each module defines CASES: a list of (method, url_template, allowed_roles) and optionally
build(world) that adds the objects its URLs need to the `world` dict. url_template is formatted
with world (e.g. "/orgs/{startup_a_slug}/edit"). Roles: anon, admin, officer, coordinator,
mentor, investor, judge, startup (manages startup A), startup_b (manages startup B).
"""
import importlib
import pkgutil

ROLES = ("anon", "admin", "officer", "coordinator", "mentor", "investor", "judge", "startup",
         "startup_b")
EVERYONE = set(ROLES)
SIGNED_IN = EVERYONE - {"anon"}
STAFF = {"admin", "officer"}


def modules():
    for info in pkgutil.iter_modules(__path__):
        yield importlib.import_module(f"{__name__}.{info.name}")
