"""Supervision's part of the dashboard (R8): overdue rectifications and open findings for the township, the
chairman concerned and the auditors; recorded attempts for whoever reads the breach log. One query for each."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from supervision.models import Attempt, Rectification


@panel
def supervision(request):
    user = request.user
    items = []
    if access.allows(user, access.VIEW, Rectification):
        today = timezone.localdate()
        counts = access.visible(user, Rectification.objects.all()).aggregate(
            overdue=Count("pk", filter=Rectification.overdue_q(today)),
            open=Count("pk", filter=Rectification.open_q()),
            waiting=Count("pk", filter=Q(done_on__isnull=False) & Rectification.open_q()))
        changelist = reverse("admin:supervision_rectification_changelist")
        items += [Item(_("逾期未整改的问题"), counts["overdue"], changelist + "?state=overdue", todo=True),
                  Item(_("未验收的整改(检查发现的问题)"), counts["open"], changelist + "?state=open")]
        if access.allows(user, "verify", Rectification):
            items.append(Item(_("已整改待验收"), counts["waiting"], changelist + "?state=open", todo=True))
    if access.allows(user, access.VIEW, Attempt):
        since = timezone.now() - timezone.timedelta(days=30)
        recent = access.visible(user, Attempt.objects.filter(at__gte=since)).count()
        items.append(Item(_("近30天被拒绝的违规操作"), recent, reverse("admin:supervision_attempt_changelist")))
    return items
