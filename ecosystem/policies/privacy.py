"""Policies of personal data (Law 91/2025/QH15): each person their own data; admins the requests,
the contact-access log and the processing register."""
from ecosystem.permissions import has_role, policy


@policy("privacy.notice")
def _notice(user, obj=None):
    """The privacy notice is for everyone, before they sign up."""
    return True


@policy("privacy.mine")
def _mine(user, obj=None):
    """My data, my consents, my requests: any signed-in person, about themself only."""
    return user.is_authenticated


@policy("privacy.admin")
def _admin(user, obj=None):
    return has_role(user, "admin")


@policy("privacy.request.handle", needs_object=True)
def _handle(user, request=None):
    """An admin answers a request; a closed one can still be read but no longer changed."""
    if request is None:
        return has_role(user, "admin")
    return has_role(user, "admin") and request.is_open
