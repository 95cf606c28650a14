"""Who may do what with the service organisations. The village (the chairman, or township staff keying in for it)
records; the township approves money (R2); the county sets the sanitation standard; auditors and the county read."""

from coop.access import ADD, CHANGE, VIEW, grant
from coop.roles import Role
from services.models import (
    AgencyTrade,
    Equipment,
    FeeReceipt,
    FeeSchedule,
    Leadership,
    ManagementFee,
    Payroll,
    PayrollLine,
    SanitationFunding,
    SanitationStandard,
    ServiceOrganisation,
    ServiceRecord,
    Worker,
)

R = Role
READ = {VIEW}
COUNTY_READS = {R.COUNTY_ADMIN: READ, R.AUDITOR: READ}

grant({
    ServiceOrganisation: {R.CHAIRMAN: {VIEW, ADD, CHANGE}, R.TOWNSHIP_OFFICER: {VIEW, ADD, CHANGE}, **COUNTY_READS},
    Equipment: {R.CHAIRMAN: {VIEW, ADD, CHANGE}, R.TOWNSHIP_OFFICER: {VIEW, ADD, CHANGE}, **COUNTY_READS},
    **{model: {R.CHAIRMAN: {VIEW, ADD, "end"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "end"}, **COUNTY_READS}
       for model in (Leadership, Worker)},
    FeeSchedule: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD}, **COUNTY_READS},
    ServiceRecord: {R.CHAIRMAN: {VIEW, ADD, "import"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "import"}, **COUNTY_READS},
    **{model: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve"}, **COUNTY_READS}
       for model in (FeeReceipt, ManagementFee, SanitationFunding, AgencyTrade)},
    Payroll: {R.CHAIRMAN: {VIEW, ADD, "import"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve", "import"},
              **COUNTY_READS},
    PayrollLine: {R.CHAIRMAN: READ, R.TOWNSHIP_OFFICER: READ, **COUNTY_READS},
    SanitationStandard: {R.COUNTY_ADMIN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: READ, R.CHAIRMAN: READ, R.AUDITOR: READ},
})
