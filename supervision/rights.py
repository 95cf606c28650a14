"""Who may do what in supervision (R8). The department inspector records inspections, findings and their evidence
in its scope and nothing else; the township and the auditors record theirs and verify rectifications; the chairman
reads what concerns the village, marks a rectification done and uploads its evidence. The breach log is read by
the township, the auditors and the county."""

from coop.access import ADD, VIEW, grant
from coop.roles import Role
from supervision.models import Attempt, Evidence, Finding, Inspection, Rectification

R = Role

grant({
    Attempt: {R.TOWNSHIP_OFFICER: {VIEW}, R.AUDITOR: {VIEW}, R.COUNTY_ADMIN: {VIEW}},
    Inspection: {R.INSPECTOR: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.AUDITOR: {VIEW, ADD},
                 R.CHAIRMAN: {VIEW}, R.COUNTY_ADMIN: {VIEW}},
    Finding: {R.INSPECTOR: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.AUDITOR: {VIEW, ADD},
              R.CHAIRMAN: {VIEW}, R.COUNTY_ADMIN: {VIEW}},
    Rectification: {R.TOWNSHIP_OFFICER: {VIEW, "verify"}, R.AUDITOR: {VIEW, "verify"},
                    R.CHAIRMAN: {VIEW, "rectify"}, R.COUNTY_ADMIN: {VIEW}},
    Evidence: {R.INSPECTOR: {VIEW, ADD}, R.TOWNSHIP_OFFICER: {VIEW, ADD}, R.AUDITOR: {VIEW, ADD},
               R.CHAIRMAN: {VIEW, ADD}, R.COUNTY_ADMIN: {VIEW}},
})
