"""The client's address for login throttling.

Behind a reverse proxy every request comes from the proxy, so locking by REMOTE_ADDR would lock a
username for the whole county after five wrong passwords anywhere. When PROXY_COUNT trusted proxies sit
in front (nginx appends to X-Forwarded-For), the client is the entry that many places from the right.
"""

from django.conf import settings


def client_ip(request) -> str | None:
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
