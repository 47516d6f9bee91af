"""Every Vietnamese message in code and templates has an English translation in a parts file, and
one Vietnamese text never carries two English ones without a message context."""
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ecosystem.i18n import CatalogueConflict, build_catalogues, merge_parts

ROOT = Path(__file__).resolve().parent.parent
PARTS = ROOT / "ecosystem/translations/en/parts"
METHODS = [("ecosystem/**.py", "python"), ("templates/**.html", "jinja2.ext:babel_extract")]
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None, "_l": None, "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2)}


def english_ids() -> set[tuple]:
    ids = set()
    for part in PARTS.glob("*.po"):
        with part.open("rb") as handle:
            for m in read_po(handle):  # a plural message's id is (singular, plural): both count as known
                if m.id and m.string:
                    ids |= {(m.context, i) for i in (m.id if isinstance(m.id, tuple) else (m.id,))}
    return ids


def test_every_message_is_translated():
    known = english_ids()
    missing = set()
    for filename, _line, message, _comments, context in extract_from_dir(
            str(ROOT), method_map=METHODS, keywords=KEYWORDS):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid and (context, msgid) not in known:
                missing.add(f"{filename}: {msgid}" + (f" [{context}]" if context else ""))
    assert sorted(missing) == [], f"{len(missing)} messages lack English"


def test_the_real_parts_have_no_conflicting_translations():
    assert len(merge_parts(PARTS)) > 100


def _part(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + body,
                               encoding="utf-8")


def test_a_text_with_two_english_translations_fails_the_build(tmp_path):
    parts = tmp_path / "en" / "parts"
    _part(parts, "core.po", 'msgid "Vai trò"\nmsgstr "Roles"\n')
    _part(parts, "awards.po", 'msgid "Vai trò"\nmsgstr "Role"\n')
    with pytest.raises(CatalogueConflict, match="Vai trò"):
        build_catalogues(tmp_path)
    assert not (tmp_path / "en" / "LC_MESSAGES" / "messages.mo").exists()


def test_a_message_context_gives_each_meaning_its_own_entry(tmp_path):
    parts = tmp_path / "en" / "parts"
    _part(parts, "core.po", 'msgid "Vai trò"\nmsgstr "Roles"\n')
    _part(parts, "awards.po", 'msgctxt "singular"\nmsgid "Vai trò"\nmsgstr "Role"\n\n'
                              'msgid "Vai trò"\nmsgstr "Roles"\n')
    assert build_catalogues(tmp_path) == 2
    with (tmp_path / "en" / "LC_MESSAGES" / "messages.mo").open("rb") as handle:
        catalogue = GNUTranslations(handle)  # what the app reads at run time
    assert catalogue.gettext("Vai trò") == "Roles"
    assert catalogue.pgettext("singular", "Vai trò") == "Role"


def test_english_pages_use_the_meaning_in_context(app, client):
    client.set_cookie("lang", "en")
    page = client.get("/people/").get_data(as_text=True)
    assert ">Role" in page and "People" in page
