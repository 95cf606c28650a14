"""Who may do what with projects. The village records each step and the money; the township (or the county, for
the commissioning body) records the decisions and approves the money (R2); the county's auditors audit; readers
read. The steps' own roles are checked again by each operation (projects.operations._common)."""

from coop.access import ADD, VIEW, grant
from coop.roles import Role
from projects.models import Asset, FundsReceipt, LabourRecord, Payment, Project, Rental, Variation

R = Role
READ = {VIEW}

grant({
    Project: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.COUNTY_ADMIN: READ, R.AUDITOR: READ,
              R.INSPECTOR: READ},
    **{model: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve"}, R.COUNTY_ADMIN: READ,
               R.AUDITOR: READ} for model in (FundsReceipt, Variation, Payment)},
    **{model: {R.CHAIRMAN: {VIEW, ADD, "pay"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "pay"}, R.COUNTY_ADMIN: READ,
               R.AUDITOR: READ} for model in (LabourRecord, Rental)},
    Asset: {R.CHAIRMAN: READ, R.TOWNSHIP_OFFICER: READ, R.COUNTY_ADMIN: READ, R.AUDITOR: READ, R.INSPECTOR: READ},
})
