"""Who may do what with subsidised loans. The county sets the policy; the village (or township staff for it)
registers loans and records movements, interest and claims; the township approves what posts and the claims."""

from coop.access import ADD, VIEW, grant
from coop.roles import Role
from finance.bankloan.models import (
    BankLoan,
    Drawdown,
    InterestPayment,
    InterestPeriod,
    PrincipalRepayment,
    SubsidyClaim,
    SubsidyPolicy,
)

R = Role
READ = {VIEW}
RECORDED = {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve"}, R.AUDITOR: READ,
            R.COUNTY_ADMIN: READ}

grant({
    SubsidyPolicy: {R.COUNTY_ADMIN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: READ, R.CHAIRMAN: READ, R.AUDITOR: READ},
    # "compute": the loan's next interest period
    BankLoan: {R.CHAIRMAN: {VIEW, ADD, "compute"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "compute"},
               R.AUDITOR: READ, R.COUNTY_ADMIN: READ},
    Drawdown: RECORDED,
    PrincipalRepayment: RECORDED,
    InterestPayment: RECORDED,
    # "pay": record a period's unpaid interest as paid (an InterestPayment, approved by the township)
    InterestPeriod: {R.CHAIRMAN: {VIEW, "pay"}, R.TOWNSHIP_OFFICER: {VIEW, "pay"}, R.AUDITOR: READ,
                     R.COUNTY_ADMIN: READ},
    # "receive": the township confirms the subsidy arrived (posts it)
    SubsidyClaim: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve", "receive"}, R.AUDITOR: READ,
                   R.COUNTY_ADMIN: READ},
})
