"""Where a webhook may send: https to a public address only, checked when the hook is registered and
again before every delivery (a name can resolve elsewhere later), so the scheduler never posts into the
province's own network. Hosts an operator names in the api.webhook_private_hosts setting are let through."""
import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from ecosystem.services.platform.errors import DomainError
from ecosystem.services.platform.settings import setting

NAT64 = ipaddress.ip_network("64:ff9b::/96")


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to now (the system resolver), in its order, without repeats."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in found))


def _embedded(ip):
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), which is where it really goes."""
    if ip.version == 6:
        if ip.ipv4_mapped:
            return ip.ipv4_mapped
        if ip.sixtofour:
            return ip.sixtofour
        if ip in NAT64:
            return ipaddress.ip_address(int(ip) & 0xFFFFFFFF)
    return ip


def not_public(address: str) -> str | None:
    """Why an address is not on the public internet ("loopback", "private" …), None when it is."""
    ip = ipaddress.ip_address(address.split("%")[0])
    ip = _embedded(ip)
    for kind in ("unspecified", "loopback", "link_local", "multicast", "private", "reserved", "site_local"):
        if getattr(ip, f"is_{kind}", False):
            return kind.replace("_", "-")
    return None if ip.is_global else "reserved"


def _allowed(host: str) -> tuple[set, list]:
    """The setting's names and networks allowed despite being private (empty in production)."""
    names, networks = set(), []
    for entry in setting("api.webhook_private_hosts") or []:
        entry = str(entry).strip().lower().rstrip(".")
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            names.add(entry)
    return names, networks


def check_scheme(url: str) -> None:
    """https always; http only where the api.webhook_allow_http setting says so (a laptop, the tests)."""
    scheme = urlsplit(url).scheme.lower()
    if scheme != "https" and not (scheme == "http" and setting("api.webhook_allow_http")):
        raise DomainError("webhook_https", field="url")


def public_addresses(url: str, unresolved_ok: bool = False) -> list[str]:
    """The addresses to connect to, each checked; DomainError when any is private (a name that answers
    with one public and one private address is refused), or when the name does not resolve."""
    check_scheme(url)
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    names, networks = _allowed(host)
    try:
        addresses = resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (OSError, UnicodeError):
        if unresolved_ok:
            return []  # checked again before each delivery, when it must resolve
        raise DomainError("webhook_unresolved", field="url", host=host)
    for address in addresses:
        kind = not_public(address)
        if kind and host not in names and not any(ipaddress.ip_address(address.split("%")[0]) in n
                                                  for n in networks):
            raise DomainError("webhook_private", field="url", host=host, address=address, kind=kind)
    return addresses


def refusal_reason(error: DomainError) -> str:
    """The sentence kept on a refused delivery (the page shows it where a receiver's answer would be)."""
    params = error.params
    if error.code == "webhook_private":
        return (f"refused before sending: {params['host']} resolves to {params['address']}, "
                f"a {params['kind']} address (not public)")
    if error.code == "webhook_unresolved":
        return f"refused before sending: {params['host']} does not resolve"
    return "refused before sending: only https:// addresses are allowed"


def post(url: str, addresses: list[str], body: bytes, headers: dict, timeout: float) -> tuple[int, str]:
    """POST to the checked addresses only (never a fresh lookup), with the URL's name for TLS and Host;
    redirects are not followed, so a 3xx is an answer like any other."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=timeout,
                                           context=ssl.create_default_context())
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)

    def connect(address, timeout=None, source_address=None):
        error = OSError("no address")
        for checked in addresses:
            try:
                return socket.create_connection((checked, address[1]), timeout, source_address)
            except OSError as failed:
                error = failed
        raise error

    conn._create_connection = connect
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("POST", path, body=body, headers=headers)
        answer = conn.getresponse()
        return answer.status, answer.read(500).decode("utf-8", "replace")
    finally:
        conn.close()
