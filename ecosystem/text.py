"""Accent-free text so that "thu dau mot" finds "Thủ Dầu Một" on SQLite and PostgreSQL alike."""
import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces; used for search keys."""
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", plain.lower()).strip()


def slugify(text: str) -> str:
    """URL slug from a Vietnamese name: 'Công ty Nông Nghiệp Xanh' → 'cong-ty-nong-nghiep-xanh'."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:80] or "x"
