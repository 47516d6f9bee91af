"""Home and site-wide search: open to everyone (what each finds depends on who they are)."""
from tests.access_cases import EVERYONE

CASES = [
    ("GET", "/search?q=startup", EVERYONE),
    ("GET", "/search", EVERYONE),
]
