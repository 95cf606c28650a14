"""Lines other registers add to a member's page (the fund's loans, …), so that members imports none of them:
an app registers `func(member) -> html` with `register`, and the member's page shows each under 其他台账.
The member's page is already within the user's scope, and every register here lives in the member's village."""

from collections.abc import Callable

from django.utils.html import format_html_join

_sections: list[Callable] = []


def register(func: Callable) -> Callable:
    _sections.append(func)
    return func


def render(member) -> str:
    return format_html_join("", "{}", ((func(member),) for func in _sections))
