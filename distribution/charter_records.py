"""What a charter version carries for the distribution: plans whose record date falls in its period took its
ratios, so such a version is never edited again and no amendment may take effect before them (coop.charter_rules)."""

from django.utils.translation import gettext as _

from coop.approvals import Status
from distribution.models import DistributionPlan


def records(cooperative, start, end) -> str:
    plans = DistributionPlan.objects.filter(cooperative=cooperative, record_date__gte=start).exclude(
        status=Status.REJECTED)
    if end is not None:
        plans = plans.filter(record_date__lt=end)
    n = plans.count()
    return _("收益分配方案 %(n)s 个") % {"n": n} if n else ""
