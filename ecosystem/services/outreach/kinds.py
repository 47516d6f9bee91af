"""Which preference a notification kind falls under, and which kinds the law or security make compulsory."""

CATEGORIES = ("support", "matching", "events", "awards", "certification", "funds", "broadcasts", "digest")
CHANNELS = ("in_app", "email", "zalo", "digest")
# prefix of the notification kind (before the first dot) -> preference category
_PREFIXES = {
    "support": "support", "startup": "support",
    "cohort": "matching", "intro": "matching", "techmart": "matching",
    "events": "events", "office_hours": "events", "clubs": "events",
    "award": "awards", "cert": "certification", "fund": "funds", "broadcast": "broadcasts",
    "digest": "digest",
}
# Security and legal messages: always in the bell and by e-mail, never batched, never unsubscribed.
COMPULSORY_PREFIXES = ("account", "privacy", "reports", "jobs")
COMPULSORY_KINDS = {"cert.due_overdue", "fund.breach"}  # deadlines the law sets, already missed


def category_of(kind: str) -> str | None:
    """The preference category of a kind; None for compulsory or unknown kinds (always delivered)."""
    if is_compulsory(kind):
        return None
    return _PREFIXES.get(kind.partition(".")[0])


def is_compulsory(kind: str) -> bool:
    return kind in COMPULSORY_KINDS or kind.partition(".")[0] in COMPULSORY_PREFIXES
