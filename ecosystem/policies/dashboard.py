"""Who sees the DOST's view: officers and admins see everything; anyone sees the public figures."""
from ecosystem.permissions import is_staff, policy

# The full dashboard (private figures: funds, requests, capital), targets, network health and map,
# the annual report and bulk import are the officers' tools.
STAFF_ACTIONS = ("dashboard.view", "dashboard.targets", "dashboard.network", "dashboard.report",
                 "dashboard.import")


def _staff_only(user, obj=None):
    return is_staff(user)


for _action in STAFF_ACTIONS:
    policy(_action)(_staff_only)


@policy("dashboard.public")
def _dashboard_public(user, obj=None):
    return True


@policy("dashboard.export")
def _export(user, obj=None):
    """Directory lists are public; people's contact columns are for staff (contacts.py)."""
    return True
