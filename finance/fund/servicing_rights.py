"""Who may do what with a running loan: the village records repayments and asks for a reschedule or a
write-off; the township reverses a mistaken repayment and decides reschedules and write-offs (R2); the auditor
and the county read. Imported by finance/fund/rights.py."""

from coop.access import ADD, VIEW, grant
from coop.roles import Role
from finance.fund.models import Repayment, Reschedule, WriteOff

R = Role
READ = {VIEW}

grant({
    Repayment: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "reverse"}, R.AUDITOR: READ,
                R.COUNTY_ADMIN: READ},
    Reschedule: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve"}, R.AUDITOR: READ,
                 R.COUNTY_ADMIN: READ},
    WriteOff: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve"}, R.AUDITOR: READ,
               R.COUNTY_ADMIN: READ},
})
