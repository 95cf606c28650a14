"""The front page of the admin: what waits for this user, and the figures of their scope.

Each app contributes a panel in its `panels.py`: a function taking the request and returning a list of
`Item`s. Panels run in order of registration; each must answer in a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class Item:
    label: str
    value: object
    url: str = ""
    todo: bool = False  # a task waiting for the user, rather than a figure to read


_panels: list[Callable] = []


def panel(func: Callable) -> Callable:
    _panels.append(func)
    return func


def load_panels() -> None:
    autodiscover_modules("panels")


def build(request) -> dict:
    items = [item for func in _panels for item in func(request)]
    return {
        "todos": [i for i in items if i.todo and i.value],
        "figures": [i for i in items if not i.todo],
    }
