"""Check-in codes and their QR images: scannable on a phone, and short enough to type when the camera fails."""
from __future__ import annotations

import re
import secrets
import unicodedata
from html import escape

import segno

# Crockford base32: no I, L, O or U, so a code read aloud or off paper is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.·–—]+")
_VALID = re.compile(f"^[{ALPHABET}]+$")


def new_checkin_code(length: int = CODE_LENGTH) -> str:
    """A random code from a cryptographic source: 10 symbols of 32 are 50 bits, far beyond guessing."""
    if length < 8:
        raise ValueError("a check-in code needs at least 8 symbols to stay unguessable")
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_checkin_code(typed: str | None, length: int = CODE_LENGTH) -> str | None:
    """The canonical code for what someone typed or scanned (case, spaces, dashes, O/0, I/L/1), or None."""
    if not typed:
        return None
    text = unicodedata.normalize("NFKC", typed).strip()
    if "/" in text:  # a scanned check-in URL: the code is its last path segment
        text = text.rstrip("/").rsplit("/", 1)[-1]
    text = _SEPARATORS.sub("", text).upper().translate(_READ_AS)
    if len(text) != length or not _VALID.match(text):
        return None
    return text


def format_checkin_code(code: str, group: int = 5) -> str:
    """Display form in groups ('7K3QD-M9XTA') so it is easy to read out and type."""
    return "-".join(code[i:i + group] for i in range(0, len(code), group))


def qr_png(data: str, *, scale: int = 6) -> bytes:
    """The same QR code as a PNG, for e-mails (mail clients do not show inline SVG)."""
    import io
    buffer = io.BytesIO()
    segno.make_qr(data, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_svg(data: str, *, title: str = "Mã QR check-in / Check-in QR code", scale: int = 4) -> str:
    """An inline SVG QR code with a title and role=img for screen readers; never Micro QR (phones skip it)."""
    if not data:
        raise ValueError("nothing to encode")
    code = segno.make_qr(data, error="m")
    svg = code.svg_inline(scale=scale, omitsize=True, title=title, dark="#000", light="#fff")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title, quote=True)}" ', 1)
