"""Which door a change is coming through — a web request, an import, a command — for whoever needs to say so when
it is refused (the attempted-breach log). Set by the request middleware and by coop.import_flow; read, never
required: code that runs outside any of them is an operation called directly."""

from contextlib import contextmanager
from contextvars import ContextVar

request_var: ContextVar = ContextVar("coop_request", default=None)
door_var: ContextVar = ContextVar("coop_door", default="")


@contextmanager
def at(door: str):
    """Run the block as coming through `door` (e.g. "import")."""
    token = door_var.set(door)
    try:
        yield
    finally:
        door_var.reset(token)


class RequestDoorMiddleware:
    """Keeps the request at hand for the refusal listeners, and gives them a moment after the request's own
    transaction has ended (`after_request` callbacks), whatever its outcome."""

    after_request: list = []

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = request_var.set(request)
        try:
            return self.get_response(request)
        finally:
            request_var.reset(token)
            for callback in self.after_request:
                callback()
