"""The fund's admin pages, one module per subject."""

from finance.fund.admin import servicing  # noqa: F401
