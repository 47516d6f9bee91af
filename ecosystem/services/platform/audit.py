"""Append-only audit trail used by every service that changes something people must answer for."""
from ecosystem.extensions import db
from ecosystem.models import AuditEntry


def log_action(actor_id: int | None, action: str, object_type: str, object_id: int | None,
               **data) -> AuditEntry:
    """Add one audit row; flushed with the caller's transaction so it commits or rolls back with it."""
    entry = AuditEntry(actor_id=actor_id, action=action, object_type=object_type,
                       object_id=object_id, data=data or None)
    db.session.add(entry)
    return entry
