"""Everyone may see their own report jobs (ReportJob.scope_q_for keeps them to their own, in scope)."""

from coop.access import VIEW, grant
from coop.jobs.models import ReportJob
from coop.roles import Role

grant({ReportJob: {role: {VIEW} for role in Role.values}})
