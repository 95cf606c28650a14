"""Supervision's part of the dashboard (R8): overdue rectifications and open findings for the township, the
chairman concerned and the auditors; recorded attempts for whoever reads the breach log. One query in all."""

from django.db.models import F, Func, IntegerField, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from coop.models import User
from supervision.models import Attempt, Rectification


def _count(queryset, condition: Q | None = None):
    """A scalar subquery counting the rows of `queryset` that meet `condition` (COUNT without a GROUP BY, so an
    empty set counts 0)."""
    counted = queryset.filter(condition or Q()).order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def _counts(user) -> dict:
    """Every figure of the panel the user may read, in one query: the counts ride as subqueries on the user's own
    row, which is always there (a second aggregate would be a second query on every front page)."""
    today, since = timezone.localdate(), timezone.now() - timezone.timedelta(days=30)
    figures = {}
    if access.allows(user, access.VIEW, Rectification):
        rectifications = access.visible(user, Rectification.objects.all())
        figures.update(overdue=_count(rectifications, Rectification.overdue_q(today)),
                       open=_count(rectifications, Rectification.open_q()),
                       waiting=_count(rectifications, Q(done_on__isnull=False) & Rectification.open_q()))
    if access.allows(user, access.VIEW, Attempt):
        figures["recent"] = _count(access.visible(user, Attempt.objects.filter(at__gte=since)))
    if not figures:
        return {}
    return User.objects.filter(pk=user.pk).annotate(**figures).values(*figures).get()


@panel
def supervision(request):
    user = request.user
    counts = _counts(user)
    items = []
    if "open" in counts:
        changelist = reverse("admin:supervision_rectification_changelist")
        items += [Item(_("逾期未整改的问题"), counts["overdue"], changelist + "?state=overdue", todo=True),
                  Item(_("未验收的整改(检查发现的问题)"), counts["open"], changelist + "?state=open")]
        if access.allows(user, "verify", Rectification):
            items.append(Item(_("已整改待验收"), counts["waiting"], changelist + "?state=open", todo=True))
    if "recent" in counts:
        items.append(Item(_("近30天被拒绝的违规操作"), counts["recent"],
                          reverse("admin:supervision_attempt_changelist")))
        # the compliance report is read by whoever reads the breach log (supervision.reports.may_read)
        items.append(Item(_("合规情况报告(按村)"), _("查看"), reverse("supervision:report", args=["villages"])))
    return items
