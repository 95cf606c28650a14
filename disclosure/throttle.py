"""The public pages' rate limit, per client address, in Django's cache (the settings' default cache; with several
application servers, point it at a shared one). A fixed window: at most `limit` hits per `window` seconds per
address and bucket; past it the page answers 429 in Chinese with Retry-After. Limits can be changed in settings
(DISCLOSURE_RATE_LIMITS = {"page": (60, 60), "ask": (5, 3600)})."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from coop.security import client_ip

DEFAULT_LIMITS = {"page": (60, 60), "ask": (5, 3600)}  # (hits, seconds): a page a second; five questions an hour


def limits(bucket: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "DISCLOSURE_RATE_LIMITS", {})}[bucket]


def over_limit(request, bucket: str) -> int:
    """Count this hit; 0 while within the limit, else the seconds until the window ends."""
    limit, window = limits(bucket)
    now = int(time.time())
    key = f"gk-rate:{bucket}:{client_ip(request) or 'unknown'}:{now // window}"
    if cache.add(key, 1, timeout=window):
        hits = 1
    else:
        try:
            hits = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            hits = 1
    return 0 if hits <= limit else window - now % window


def too_many(request, wait: int):
    response = render(request, "disclosure/throttled.html", {"wait": wait}, status=429)
    response["Retry-After"] = str(wait)
    return response


def rate_limited(bucket: str):
    """A view decorator: counts every request of `bucket` (cached answers too, so put it outside cache_page)."""
    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            wait = over_limit(request, bucket)
            if wait:
                return too_many(request, wait)
            return view(request, *args, **kwargs)
        return limited
    return decorate
