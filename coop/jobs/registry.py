"""Which function makes which kind of report job: each app registers its own in `<app>/report_jobs.py`."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Output:
    data: bytes
    filename: str  # what the download is called, e.g. "记账凭证-桑园村.pdf"
    content_type: str


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    render: Callable  # render(job, progress) -> Output


_kinds: dict[str, Kind] = {}


def register(name: str, *, label: str) -> Callable:
    """Decorator: `@register("finance.voucher_print", label=_("打印记账凭证"))` on `render(job, progress)`."""

    def decorate(render: Callable) -> Callable:
        if name in _kinds:
            raise ValueError(f"report job kind {name!r} is registered twice")
        _kinds[name] = Kind(name, label, render)
        return render

    return decorate


def kind(name: str) -> Kind:
    return _kinds[name]


def is_registered(name: str) -> bool:
    return name in _kinds


def labels() -> dict[str, str]:
    return {k.name: k.label for k in _kinds.values()}
