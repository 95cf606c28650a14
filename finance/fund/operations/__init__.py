"""Every change to the fund, one function each (keyword-only, one transaction, R6 refusals naming the rule).
Admin forms and actions, the commands and the tests call these; none saves a fund model directly.

Lock order (the project's): cooperative → village ledger → fund row → the rows being changed."""

from finance.fund.operations.carry_over import (
    CarriedRow,
    CarriedState,
    carry_over_capital,
    carry_over_loans,
    loan_refusals,
)
from finance.fund.operations.collection import collect_group, due_for_collection
from finance.fund.operations.fund import (
    approve_capital,
    open_fund,
    record_capital,
    reject_capital,
    set_policy,
    set_terms,
)
from finance.fund.operations.groups import form_group, join_group, leave_group
from finance.fund.operations.loans import apply_for_loan, approve_loan, disburse_loan, reject_loan, review_loan
from finance.fund.operations.servicing import (
    approve_reschedule,
    approve_write_off,
    mark_overdue,
    propose_write_off,
    reject_reschedule,
    reject_write_off,
    repay,
    request_reschedule,
    reverse_repayment,
)

__all__ = [
    "CarriedRow", "CarriedState", "carry_over_capital", "carry_over_loans", "loan_refusals",
    "collect_group", "due_for_collection",
    "approve_capital", "open_fund", "record_capital", "reject_capital", "set_policy", "set_terms",
    "form_group", "join_group", "leave_group",
    "apply_for_loan", "approve_loan", "disburse_loan", "reject_loan", "review_loan",
    "approve_reschedule", "approve_write_off", "mark_overdue", "propose_write_off", "reject_reschedule",
    "reject_write_off", "repay", "request_reschedule", "reverse_repayment",
]
