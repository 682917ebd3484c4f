"""The one rule for following a `next` address: only to this site, never elsewhere."""

from __future__ import annotations

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, value: str | None, fallback: str) -> str:
    """`value` when it is an address on this site (same host, same scheme or safer), else `fallback`."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return fallback
