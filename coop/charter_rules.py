"""What the domain apps say about a version of a charter, declared by them, so the organisation can refuse a
charter change that contradicts their records without knowing those apps (as finance.registers lets a
register declare its openings).

A hook rather than coop importing `members.queries`: coop stays the base that knows no domain app, and the
apps still to come (the mutual-aid fund's loan limits, the year-end distribution's ratios) declare their own
checks without an edit here. Each app declares, from its AppConfig.ready:

* `check(new, old)` — raise a RuleViolation if the terms of `new` (a version about to be saved) contradict
  the app's records, `old` being the version whose terms it replaces (None for the first version);
* `records(cooperative, start, end)` — words naming the app's records dated from `start` up to (not
  including) `end` (None: no end), e.g. "股金变动 3 笔", or "" when there are none. A version with records
  in its period is never edited or deleted, and no amendment may take effect before such records.
"""

from collections.abc import Callable
from datetime import date

_CHECKS: dict[str, Callable] = {}
_RECORDS: dict[str, Callable] = {}


def declare(app: str, *, check: Callable | None = None, records: Callable | None = None) -> None:
    """Declare one app's charter check and records (again for the same app replaces its earlier ones)."""
    if check is not None:
        _CHECKS[app] = check
    if records is not None:
        _RECORDS[app] = records


def check_terms(new, old) -> None:
    for check in _CHECKS.values():
        check(new, old)


def records_between(cooperative, start: date, end: date | None) -> list[str]:
    """What the apps record for the cooperative in [start, end), in their words; empty when nothing."""
    return [words for records in _RECORDS.values() if (words := records(cooperative, start, end))]
