"""Every model, re-exported so Alembic and the app see one metadata.

The core modules are imported by name; domain modules added beside them (support, events,
certification, funds, awards, …) are imported automatically and re-export their __all__.
"""
import importlib
import pkgutil

from ecosystem.models.base import Base
from ecosystem.models.accounts import (LoginAttempt, LoginThrottle, OrgManager, PasswordResetToken,
                                       RoleRequest, User, UserRole, UserSession)
from ecosystem.models.directory import (InvestorProfile, MentorProfile, Organisation, Person,
                                        Sector, StartupProfile)
from ecosystem.models.relations import GraphChange, Relationship
from ecosystem.models.notifications import Notification, OutboxMessage
from ecosystem.models.audit import AuditEntry, IdempotencyKey, JobClaim, SentReminder, Setting

__all__ = [
    "Base", "User", "UserRole", "OrgManager", "UserSession", "LoginAttempt", "PasswordResetToken",
    "LoginThrottle", "RoleRequest",
    "Sector", "Organisation", "StartupProfile", "Person", "MentorProfile", "InvestorProfile",
    "Relationship", "GraphChange", "Notification", "OutboxMessage", "AuditEntry", "IdempotencyKey", "JobClaim",
    "SentReminder", "Setting",
]
_CORE = {"base", "vocab", "accounts", "directory", "relations", "notifications", "audit"}

for _info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
    if _info.name not in _CORE and not _info.name.startswith("_"):
        _module = importlib.import_module(f"{__name__}.{_info.name}")
        for _name in getattr(_module, "__all__", []):
            globals()[_name] = getattr(_module, _name)
            __all__.append(_name)
