"""Who may do what with the fund; the servicing's rights live beside its admin."""

from finance.fund import servicing_rights  # noqa: F401
