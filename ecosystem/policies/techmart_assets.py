"""Who may do what with IP records, labs, international partners and the digest: the lists are
public, the DOST and an organisation's managers keep its records, a person keeps their own."""
from ecosystem.models.directory import Organisation
from ecosystem.permissions import is_staff, manages, policy


def _keeps(user, owner) -> bool:
    """Staff; the managers of an organisation; the person themself (their linked account)."""
    if not user.is_authenticated:
        return False
    if is_staff(user):
        return True
    if isinstance(owner, Organisation):
        return manages(user, owner)
    return owner is not None and user.person_id == owner.id


@policy("techmart.ip.edit", needs_object=True)
def _ip_edit(user, owner=None):
    """owner: the organisation or person whose IP records are added, edited or removed."""
    if owner is None:
        return user.is_authenticated
    return _keeps(user, owner)


@policy("techmart.ip.record_outcome", needs_object=True)
def _ip_outcome(user, req=None):
    """The DOST or the assignee record what a resolved IP protection request led to."""
    return (req is not None and req.type_code == "ip_protection" and req.state == "resolved"
            and bool(req.roles_of(user) & {"officer", "admin", "assignee"}))


@policy("techmart.lab.list")
def _lab_list(user, obj=None):
    return True


@policy("techmart.lab.view", needs_object=True)
def _lab_view(user, lab=None):
    """An active lab is public; a closed one for its host's managers and the DOST."""
    if lab is None:
        return True
    return lab.active or is_staff(user) or manages(user, lab.organisation)


@policy("techmart.lab.create", needs_object=True)
def _lab_create(user, host=None):
    if host is None:
        return user.is_authenticated and (is_staff(user) or bool(user.managed_org_ids))
    return is_staff(user) or manages(user, host)


@policy("techmart.lab.edit", needs_object=True)
def _lab_edit(user, lab=None):
    return lab is not None and (is_staff(user) or manages(user, lab.organisation))


@policy("techmart.lab.request", needs_object=True)
def _lab_request(user, lab=None):
    """A startup's manager asks for lab time: the support request is the startup's, submitted by its member."""
    if lab is None:
        return user.is_authenticated
    return lab.active and user.is_authenticated and bool(user.managed_org_ids)


@policy("techmart.partner.list")
def _partner_list(user, obj=None):
    return True


@policy("techmart.partner.manage")
def _partner_manage(user, obj=None):
    """Flag organisations abroad and record cooperation agreements: the DOST."""
    return is_staff(user)


@policy("techmart.digest.view")
def _digest_view(user, obj=None):
    return True


@policy("techmart.digest.subscribe")
def _digest_subscribe(user, obj=None):
    return user.is_authenticated
