"""Who may do what in S&T-enterprise certification: an enterprise sees only its own applications."""
from ecosystem.permissions import is_staff, manages, policy


def _owner(user, obj) -> bool:
    return obj is not None and manages(user, obj.organisation)


@policy("cert.apply")
def _apply(user, obj=None):
    return user.is_authenticated


@policy("cert.applications")
def _applications(user, obj=None):
    return user.is_authenticated


@policy("cert.application.view", needs_object=True)
def _application_view(user, app=None):
    if app is None:
        return user.is_authenticated
    return is_staff(user) or _owner(user, app)


@policy("cert.application.edit", needs_object=True)
def _application_edit(user, app=None):
    """Only the enterprise fills its dossier, and only while it is a draft or asked to complete."""
    if app is None:
        return user.is_authenticated
    return _owner(user, app) and app.status in ("draft", "incomplete")


@policy("cert.application.submit", needs_object=True)
def _application_submit(user, app=None):
    """The enterprise's own application; the service refuses a status that cannot be submitted."""
    if app is None:
        return user.is_authenticated
    return _owner(user, app)


@policy("cert.application.withdraw", needs_object=True)
def _application_withdraw(user, app=None):
    if app is None:
        return user.is_authenticated
    return _owner(user, app) and app.status in ("draft", "submitted", "incomplete")


@policy("cert.application.process", needs_object=True)
def _application_process(user, app=None):
    return is_staff(user)


@policy("cert.office")
def _office(user, obj=None):
    """The due/overdue list, the rule sets and the officers' lists."""
    return is_staff(user)


@policy("cert.certificate.view", needs_object=True)
def _certificate_view(user, certificate=None):
    if certificate is None:
        return user.is_authenticated
    return is_staff(user) or _owner(user, certificate)


@policy("cert.certificate.request", needs_object=True)
def _certificate_request(user, certificate=None):
    """The enterprise asks to change or reissue its own valid certificate."""
    if certificate is None:
        return user.is_authenticated
    return _owner(user, certificate) and certificate.is_valid


@policy("cert.certificate.report", needs_object=True)
def _certificate_report(user, certificate=None):
    if certificate is None:
        return user.is_authenticated
    return _owner(user, certificate) and certificate.is_valid


@policy("cert.certificate.revoke", needs_object=True)
def _certificate_revoke(user, certificate=None):
    return is_staff(user)
