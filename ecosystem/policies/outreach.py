"""Who may write broadcasts: officers to anyone, coordinators to their own clubs and events."""
from ecosystem.permissions import has_role, is_staff, policy


@policy("outreach.broadcast")
def _broadcast(user, obj=None):
    return is_staff(user) or (has_role(user, "coordinator") and bool(user.managed_org_ids))


@policy("outreach.broadcast_view", needs_object=True)
def _broadcast_view(user, broadcast=None):
    """A sent broadcast and its delivery counts: its author, or staff."""
    if broadcast is None or not user.is_authenticated:
        return False
    return is_staff(user) or broadcast.created_by_id == user.id
