"""How a batch operation refuses: every broken rule at once, each against the caller's row number, so an
import can show them all beside the rows of its file while a single operation shows the one it met."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation

CHUNK = 2000  # ids per IN (...) query: far below SQLite's limit on parameters


@dataclass(frozen=True)
class Refusal:
    row: int              # the caller's row (an Excel row for an import); 0 for a single operation
    error: RuleViolation  # its `field` names the model field the refusal is about


class BatchRefused(RuleViolation):
    """A batch operation's answer when any rule refuses: every refusal, in `refusals`; nothing was written.
    Its own message is the first refusal's, with its row and how many more there are."""

    def __init__(self, refusals: list[Refusal]):
        self.refusals = refusals
        first = refusals[0]
        text = first.error.messages[0]
        if first.row:
            text = _("%(m)s(第 %(r)s 行;共 %(n)s 处,未写入任何数据)") % {
                "m": text, "r": first.row, "n": len(refusals)}
        elif len(refusals) > 1:
            text = _("%(m)s(共 %(n)s 处,未保存)") % {"m": text, "n": len(refusals)}
        super().__init__(first.error.rule, text, field=first.error.field)


def refuse(refusals: Iterable[Refusal]) -> None:
    """Raise BatchRefused with the refusals, sorted by row; do nothing when there are none."""
    found = sorted(refusals, key=lambda refusal: refusal.row)
    if found:
        raise BatchRefused(found)


def model_refusals(row: int, obj, *, exclude: list[str], rule: Rule = Rule.MEMBERS) -> Iterator[Refusal]:
    """The model's own field rules (required, lengths, choices, validators), asked without a query: foreign
    keys (`exclude`), uniqueness and constraints are the batch's to check in bulk."""
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                yield Refusal(row, RuleViolation(rule, message, field=None if field == "__all__" else field))


def chunks(values) -> Iterator[list]:
    values = list(values)
    for i in range(0, len(values), CHUNK):
        yield values[i:i + CHUNK]
