"""Every Vietnamese message in code and templates has an English translation in a parts file."""
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
METHODS = [("ecosystem/**.py", "python"), ("templates/**.html", "jinja2.ext:babel_extract")]
KEYWORDS = {"_": None, "gettext": None, "lazy_gettext": None, "_l": None, "ngettext": (1, 2)}


def english_ids() -> set[str]:
    ids = set()
    for part in (ROOT / "ecosystem/translations/en/parts").glob("*.po"):
        with part.open("rb") as handle:
            for m in read_po(handle):  # a plural message's id is (singular, plural): both count as known
                if m.id and m.string:
                    ids |= set(m.id) if isinstance(m.id, tuple) else {m.id}
    return ids


def test_every_message_is_translated():
    known = english_ids()
    missing = set()
    for filename, _line, message, _comments, _ctx in extract_from_dir(
            str(ROOT), method_map=METHODS, keywords=KEYWORDS):
        ids = message if isinstance(message, tuple) else (message,)
        for msgid in ids:
            if msgid and msgid not in known:
                missing.add(f"{filename}: {msgid}")
    assert sorted(missing) == [], f"{len(missing)} messages lack English"
