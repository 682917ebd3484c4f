"""django-auditlog's middleware with the site's one rule for the client's address."""

from auditlog.middleware import AuditlogMiddleware

from finsam.clientip import client_ip


class ChangeLogMiddleware(AuditlogMiddleware):
    """Actor and address for every change-log entry; X-Forwarded-For only from our proxies
    (auditlog's own reads it from anyone, and X-Forwarded-Port too)."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None  # behind a proxy the forwarded port is the proxy's, not the client's
