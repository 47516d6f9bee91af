"""Who sees the DOST's view: officers and admins see everything; anyone sees the public figures."""
from ecosystem.permissions import is_staff, policy


@policy("dashboard.view")
def _dashboard_view(user, obj=None):
    """The full dashboard: private figures (funds, requests, capital) are for officers."""
    return is_staff(user)


@policy("dashboard.public")
def _dashboard_public(user, obj=None):
    return True


@policy("dashboard.targets")
def _targets_manage(user, obj=None):
    return is_staff(user)


@policy("dashboard.network")
def _network(user, obj=None):
    return is_staff(user)


@policy("dashboard.report")
def _report(user, obj=None):
    return is_staff(user)


@policy("dashboard.import")
def _import(user, obj=None):
    return is_staff(user)


@policy("dashboard.export")
def _export(user, obj=None):
    """Directory lists are public; a person's contact columns follow person.contact per row."""
    return True
