"""Policies of startups' onboarding and the support pipeline (issue 3)."""
from ecosystem.permissions import has_role, is_staff, manages, policy
from ecosystem.codes import RequestState
from ecosystem.policies.support_ties import (assigned_to_user, has_assignments, hosts_startup,
                                              managed_startup_ids)


# --- startups ----------------------------------------------------------------------------------

@policy("startup.onboard")
def _onboard(user, obj=None):
    return user.is_authenticated


@policy("startup.profile.edit", needs_object=True)
def _profile_edit(user, org=None):
    """Members edit their own startup; officers and admins any."""
    if org is None:
        return False
    return is_staff(user) or manages(user, org)


@policy("startup.profile.view", needs_object=True)
def _profile_view(user, org=None):
    """The completeness meter and verification page: members, the host incubator, the DOST."""
    if org is None:
        return False
    return is_staff(user) or manages(user, org) or hosts_startup(user, org)


@policy("startup.verify", needs_object=True)
def _verify(user, org=None):
    """An officer, or a manager of the incubator where the startup is resident (never itself)."""
    if org is None:
        return False
    return is_staff(user) or (hosts_startup(user, org) and not manages(user, org))


@policy("file.view", needs_object=True)
def _file_view(user, row=None):
    """An uploaded file: the DOST, the owning startup, its host incubator, its assignees."""
    if row is None:
        return False
    if is_staff(user) or (user.is_authenticated and row.uploaded_by_id == user.id):
        return True
    org = row.organisation
    if org is None:
        return False
    return (manages(user, org) or hosts_startup(user, org)
            or assigned_to_user(user, org.id))


# --- support requests --------------------------------------------------------------------------

@policy("support.mine")
def _mine(user, obj=None):
    return user.is_authenticated


@policy("support.create")
def _create(user, obj=None):
    """Members of a startup file requests for it."""
    return bool(managed_startup_ids(user))


@policy("support.view", needs_object=True)
def _view(user, req=None):
    """The startup always; the DOST once submitted; the assignee while it is theirs."""
    if req is None:
        return False
    if manages(user, req.organisation):
        return True
    if req.state == RequestState.DRAFT:
        return False
    return is_staff(user) or req.is_assignee(user)


@policy("support.edit", needs_object=True)
def _edit(user, req=None):
    return req is not None and req.state == RequestState.DRAFT and manages(user, req.organisation)


@policy("support.act", needs_object=True)
def _act(user, req=None):
    """Someone with a workflow role on this request (the service checks the action itself)."""
    return req is not None and _view(user, req) and bool(req.roles_of(user))


@policy("support.comment", needs_object=True)
def _comment(user, req=None):
    return _view(user, req)


@policy("support.note_internal", needs_object=True)
def _note_internal(user, req=None):
    return req is not None and req.state != RequestState.DRAFT and req.shows_internal_notes_to(user)


@policy("support.assigned")
def _assigned(user, obj=None):
    return user.is_authenticated


@policy("support.assigned_nav")
def _assigned_nav(user, obj=None):
    """Show "assigned to me" to mentors and to anyone who has had a request assigned."""
    return has_role(user, "mentor") or has_assignments(user)


@policy("support.office")
def _office(user, obj=None):
    """The DOST's board, list and exports."""
    return is_staff(user)
