"""The one door to the village ledger: every change to the books is one of these functions.

Each runs in one transaction, checks every rule that applies (R1 cash cap, R2 township approval and four
eyes, R3 posted books never change and closed periods take nothing), and raises RuleViolation when it
refuses, leaving nothing behind. Other apps record a money flow with `post_entry`.

Lock order, everywhere in the project: the cooperative (or another register's parent row) first, then the
village ledger (`lock_ledger`, the lock every posting takes), then the rows being changed (a voucher, a share
movement). An operation that needs two of them takes them in that order, so two clerks wait for each other
instead of deadlocking on PostgreSQL.
"""

from finance.operations._common import Line, lock_village_books, require_openings_open, resolve_account
from finance.operations._common import lock as lock_ledger
from finance.operations.accounts import (
    add_sub_account,
    designate_bank_account,
    managed_account,
    remove_sub_account,
    rename_account,
)
from finance.operations.ledger import (
    clear_opening_balances,
    close_period,
    open_ledger,
    open_period,
    prepare_year_end,
    revise_statement_line,
    set_opening_balances,
)
from finance.operations.vouchers import (
    attach_scan,
    judge_scan,
    post,
    post_entry,
    prepare,
    return_voucher,
    reverse,
    reverse_entry,
    review,
    submit,
    update_draft,
    void,
)
from finance.registers import declare_openings
from finance.rules import require_scope, require_township, require_township_or_county, require_village_hand

__all__ = [
    "Line", "lock_ledger", "lock_village_books", "require_openings_open", "resolve_account", "declare_openings",
    "require_scope", "require_township", "require_township_or_county", "require_village_hand",
    "add_sub_account", "designate_bank_account", "managed_account", "remove_sub_account", "rename_account",
    "open_ledger", "open_period", "close_period", "prepare_year_end", "revise_statement_line",
    "set_opening_balances", "clear_opening_balances",
    "attach_scan", "judge_scan", "post", "post_entry", "prepare", "return_voucher", "reverse", "reverse_entry",
    "review", "submit", "update_draft", "void",
]
