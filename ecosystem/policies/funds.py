"""Who may see and write an enterprise's S&T fund: its managers and DOST staff, nobody else."""
from ecosystem.permissions import has_role, is_staff, manages, policy


def _owner_or_staff(user, fund) -> bool:
    return is_staff(user) or manages(user, fund.organisation)


@policy("fund.list_all")
def _list_all(user, obj=None):
    """The officers' view of every fund."""
    return is_staff(user)


@policy("fund.create", needs_object=True)
def _create(user, org=None):
    """org: the enterprise the fund belongs to."""
    if org is None:
        return user.is_authenticated and (is_staff(user) or bool(user.managed_org_ids))
    return is_staff(user) or manages(user, org)


@policy("fund.view", needs_object=True)
def _view(user, fund=None):
    return fund is not None and _owner_or_staff(user, fund)


@policy("fund.record", needs_object=True)
def _record(user, fund=None):
    """Append entries (appropriations, usages, transfers, reversals) to the fund's ledger."""
    return fund is not None and _owner_or_staff(user, fund)


@policy("fund.edit", needs_object=True)
def _edit(user, fund=None):
    return fund is not None and _owner_or_staff(user, fund)


@policy("fund.inspect", needs_object=True)
def _inspect(user, fund=None):
    """Officer-only acts on a fund: override an appropriation amount, record a misuse finding."""
    return is_staff(user)


@policy("fund.ownership")
def _ownership(user, obj=None):
    """Record parent–subsidiary shares, the evidence that allows transfers."""
    return is_staff(user)


@policy("fund.mine")
def _mine(user, obj=None):
    """Shows the 'my fund' link to people who manage an organisation."""
    return user.is_authenticated and bool(user.managed_org_ids)


@policy("fund.rules.view")
def _rules_view(user, obj=None):
    """The fund rule sets, their legal basis and which figures are still to be confirmed."""
    return is_staff(user)


@policy("fund.rules.install")
def _rules_install(user, obj=None):
    """Install a later rule set (or one that replaces an unconfirmed one) without a release."""
    return has_role(user, "admin")
