"""Who may do what in the village ledger (R2): the village prepares and submits; the township reviews,
posts, returns, reverses and closes, and names which bank account serves which purpose; auditors and the
county read."""

from coop.access import ADD, CHANGE, DELETE, VIEW, grant
from coop.roles import Role
from finance.bank.models import BankFormat, BankMatch, BankStatement, BankStatementLine, ReconciliationNote
from finance.models import Account, BankDesignation, Ledger, OpeningBalance, Period, StatementLine, Voucher

R = Role
PREPARE = {VIEW, ADD, CHANGE, "submit", "void"}

grant({
    Voucher: {R.CHAIRMAN: PREPARE, R.TOWNSHIP_OFFICER: PREPARE | {"review", "post", "return", "reverse"},
              R.AUDITOR: {VIEW}, R.COUNTY_ADMIN: {VIEW}},
    # "verify": recompute the tamper-evidence chain (finance.chain) — the auditors' check, and the township's
    Ledger: {R.TOWNSHIP_OFFICER: {VIEW, ADD, "verify"}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW, "verify"},
             R.COUNTY_ADMIN: {VIEW, "verify"}},
    Period: {R.TOWNSHIP_OFFICER: {VIEW, ADD, "close"}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW},
             R.COUNTY_ADMIN: {VIEW}},
    OpeningBalance: {R.TOWNSHIP_OFFICER: {VIEW, "import"}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW},
                     R.COUNTY_ADMIN: {VIEW}},
    Account: {R.TOWNSHIP_OFFICER: {VIEW, ADD, CHANGE, DELETE}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW},
              R.COUNTY_ADMIN: {VIEW, ADD, CHANGE, DELETE}},
    StatementLine: {R.COUNTY_ADMIN: {VIEW, CHANGE}, R.TOWNSHIP_OFFICER: {VIEW}, R.AUDITOR: {VIEW}},
    BankDesignation: {R.TOWNSHIP_OFFICER: {VIEW, ADD, CHANGE}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW},
                      R.COUNTY_ADMIN: {VIEW}},
    # Reconciliation (银行对账): the township does it, the chairman, the auditors and the county read it.
    BankStatement: {R.TOWNSHIP_OFFICER: {VIEW, ADD, "reconcile"}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW},
                    R.COUNTY_ADMIN: {VIEW}},
    BankStatementLine: {R.TOWNSHIP_OFFICER: {VIEW}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW}, R.COUNTY_ADMIN: {VIEW}},
    BankMatch: {R.TOWNSHIP_OFFICER: {VIEW}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW}, R.COUNTY_ADMIN: {VIEW}},
    ReconciliationNote: {R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW},
                         R.COUNTY_ADMIN: {VIEW}},
    BankFormat: {R.TOWNSHIP_OFFICER: {VIEW, ADD, CHANGE}, R.CHAIRMAN: {VIEW}, R.AUDITOR: {VIEW},
                 R.COUNTY_ADMIN: {VIEW, ADD, CHANGE}},
})
