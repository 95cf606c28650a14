"""Service organisations: the one door. Every change is a function here, keyword-only, one transaction; the admin,
the imports and the commands call these and nothing else.

Locks: the cooperative, then the organisation row, then (through coop.approvals and finance.operations) the village
ledger and the row being decided — the project's one lock order."""

from coop.refusals import BatchRefused, Refusal
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

__all__ = [
    "BatchRefused", "Refusal",
    "add_worker", "appoint_leader", "end_leadership", "end_worker", "found_organisation", "register_equipment",
    "revise_organisation", "update_equipment",
]
