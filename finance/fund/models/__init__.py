"""The fund's tables, one module per subject: the county's policy and the fund's dated terms, capital by
source, guarantee groups, loans with their sources, the stored schedule, and the servicing records."""

from finance.fund.models.capital import CapitalReceipt, CapitalSource
from finance.fund.models.carry_over import CarriedLoan
from finance.fund.models.groups import GuaranteeGroup, GuaranteeMembership
from finance.fund.models.loans import Loan, LoanGuarantor, LoanSource, Stage
from finance.fund.models.schedule import Instalment
from finance.fund.models.servicing import Repayment, RepaymentLine, Reschedule, WriteOff
from finance.fund.models.terms import Fund, FundPolicy, FundTerms, RepaymentMethod

__all__ = [
    "CapitalReceipt", "CapitalSource", "CarriedLoan", "Fund", "FundPolicy", "FundTerms", "GuaranteeGroup",
    "GuaranteeMembership",
    "Instalment", "Loan", "LoanGuarantor", "LoanSource", "Repayment", "RepaymentLine", "RepaymentMethod",
    "Reschedule", "Stage", "WriteOff",
]
