"""[setting] values: defaults ship as data in seeds/settings/*.json, officers override them in the DB."""
import json
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from flask import current_app, g
from sqlalchemy import select

from ecosystem.extensions import db
from ecosystem.models import Setting
from ecosystem.services.platform.process_cache import cached, forget


@lru_cache(maxsize=4)
def load_defaults(seeds_dir: str) -> dict:
    """Every default from seeds/settings/, merged; a key defined twice is a data error."""
    merged: dict = {}
    for path in sorted(Path(seeds_dir, "settings").glob("*.json")):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            if key in merged:
                raise ValueError(f"setting {key} defined twice (in {path.name})")
            merged[key] = value
    return merged


def defaults() -> dict:
    return load_defaults(current_app.config["SEEDS_DIR"])


@cached("settings", ("settings",))
def stored_overrides() -> dict:
    """The officers' overrides as stored (kept per worker for a few seconds: every page reads them)."""
    return {s.key: s.value["v"] for s in db.session.scalars(select(Setting))}


def _overrides() -> dict:
    """The DB overrides, fixed for one request (or app context)."""
    if "_settings" not in g:
        g._settings = stored_overrides()
    return g._settings


def reload_settings() -> None:
    """Read the overrides from the database again on this request (this worker's copy may be old)."""
    g.pop("_settings", None)
    forget("settings")


def setting(key: str):
    """The value in force for key; KeyError for an unknown key so a typo fails loudly."""
    overrides = _overrides()
    if key in overrides:
        return overrides[key]
    return defaults()[key]


def setting_decimal(key: str) -> Decimal:
    return Decimal(str(setting(key)))


def set_setting(key: str, value, user_id: int | None) -> None:
    """Record an override; the caller commits."""
    if key not in defaults():
        raise KeyError(key)
    row = db.session.get(Setting, key)
    if row is None:
        row = Setting(key=key, value={"v": value}, updated_by_id=user_id)
        db.session.add(row)
    else:
        row.value = {"v": value}
        row.updated_by_id = user_id
    reload_settings()
    db.session.flush()
