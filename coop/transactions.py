"""Each request that may change something runs in one transaction; a request that only reads runs in none.

Django's ATOMIC_REQUESTS wraps every view, GET included. On SQLite (transaction_mode IMMEDIATE) that made a
report's GET hold the database's one write lock for its whole render, so a clerk's save waited behind an
auditor's PDF. This middleware does what ATOMIC_REQUESTS did, for unsafe methods only. It must come last in
MIDDLEWARE: it calls the view itself, after every other middleware's process_view (CSRF's included) has run.
"""

from django.conf import settings
from django.db import connections, transaction

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicUnsafeRequestsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS:
            return None
        exempt = getattr(view_func, "_non_atomic_requests", set())  # @transaction.non_atomic_requests
        view = view_func
        for alias in connections:
            # the breach log's own connection commits each refusal at once, whatever the request's outcome
            if alias not in exempt and alias != getattr(settings, "BREACH_LOG_DATABASE", None):
                view = transaction.atomic(using=alias)(view)
        return view(request, *view_args, **view_kwargs)
