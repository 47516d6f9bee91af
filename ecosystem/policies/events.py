"""Who may run, see, join and check in to events, clubs and office hours."""
from ecosystem.permissions import has_role, is_staff, manages, policy


def _runs(user, event) -> bool:
    return is_staff(user) or manages(user, event.organiser)


@policy("events.view", needs_object=True)
def _view(user, event=None):
    """Published and cancelled events are public; a draft only for those who run it."""
    if event is None:
        return True
    return event.status != "draft" or (user.is_authenticated and _runs(user, event))


@policy("events.create")
def _create(user, obj=None):
    return is_staff(user) or (has_role(user, "coordinator") and bool(user.managed_org_ids))


@policy("events.manage", needs_object=True)
def _manage(user, event=None):
    """Edit, invite, see registrations, check in, export, read feedback."""
    return event is not None and user.is_authenticated and _runs(user, event)


@policy("events.register", needs_object=True)
def _register(user, event=None):
    """Signed-in people; the audience and window rules give the reasons on the page."""
    return user.is_authenticated


@policy("events.registration", needs_object=True)
def _registration(user, registration=None):
    """A ticket: its owner, and whoever runs the event."""
    if registration is None or not user.is_authenticated:
        return False
    return registration.user_id == user.id or _runs(user, registration.event)


@policy("events.feedback", needs_object=True)
def _feedback(user, attendance=None):
    return attendance is not None and user.is_authenticated and attendance.user_id == user.id


@policy("clubs.manage", needs_object=True)
def _club_manage(user, club=None):
    return club is not None and (is_staff(user) or manages(user, club))


@policy("clubs.join", needs_object=True)
def _club_join(user, club=None):
    return user.is_authenticated


@policy("office_hours.publish")
def _publish(user, obj=None):
    """A mentor with a directory profile publishes their own slots."""
    return has_role(user, "mentor") and bool(user.person_id)


@policy("office_hours.book", needs_object=True)
def _book(user, slot=None):
    return has_role(user, "startup") and bool(user.managed_org_ids)


@policy("office_hours.change", needs_object=True)
def _change(user, slot=None):
    """The slot's mentor, the startup that booked it, or staff."""
    if slot is None or not user.is_authenticated:
        return False
    if is_staff(user) or (user.person_id and user.person_id == slot.mentor_id):
        return True
    return slot.booked_org_id is not None and slot.booked_org_id in user.managed_org_ids


@policy("office_hours.withdraw", needs_object=True)
def _withdraw(user, slot=None):
    """Only the slot's mentor (or staff) takes a slot back."""
    if slot is None or not user.is_authenticated:
        return False
    return is_staff(user) or bool(user.person_id and user.person_id == slot.mentor_id)
