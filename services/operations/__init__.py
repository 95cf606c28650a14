"""Service organisations: the one door. Every change is a function here, keyword-only, one transaction; the admin,
the imports and the commands call these and nothing else.

Order of a year: found_organisation (+ appoint_leader, add_worker, register_equipment) → set_fee_schedule →
record_services (each charged service gets its receipt) → approve_receipt → charge_management_fee (+ approve) →
record_payroll (+ approve_payroll); record_trade (+ approve_trade) for the e-commerce team; record_sanitation_funding
(+ approve) against the county's set_sanitation_standard. reject() for anything pending.

Locks: the cooperative, then the organisation row, then (through coop.approvals and finance.operations) the village
ledger and the row being decided — the project's one lock order."""

from coop.refusals import BatchRefused, Refusal
from services.operations.fees import (
    ServiceRow,
    approve_management_fee,
    approve_receipt,
    charge_management_fee,
    management_fee,
    month_income,
    record_service,
    record_services,
    reject,
    service_refusals,
    set_fee_schedule,
)
from services.operations.funding import (
    approve_sanitation_funding,
    approve_trade,
    record_sanitation_funding,
    record_trade,
    set_sanitation_standard,
)
from services.operations.organisation import (
    add_worker,
    appoint_leader,
    end_leadership,
    end_worker,
    found_organisation,
    register_equipment,
    revise_organisation,
    update_equipment,
)
from services.operations.pay import CLEAR, PayLine, approve_payroll, payroll_refusals, record_payroll

__all__ = [
    "BatchRefused", "Refusal",
    "ServiceRow", "approve_management_fee", "approve_receipt", "charge_management_fee", "management_fee",
    "month_income", "record_service", "record_services", "reject", "service_refusals", "set_fee_schedule",
    "approve_sanitation_funding", "approve_trade", "record_sanitation_funding", "record_trade",
    "set_sanitation_standard",
    "add_worker", "appoint_leader", "end_leadership", "end_worker", "found_organisation", "register_equipment",
    "revise_organisation", "update_equipment",
    "CLEAR", "PayLine", "approve_payroll", "payroll_refusals", "record_payroll",
]
