"""The 400 page names what was wrong with the request when the project itself refused a parameter.

Django's own handler renders 400.html with no context at all. A view of this project that refuses a parameter
raises `BadParameter` with a Chinese message saying which and why, and that message is shown; any other 400
(a suspicious host, a malformed upload) shows only the general page, since its message is not for users.
"""

from django.core.exceptions import BadRequest
from django.http import HttpResponseBadRequest
from django.template import loader


class BadParameter(BadRequest):
    """A request parameter the view cannot use (month=13, year=abc); its message is shown to the user."""


def form_errors_text(form) -> str:
    """A bound form's errors in one line, each after its field's label: "月份:确保该值小于或等于12。"."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        parts.extend(f"{label}:{error}" if label else str(error) for error in errors)
    return ";".join(parts)


def bad_request(request, exception, template_name="400.html"):
    reason = str(exception) if isinstance(exception, BadParameter) else ""
    return HttpResponseBadRequest(loader.get_template(template_name).render({"reason": reason}))
