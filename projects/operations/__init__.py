"""Agency-built projects (R5): the one door. Every step is a function here, keyword-only, one transaction, taken in
order by the role it belongs to; the admin, the labour import and the commands call these and nothing else.

Order: apply_for_project → decide_project → record_entrustment → record_competition → record_contract →
record_funds_receipt (+ approve) → record_labour_batch / record_rental_batch → pay_labour / pay_rentals /
record_payment (+ approve) → record_acceptance (+ confirm) → record_settlement (+ confirm) → record_audit.
Variations (record_variation + approve) and budget changes (change_budget) while the work is open.

Locks: the cooperative, then the project row, then (through coop.approvals and finance.operations) the village
ledger and the row being decided."""

from coop.refusals import BatchRefused, Refusal
from projects.operations.completion import (
    CommitteeMember,
    confirm_acceptance,
    confirm_settlement,
    record_acceptance,
    record_audit,
    record_settlement,
)
from projects.operations.labour import (
    LabourRow,
    RentalRow,
    labour_refusals,
    pay_labour,
    pay_rentals,
    record_labour_batch,
    record_rental_batch,
    rental_refusals,
)
from projects.operations.money import (
    Payee,
    approve_funds_receipt,
    approve_payment,
    approve_variation,
    record_funds_receipt,
    record_payment,
    record_variation,
    reject,
)
from projects.operations.workflow import (
    Bid,
    Evaluator,
    apply_for_project,
    change_budget,
    decide_project,
    min_quotes,
    record_competition,
    record_contract,
    record_entrustment,
    require_under_cap,
)

__all__ = [
    "BatchRefused", "Refusal",
    "CommitteeMember", "confirm_acceptance", "confirm_settlement", "record_acceptance", "record_audit",
    "record_settlement",
    "LabourRow", "RentalRow", "labour_refusals", "pay_labour", "pay_rentals", "record_labour_batch",
    "record_rental_batch", "rental_refusals",
    "Payee", "approve_funds_receipt", "approve_payment", "approve_variation", "record_funds_receipt",
    "record_payment", "record_variation", "reject",
    "Bid", "Evaluator", "apply_for_project", "change_budget", "decide_project", "min_quotes", "record_competition",
    "record_contract", "record_entrustment", "require_under_cap",
]
