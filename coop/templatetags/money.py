"""{% load money %}: amounts on admin pages as the rest of the system shows them (¥1,234.56)."""

from django import template

from coop.money import yuan as _yuan

register = template.Library()


@register.filter
def yuan(value) -> str:
    """Blank for nothing, ¥0.00 for a zero that was given."""
    return "" if value is None or value == "" else _yuan(value)
