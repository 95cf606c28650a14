"""Who may do what with members and shares. The village registers households, members and share
movements; the township approves share movements (R2) and keeps the cadre terms that R4 relies on."""

from coop.access import ADD, CHANGE, VIEW, grant
from coop.roles import Role
from members.models import CadreTerm, Household, Kinship, Member, Person, ShareTransaction

R = Role
READ = {VIEW}

grant({
    # CHANGE: a household's 建档立卡 status only (members.operations.set_poverty_status)
    Household: {R.CHAIRMAN: {VIEW, ADD, CHANGE, "import"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, CHANGE, "import"},
                R.AUDITOR: READ, R.COUNTY_ADMIN: READ},
    Person: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.AUDITOR: READ, R.COUNTY_ADMIN: READ},
    Member: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.AUDITOR: READ, R.COUNTY_ADMIN: READ},
    ShareTransaction: {R.CHAIRMAN: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD, "approve"}, R.AUDITOR: READ,
                       R.COUNTY_ADMIN: READ},
    CadreTerm: {R.TOWNSHIP_OFFICER: {VIEW, ADD, "end", "correct"}, R.COUNTY_ADMIN: {VIEW, ADD, "end", "correct"},
                R.CHAIRMAN: READ, R.AUDITOR: READ},
    Kinship: {R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.COUNTY_ADMIN: {VIEW, ADD}, R.CHAIRMAN: {VIEW, ADD},
              R.AUDITOR: READ},
})
