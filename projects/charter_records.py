"""What a charter version carries for projects: the competitions held under it took its minimum number of quotes,
so a version with competitions in its period is never edited again (coop.charter_rules)."""

from django.utils.translation import gettext as _

from projects.models import Competition


def records(cooperative, start, end) -> str:
    competitions = Competition.objects.filter(project__cooperative=cooperative, on__gte=start)
    if end is not None:
        competitions = competitions.filter(on__lt=end)
    n = competitions.count()
    return _("代建项目比选 %(n)s 次") % {"n": n} if n else ""
