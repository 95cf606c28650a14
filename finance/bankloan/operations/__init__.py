"""The subsidised bank loan's one door. Every state change is a function here: keyword-only, one transaction,
refusing with RuleViolation (Rule.BANKLOAN, or R2 for rights and four eyes) and leaving nothing behind.

Money posts only through finance.operations.post_entry, when the township approves (coop.approvals) a drawdown, a
principal repayment or an interest payment, and when it confirms a subsidy received. Locks: the cooperative, then
the village ledger, then the rows (the project's one order)."""

from finance.bankloan.operations._common import ACCOUNTS, BOOK
from finance.bankloan.operations.claims import (
    approve_claim,
    claim_lines,
    make_claim,
    record_subsidy_received,
    reject_claim,
    revise_claim,
    submit_claim,
)
from finance.bankloan.operations.loans import (
    approve_drawdown,
    approve_repayment,
    record_drawdown,
    record_repayment,
    register_loan,
    reject_movement,
    set_policy,
)
from finance.bankloan.operations.periods import (
    approve_interest_payment,
    compute_interest_period,
    record_interest_payment,
    reject_interest_payment,
)

__all__ = [
    "ACCOUNTS", "BOOK",
    "approve_claim", "claim_lines", "make_claim", "record_subsidy_received", "reject_claim",
    "revise_claim", "submit_claim",
    "approve_drawdown", "approve_repayment", "record_drawdown", "record_repayment", "register_loan",
    "reject_movement", "set_policy",
    "approve_interest_payment", "compute_interest_period", "record_interest_payment", "reject_interest_payment",
]
