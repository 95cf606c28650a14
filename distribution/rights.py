"""Who may do what with the distribution (R2, R7): the village prepares the plan, records the assembly, the members'
bank accounts and the payments; the township approves plans and payments (and may prepare for a village); the county
and its auditors read."""

from coop.access import ADD, VIEW, grant
from coop.roles import Role
from distribution.models import DistributionPlan, Dividend, DividendPayment

R = Role
READ = {VIEW}

grant({
    DistributionPlan: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve"}, R.COUNTY_ADMIN: READ,
                       R.AUDITOR: READ},
    Dividend: {R.CHAIRMAN: {VIEW, "pay"}, R.TOWNSHIP_OFFICER: {VIEW, "pay"}, R.COUNTY_ADMIN: READ, R.AUDITOR: READ},
    DividendPayment: {R.CHAIRMAN: READ, R.TOWNSHIP_OFFICER: {VIEW, "approve"}, R.COUNTY_ADMIN: READ,
                      R.AUDITOR: READ},
})
