"""The client's address: one rule for the change log, the access log and django-axes.

Behind a reverse proxy every request comes from the proxy, and the client's address is in
X-Forwarded-For, which each proxy extends with the address it got the request from. Anyone
can send that header, so it is believed only when the request came from a proxy listed in
FINSAM_TRUSTED_PROXIES, and then read from the right: the first address that is not one of
our proxies is the client (whatever lies left of it the client could have written).

django-ipware is not used: its trusted-proxy list is matched against the header's own
trailing entries, never against the address the request actually came from, so a client
connecting directly could forge a "trusted" chain.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=4)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """The configured proxies as networks (an address is a /32 or /128); ValueError if one is not."""
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address from a header entry, with a port (1.2.3.4:80, [::1]:443) or brackets removed."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_ours(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The client's address for `request` (None if it has none, e.g. a command or a task)."""
    meta = getattr(request, "META", None) or {}
    remote = meta.get("REMOTE_ADDR") or None
    networks = trusted_networks(tuple(settings.FINSAM_TRUSTED_PROXIES))
    if remote is None or not _is_ours(_address(remote), networks):
        return remote
    for entry in reversed(meta.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(entry)
        if address is None:
            return remote  # garbage where the client should be: keep what we know is true
        if not _is_ours(address, networks):
            return str(address)
    return remote
