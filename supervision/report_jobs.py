"""The compliance report as a background job, for a report across several townships (supervision.reports)."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy

from coop.jobs.tables import register_table

COMPLIANCE_JOB = "supervision.compliance"


def build_compliance(job, progress):
    """Rebuilt from the page's filter as the requester sees it now: a village that left his scope meanwhile is not
    read (the job itself is then hidden from him, coop.jobs.models.ReportJob.scope_q_for)."""
    from supervision.reports import build

    query = QueryDict(mutable=True)
    for key, values in (job.params.get("query") or {}).items():
        query.setlist(key, values)
    progress(0, 1)
    _form, report, _villages = build(job.requested_by, query, job.params["key"])
    progress(1, 1)
    return report


register_table(COMPLIANCE_JOB, label=gettext_lazy("合规情况报告"), build=build_compliance)
