"""Zalo Notification Service (ZNS): template messages to a phone number, for reminders and deadline
warnings. Off unless ZALO_ZNS_URL and ZALO_ACCESS_TOKEN are set and the kind has a template; any
failure returns False so the caller falls back to e-mail."""
import json
import logging
import re
import urllib.error
import urllib.request

from flask import current_app

from ecosystem.extensions import db
from ecosystem.models import ReachProfile
from ecosystem.services.platform.settings import setting

log = logging.getLogger(__name__)
PHONE = re.compile(r"^\+84[1-9][0-9]{8,9}$")  # Vietnamese numbers in international form


def normalise_phone(text: str) -> str | None:
    """+84… from '0912 345 678', '84912345678' or '+84 912 345 678'; None when not a VN mobile number."""
    digits = re.sub(r"[\s.\-()]", "", text or "")
    if digits.startswith("0"):
        digits = "+84" + digits[1:]
    elif digits.startswith("84"):
        digits = "+" + digits
    return digits if PHONE.match(digits) else None


def enabled() -> bool:
    config = current_app.config
    return bool(config.get("ZALO_ZNS_URL") and config.get("ZALO_ACCESS_TOKEN"))


def template_for(kind: str) -> dict | None:
    """{"template_id": …, "params": {zns_param: title|body|link|name}} for this kind, if any."""
    return (setting("zalo.templates") or {}).get(kind)


def phone_of(user_id: int) -> str | None:
    """The number the person gave with their Zalo consent (none without it)."""
    profile = db.session.get(ReachProfile, user_id)
    if profile is None or not profile.zalo_phone or profile.zalo_consent_id is None:
        return None
    from ecosystem.models import Consent
    consent = db.session.get(Consent, profile.zalo_consent_id)
    return profile.zalo_phone if consent is not None and consent.withdrawn_at is None else None


def send_zns(user, kind: str, fields: dict) -> bool:
    """Send one template message; True only when Zalo answered error 0."""
    template = template_for(kind)
    phone = phone_of(user.id)
    if not (enabled() and template and phone):
        return False
    config = current_app.config
    data = {name: str(fields.get(source) or "")[:100] for name, source in template["params"].items()}
    payload = {"phone": phone.lstrip("+"), "template_id": str(template["template_id"]),
               "template_data": data, "tracking_id": f"{kind}:{user.id}"}
    request = urllib.request.Request(config["ZALO_ZNS_URL"], data=json.dumps(payload).encode("utf-8"),
                                     headers={"Content-Type": "application/json",
                                              "access_token": config["ZALO_ACCESS_TOKEN"]}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=int(config.get("ZALO_TIMEOUT", 5))) as response:
            answer = json.loads(response.read().decode("utf-8") or "{}")
    except (OSError, ValueError, urllib.error.URLError) as exc:
        log.warning("zalo %s to user %s failed: %s", kind, user.id, exc)
        return False
    if answer.get("error") != 0:
        log.warning("zalo %s to user %s refused: %s", kind, user.id, answer.get("message"))
        return False
    return True
