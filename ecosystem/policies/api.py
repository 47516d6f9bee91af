"""Policies of the API's own records: webhooks belong to the admin or to an organisation's managers."""
from ecosystem.permissions import has_role, manages, policy


@policy("webhook.manage")
def _manage(user, obj=None):
    """The admin, or anyone who manages an organisation, may register hooks."""
    return has_role(user, "admin") or (user.is_authenticated and bool(user.managed_org_ids))


@policy("webhook.view", needs_object=True)
def _view(user, hook=None):
    """A hook and its deliveries: the admin, or the managers of its organisation."""
    if hook is None:
        return user.is_authenticated
    if has_role(user, "admin"):
        return True
    return hook.organisation is not None and manages(user, hook.organisation)
