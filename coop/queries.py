"""Reads of the organisation that are more than a filter. Every caller that needs a cooperative's charter
asks here, for a date: the version in force that day."""

from datetime import date

from django.utils import timezone

from coop.models import Charter


def charter_on(cooperative, on: date) -> Charter | None:
    """The version of the cooperative's charter in force on `on`: the latest one effective on or before it."""
    return (Charter.objects.filter(cooperative=cooperative, effective_from__lte=on)
            .order_by("-effective_from").first())


def current_charter(cooperative) -> Charter | None:
    """The version in force today (a version adopted to take effect later is not current yet)."""
    return charter_on(cooperative, timezone.localdate())


def charters_from(cooperative, on: date) -> list[Charter]:
    """The version in force on `on` and every later one: a holding made that day must keep within each of
    them, since it is still held when they apply."""
    current = charter_on(cooperative, on)
    later = Charter.objects.filter(cooperative=cooperative, effective_from__gt=on).order_by("effective_from")
    return ([current] if current else []) + list(later)


def latest_charter(cooperative) -> Charter | None:
    """The newest version, whether or not it is in force yet: the one an amendment follows."""
    return Charter.objects.filter(cooperative=cooperative).order_by("-effective_from").first()


def next_charter(charter: Charter) -> Charter | None:
    return (Charter.objects.filter(cooperative=charter.cooperative_id, effective_from__gt=charter.effective_from)
            .order_by("effective_from").first())
