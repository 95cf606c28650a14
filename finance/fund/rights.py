"""Who may do what with the fund (DOMAIN.md §2, R2, R6). The county sets its policy; the township opens funds,
records their terms and approves capital and loans; the village records capital, groups and applications,
the council's review and the disbursement; the auditor and the county read everything in scope."""

from coop.access import ADD, VIEW, grant
from coop.roles import Role
from finance.fund.models import CapitalReceipt, CarriedLoan, Fund, FundPolicy, FundTerms, GuaranteeGroup, Loan

R = Role
READ = {VIEW}

grant({
    FundPolicy: {R.COUNTY_ADMIN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: READ, R.CHAIRMAN: READ, R.AUDITOR: READ},
    Fund: {R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.COUNTY_ADMIN: {VIEW, ADD}, R.CHAIRMAN: READ, R.AUDITOR: READ},
    FundTerms: {R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.CHAIRMAN: READ, R.AUDITOR: READ, R.COUNTY_ADMIN: READ},
    CapitalReceipt: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve"}, R.AUDITOR: READ,
                     R.COUNTY_ADMIN: READ},
    GuaranteeGroup: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.AUDITOR: READ,
                     R.COUNTY_ADMIN: READ},
    Loan: {R.CHAIRMAN: {VIEW, ADD, "review", "disburse"},
           R.TOWNSHIP_OFFICER: {VIEW, ADD, "review", "disburse", "approve"}, R.AUDITOR: READ, R.COUNTY_ADMIN: READ},
})

# Loans carried over from paper are opening figures: the township enters them, as it does the opening balances.
grant({CarriedLoan: {R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.CHAIRMAN: READ, R.AUDITOR: READ, R.COUNTY_ADMIN: READ}})

from finance.fund import servicing_rights  # noqa: E402, F401  (repayments, reschedules, write-offs)
