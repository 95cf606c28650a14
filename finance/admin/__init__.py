"""Admin pages of the village ledger. Every change goes through finance.operations."""

from finance.admin import books, vouchers  # noqa: F401  (registration)
from finance.bank import admin as bank_admin  # noqa: F401  (registration)
