"""Who may do what in the technology market: the catalogue and Techmart pages are public, demands
are for signed-in people, and each side acts only for the organisations it manages."""
from ecosystem.permissions import is_staff, manages, policy

DEMAND_ORG_KINDS = ("enterprise", "startup")


def _party(user, org_ids) -> bool:
    return user.is_authenticated and bool(set(org_ids) & user.managed_org_ids)


def _other_org(user, owner_id) -> bool:
    """The user manages an organisation other than owner_id (so may act as a buyer)."""
    return user.is_authenticated and bool(user.managed_org_ids - {owner_id})


@policy("techmart.offer.view", needs_object=True)
def _offer_view(user, offer=None):
    """A published offer is public; a withdrawn one only for its owner and the DOST."""
    if offer is None:
        return True
    return offer.status == "published" or is_staff(user) or manages(user, offer.organisation)


@policy("techmart.offer.create", needs_object=True)
def _offer_create(user, org=None):
    """org: the offering organisation (any kind: university, institute, lab, enterprise …)."""
    if org is None:
        return user.is_authenticated and (is_staff(user) or bool(user.managed_org_ids))
    return is_staff(user) or manages(user, org)


@policy("techmart.offer.edit", needs_object=True)
def _offer_edit(user, offer=None):
    return offer is not None and (is_staff(user) or manages(user, offer.organisation))


@policy("techmart.mine")
def _mine(user, obj=None):
    return user.is_authenticated


@policy("techmart.demand.list")
def _demand_list(user, obj=None):
    """Demands are visible to signed-in people only."""
    return user.is_authenticated


@policy("techmart.demand.view", needs_object=True)
def _demand_view(user, demand=None):
    if not user.is_authenticated:
        return False
    return demand is None or demand.status == "open" or is_staff(user) or manages(user, demand.organisation)


@policy("techmart.demand.create", needs_object=True)
def _demand_create(user, org=None):
    """org: the enterprise with the need."""
    if org is None:
        return user.is_authenticated and (is_staff(user) or bool(user.managed_org_ids))
    return org.kind in DEMAND_ORG_KINDS and (is_staff(user) or manages(user, org))


@policy("techmart.demand.edit", needs_object=True)
def _demand_edit(user, demand=None):
    """Edit, close and see the matching offers of a demand: its enterprise and the DOST."""
    return demand is not None and (is_staff(user) or manages(user, demand.organisation))


@policy("techmart.contact.request", needs_object=True)
def _contact_request(user, offer=None):
    if offer is None:
        return user.is_authenticated
    return offer.status == "published" and _other_org(user, offer.organisation_id)


@policy("techmart.contact.view", needs_object=True)
def _contact_view(user, row=None):
    if row is None:
        return user.is_authenticated
    return is_staff(user) or _party(user, {row.requester_org_id, row.offer.organisation_id})


@policy("techmart.contact.decide", needs_object=True)
def _contact_decide(user, row=None):
    """Only the offer's owner answers a contact request."""
    return row is not None and _party(user, {row.offer.organisation_id})


@policy("techmart.deal.start", needs_object=True)
def _deal_start(user, offer=None):
    """A buyer (an organisation other than the owner) opens a deal; the DOST may record one."""
    if offer is None:
        return user.is_authenticated
    return is_staff(user) or _other_org(user, offer.organisation_id)


@policy("techmart.deal.view", needs_object=True)
def _deal_view(user, deal=None):
    if deal is None:
        return user.is_authenticated
    return is_staff(user) or _party(user, {deal.seller_org_id, deal.buyer_org_id})


@policy("techmart.deal.move", needs_object=True)
def _deal_move(user, deal=None):
    return deal is not None and (is_staff(user) or _party(user, {deal.seller_org_id, deal.buyer_org_id}))


@policy("techmart.deals.all")
def _deals_all(user, obj=None):
    return is_staff(user)


@policy("techmart.session.manage")
def _session_manage(user, obj=None):
    """Create Techmart sessions, add booths, run the meeting plan: the DOST."""
    return is_staff(user)


@policy("techmart.slot.book", needs_object=True)
def _slot_book(user, slot=None):
    """An enterprise books for itself; an officer may book on an enterprise's behalf."""
    if slot is None:
        return user.is_authenticated
    return is_staff(user) or _other_org(user, slot.booth.organisation_id)


@policy("techmart.slot.cancel", needs_object=True)
def _slot_cancel(user, slot=None):
    if slot is None:
        return user.is_authenticated
    ends = {slot.booth.organisation_id} | ({slot.visitor_org_id} if slot.visitor_org_id else set())
    return is_staff(user) or _party(user, ends)


@policy("techmart.slot.held", needs_object=True)
def _slot_held(user, slot=None):
    """The exhibitor or an officer records that a meeting took place."""
    return slot is not None and (is_staff(user) or _party(user, {slot.booth.organisation_id}))
