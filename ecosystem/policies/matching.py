"""Who sees suggestions, answers introductions and plans cohorts."""
from ecosystem.permissions import has_role, is_staff, manages, policy


@policy("match.startup", needs_object=True)
def _startup(user, org=None):
    """A startup's suggestions, verdicts, introduction requests and mentor ratings: its managers
    and DOST staff."""
    if org is None:
        return user.is_authenticated
    return org.kind == "startup" and (is_staff(user) or manages(user, org))


@policy("match.mine")
def _mine(user, obj=None):
    """The startups suggested to a mentor or an investor."""
    return has_role(user, "mentor", "investor")


@policy("intro.list")
def _intro_list(user, obj=None):
    return user.is_authenticated


@policy("intro.view", needs_object=True)
def _intro_view(user, intro=None):
    """The ends and the connector; the target only once the connector has passed it on."""
    if intro is None:
        return user.is_authenticated
    if is_staff(user):
        return True
    roles = intro.roles_of(user)
    if roles & {"requester", "connector"}:
        return True
    return "target" in roles and intro.status not in ("requested", "connector_declined")


@policy("intro.decide", needs_object=True)
def _intro_decide(user, intro=None):
    if intro is None:
        return user.is_authenticated
    roles = intro.roles_of(user)
    return (intro.status == "requested" and "connector" in roles) or (
        intro.status == "forwarded" and "target" in roles)


@policy("intro.withdraw", needs_object=True)
def _intro_withdraw(user, intro=None):
    if intro is None:
        return user.is_authenticated
    return intro.status in ("requested", "forwarded") and "requester" in intro.roles_of(user)


@policy("cohort.manage")
def _cohort_manage(user, obj=None):
    return is_staff(user) or has_role(user, "coordinator")


@policy("cohort.edit", needs_object=True)
def _cohort_edit(user, plan=None):
    if plan is None:
        return is_staff(user) or has_role(user, "coordinator")
    return is_staff(user) or (has_role(user, "coordinator") and plan.cohort_org_id in user.managed_org_ids)
