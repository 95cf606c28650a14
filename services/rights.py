"""Who may do what with the service organisations. The village (the chairman, or township staff keying in for it)
records; the township approves money (R2); the county's auditors and administrators read."""

from coop.access import ADD, CHANGE, VIEW, grant
from coop.roles import Role
from services.models import Equipment, Leadership, ServiceOrganisation, Worker

R = Role
READ = {VIEW}
VILLAGE_KEEPS = {R.CHAIRMAN: {VIEW, ADD, CHANGE}, R.TOWNSHIP_OFFICER: {VIEW, ADD, CHANGE}, R.COUNTY_ADMIN: READ,
                 R.AUDITOR: READ}

grant({
    ServiceOrganisation: VILLAGE_KEEPS,
    Leadership: {R.CHAIRMAN: {VIEW, ADD, "end"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "end"}, R.COUNTY_ADMIN: READ,
                 R.AUDITOR: READ},
    Worker: {R.CHAIRMAN: {VIEW, ADD, "end"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "end"}, R.COUNTY_ADMIN: READ,
             R.AUDITOR: READ},
    Equipment: VILLAGE_KEEPS,
})
