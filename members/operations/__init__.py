"""Members and share capital: the one door. Each movement of shares is recorded by the village and
approved by the township (R2); approval posts its voucher into the village ledger in the same transaction,
so the share register (股金台账) and the ledger's share-capital account can never disagree.

Locks are taken in the project's one order (finance.operations): the cooperative (`lock_cooperative`), then
the village ledger, then the member or share movement rows."""

from coop.refusals import BatchRefused, Refusal
from members.operations.batch import HouseholdRow, PersonRow, Registered, check_roster, register_roster
from members.operations.cadres import correct_cadre_term, end_cadre_term, record_cadre_term, record_kinship
from members.operations.poverty import PovertyChange, check_poverty_status, set_poverty_status, update_poverty_status
from members.operations.roster import (
    admit_member,
    check_admission,
    leave_cooperative,
    register_household,
    register_person,
)
from members.operations.shares import (
    SHARE_ACCOUNTS,
    SHARES_BOOK,
    approve_share_transaction,
    check_holding_limits,
    opening_lines,
    opening_refusals,
    record_share_transaction,
    reject_share_transaction,
    set_opening_shares,
)

__all__ = [
    "HouseholdRow", "PersonRow", "Registered", "check_roster", "register_roster",
    "PovertyChange", "check_poverty_status", "set_poverty_status", "update_poverty_status",
    "BatchRefused", "Refusal",
    "correct_cadre_term", "end_cadre_term", "record_cadre_term", "record_kinship",
    "admit_member", "check_admission", "leave_cooperative", "register_household", "register_person",
    "SHARE_ACCOUNTS", "SHARES_BOOK", "approve_share_transaction", "check_holding_limits", "opening_lines",
    "opening_refusals",
    "record_share_transaction", "reject_share_transaction", "set_opening_shares",
]
