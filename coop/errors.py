"""The one exception every operation raises when a rule refuses a change."""

import re

from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A refused change: carries the rule's code (e.g. ``R1``, ``R4b``) and a Chinese message naming it.

    It is a ValidationError so that admin forms and import rows show it next to the input that caused it.
    """

    def __init__(self, rule: str, message: str, *, field: str | None = None):
        self.rule = rule
        self.field = field
        # The domain rules (R1 … R8) are named in front of the message; plain bookkeeping errors are not.
        named = re.fullmatch(r"R\d+[a-z]?", rule) and not message.startswith(rule)
        text = f"{rule} {message}" if named else message
        super().__init__({field: [text]} if field else text, code=rule)

    def __str__(self):
        return "; ".join(self.messages)
