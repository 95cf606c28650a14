"""The one exception every operation raises when a rule refuses a change."""

from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A refused change: carries the rule's code (e.g. ``R1``, ``R4b``) and a Chinese message naming it.

    It is a ValidationError so that admin forms and import rows show it next to the input that caused it.
    """

    def __init__(self, rule: str, message: str, *, field: str | None = None):
        self.rule = rule
        self.field = field
        text = message if message.startswith(rule) else f"{rule} {message}"
        super().__init__({field: [text]} if field else text, code=rule)

    def __str__(self):
        return "; ".join(self.messages)
