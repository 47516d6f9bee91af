"""Browser policies on every response, through Flask-Talisman: a strict Content-Security-Policy
(scripts and styles only from our own static files: no inline script, no style attribute), no
framing, no MIME sniffing, a short referrer, no camera/microphone/geolocation, and HSTS in
production. A response that set its own policy (an uploaded file: sandboxed) keeps it.
"""
from flask import Flask
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",  # data: for the QR images of the outbox's attachments
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
PERMISSIONS = {"camera": "()", "microphone": "()", "geolocation": "()", "browsing-topics": "()"}
# The check-in desk scans QR codes with the device's camera (static/js/checkin.js).
DESK_PERMISSIONS = {**PERMISSIONS, "camera": "(self)"}
UPLOAD_CSP = "default-src 'none'; sandbox"


class BrowserPolicies(Talisman):
    """Talisman, except that a response carrying its own Content-Security-Policy keeps it."""

    def _set_content_security_policy_headers(self, headers, options):
        own = headers.get("Content-Security-Policy")
        super()._set_content_security_policy_headers(headers, options)
        if own:
            headers["Content-Security-Policy"] = own


def init_policies(talisman: BrowserPolicies, app: Flask) -> None:
    production = app.config.get("ENV_NAME") == "production"
    talisman.init_app(
        app,
        content_security_policy=CSP,
        permissions_policy=PERMISSIONS,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        force_https=False,  # TLS ends at the reverse proxy; it redirects plain HTTP
        strict_transport_security=production,
        session_cookie_secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
        session_cookie_http_only=True,
        x_content_type_options=True,
        x_xss_protection=False,
    )
