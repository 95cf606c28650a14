"""Reads of the disclosures beyond a filter: the reply deadline in force, the questions past it."""

from datetime import date

from django.db.models import QuerySet

from disclosure.models import ReplyDeadline

DEFAULT_REPLY_DAYS = 10  # the provinces found (REFERENCE-DISCLOSURE-PROJECTS.md A.5), until the county sets its own


def reply_days(county_id: int, on: date) -> int:
    """The days a village has to answer a question asked on `on`: the county's row in force then, else 10."""
    row = ReplyDeadline.objects.filter(county_id=county_id, effective_from__lte=on).order_by("-effective_from").first()
    return row.days if row else DEFAULT_REPLY_DAYS


def unanswered(questions: QuerySet) -> QuerySet:
    return questions.filter(replied_at__isnull=True)


def overdue(questions: QuerySet, on: date) -> QuerySet:
    """Questions still unanswered after their deadline."""
    return unanswered(questions).filter(deadline__lt=on)
