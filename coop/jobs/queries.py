"""Reads of report jobs beyond a filter."""

from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from coop.jobs.models import ReportJob


def stale():
    """Queued or running jobs with no sign of life for COOP_JOB_STALE_AFTER: their worker is gone."""
    cutoff = timezone.now() - settings.COOP_JOB_STALE_AFTER
    return (ReportJob.objects.annotate(last_sign=Coalesce("heartbeat_at", "started_at", "created_at"))
            .filter(status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING], last_sign__lt=cutoff))


def needing_attention():
    """Failed jobs and stale ones (queued or running with no progress for COOP_JOB_STALE_AFTER), newest first:
    what an operator looks at when users say their print never came."""
    cutoff = timezone.now() - settings.COOP_JOB_STALE_AFTER
    return (ReportJob.objects.annotate(last_sign=Coalesce("heartbeat_at", "started_at", "created_at"))
            .filter(Q(status=ReportJob.Status.FAILED)
                    | Q(status__in=[ReportJob.Status.QUEUED, ReportJob.Status.RUNNING], last_sign__lt=cutoff))
            .select_related("requested_by"))
