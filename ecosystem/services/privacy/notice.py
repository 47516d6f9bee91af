"""The privacy notice (one JSON file per version) and the processing register, both data in
seeds/privacy/: officers change wording by shipping a new version, never by editing code."""
import json
from functools import lru_cache
from pathlib import Path

from flask import current_app

from ecosystem.services.platform.settings import setting

NOTICE_DIR = ("privacy", "notices")
REGISTER_FILE = ("privacy", "processing_register.json")


def _seeds() -> Path:
    return Path(current_app.config["SEEDS_DIR"])


@lru_cache(maxsize=16)
def _read(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def notice_versions() -> list[str]:
    """Every shipped version, oldest first (names sort as year.number)."""
    files = _seeds().joinpath(*NOTICE_DIR).glob("*.json")
    return sorted((p.stem for p in files), key=lambda v: [int(x) if x.isdigit() else x for x in v.split(".")])


def load_notice(version: str | None = None) -> dict:
    """The notice of this version, else the one in force (the setting, or the newest shipped)."""
    versions = notice_versions()
    wanted = version or setting("privacy.notice_version")
    if wanted not in versions:
        if version is not None:
            raise KeyError(version)
        wanted = versions[-1]
    return _read(str(_seeds().joinpath(*NOTICE_DIR, f"{wanted}.json")))


def current_version() -> str:
    """The version a consent given now is recorded under: the one the page shows."""
    return load_notice()["version"]


def processing_register() -> dict:
    return _read(str(_seeds().joinpath(*REGISTER_FILE)))


def consent_purposes() -> list[str]:
    """Purpose codes that rest on consent (the register's activities marked consent: true)."""
    return [a["code"] for a in processing_register()["activities"] if a["consent"]]


def activity(code: str) -> dict | None:
    return next((a for a in processing_register()["activities"] if a["code"] == code), None)


def purpose_label(code: str, locale: str) -> str:
    found = activity(code)
    return found["activity"].get(locale, found["activity"]["vi"]) if found else code


def register_table(locale: str, headers: dict) -> tuple[list, list]:
    """(columns, rows) of the register for export; headers maps keys to translated titles."""
    keys = ("code", "activity", "subjects", "data", "purpose", "legal_basis", "retention",
            "recipients", "consent", "settings")
    columns = [(key, headers[key]) for key in keys]
    rows = []
    for item in processing_register()["activities"]:
        row = {key: item[key].get(locale, item[key]["vi"]) for key in keys if isinstance(item.get(key), dict)}
        row.update(code=item["code"], consent=headers["yes"] if item["consent"] else headers["no"],
                   settings=[f"{key} = {setting(key)}" for key in item.get("retention_settings", [])])
        rows.append(row)
    return columns, rows
