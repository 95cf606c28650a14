"""What each role may do with the organisation's own records (DOMAIN.md §2).

The county administrator sets up the organisation; everyone else reads the part of it in their scope.
A chairman sees only their village; a township officer only their township.
"""

from coop.access import ADD, CHANGE, DELETE, VIEW, grant
from coop.models import Charter, Cooperative, County, LoginAttempt, Township, User, Village
from coop.roles import Role

ADMIN_ALL = {VIEW, ADD, CHANGE, DELETE}

grant({
    County: {Role.COUNTY_ADMIN: {VIEW, CHANGE}, Role.AUDITOR: {VIEW}, Role.INSPECTOR: {VIEW}},
    Township: {Role.COUNTY_ADMIN: ADMIN_ALL, Role.TOWNSHIP_OFFICER: {VIEW}, Role.AUDITOR: {VIEW},
               Role.INSPECTOR: {VIEW}},
    Village: {Role.COUNTY_ADMIN: ADMIN_ALL, Role.TOWNSHIP_OFFICER: {VIEW}, Role.CHAIRMAN: {VIEW},
              Role.AUDITOR: {VIEW}, Role.INSPECTOR: {VIEW}},
    Cooperative: {Role.COUNTY_ADMIN: ADMIN_ALL, Role.TOWNSHIP_OFFICER: {VIEW}, Role.CHAIRMAN: {VIEW},
                  Role.AUDITOR: {VIEW}, Role.INSPECTOR: {VIEW}},
    Charter: {Role.COUNTY_ADMIN: ADMIN_ALL, Role.TOWNSHIP_OFFICER: {VIEW}, Role.CHAIRMAN: {VIEW},
              Role.AUDITOR: {VIEW}},
    User: {Role.COUNTY_ADMIN: ADMIN_ALL, Role.AUDITOR: {VIEW}},
})

grant({LoginAttempt: {Role.COUNTY_ADMIN: {VIEW, DELETE}, Role.AUDITOR: {VIEW}}})
