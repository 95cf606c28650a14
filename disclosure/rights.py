"""Who may do what with disclosures. The village (chairman) and the township officer draft and publish; the
committee's sign-off is recorded by the township officer (村财镇管: the office that keeps the books checks the
sheet, A.3), never by the one who drafted it; the county reads. Villagers' questions are answered by the chairman
or the township officer and read by the county (the auditor sees the overdue ones); the reply deadline is the
county's."""

from coop.access import ADD, CHANGE, VIEW, grant
from coop.roles import Role
from disclosure.models import CommitteeMember, Disclosure, DisclosureSettings, Question, ReplyDeadline

R = Role
READ = {VIEW}
KEEP = {VIEW, ADD, CHANGE}

grant({
    Disclosure: {R.CHAIRMAN: {VIEW, ADD, CHANGE, "publish"}, R.TOWNSHIP_OFFICER: {VIEW, ADD, CHANGE, "sign_off",
                                                                                  "publish"},
                 R.COUNTY_ADMIN: READ, R.AUDITOR: READ},
    CommitteeMember: {R.CHAIRMAN: KEEP, R.TOWNSHIP_OFFICER: KEEP, R.COUNTY_ADMIN: READ, R.AUDITOR: READ},
    DisclosureSettings: {R.CHAIRMAN: KEEP, R.TOWNSHIP_OFFICER: KEEP, R.COUNTY_ADMIN: READ, R.AUDITOR: READ},
    Question: {R.CHAIRMAN: {VIEW, "reply"}, R.TOWNSHIP_OFFICER: {VIEW, "reply"}, R.COUNTY_ADMIN: READ,
               R.AUDITOR: READ},
    ReplyDeadline: {R.COUNTY_ADMIN: KEEP, R.AUDITOR: READ},
})
