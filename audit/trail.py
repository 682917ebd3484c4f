"""Record reads, exports, imports and purges of personal data.

    from audit.trail import record
    record(request, "VIEW", "Deltagare 19800517-****", obj=participant)
    record(request, "EXPORT", "SUS-export 2015", rows=569)

`request` may also be a user (commands and Celery tasks have no request).
"""

from __future__ import annotations

from .models import AccessEvent


def client_ip(request) -> str | None:
    meta = getattr(request, "META", {})
    return meta.get("REMOTE_ADDR") or None


def record(request_or_user, action: str, target: str, *, obj=None, **details) -> AccessEvent:
    user = getattr(request_or_user, "user", request_or_user)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AccessEvent.objects.create(
        user=user,
        username=getattr(user, "username", "") or "",
        action=action,
        target=target[:300],
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_ip(request_or_user),
        details=details,
    )
