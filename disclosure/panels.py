"""Disclosures on the dashboard: drafts waiting for the committee's sign-off, signed ones waiting to be posted; the
villagers' questions waiting for a reply, and those past their deadline (for the township, the chairman and the
county's auditor). One query for all of it: the questions are counted through their disclosures (same scope, same
readers), the disclosures themselves distinctly."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from disclosure.models import Disclosure, Question

S = Disclosure.Status


@panel
def disclosures(request):
    user = request.user
    if not access.allows(user, access.VIEW, Disclosure):
        return []
    unanswered = Q(questions__pk__isnull=False, questions__replied_at__isnull=True)
    counts = access.visible(user, Disclosure.objects.all()).aggregate(
        drafts=Count("pk", distinct=True, filter=Q(status=S.DRAFT)),
        signed=Count("pk", distinct=True, filter=Q(status=S.SIGNED)),
        published=Count("pk", distinct=True, filter=Q(status=S.PUBLISHED)),
        open=Count("questions", filter=unanswered),
        overdue=Count("questions", filter=unanswered & Q(questions__deadline__lt=timezone.localdate())))
    url = reverse("admin:disclosure_disclosure_changelist")
    items = []
    if access.allows(user, "sign_off", Disclosure):
        items.append(Item(_("待监委会审核签字的财务公开"), counts["drafts"], url + "?status__exact=draft", todo=True))
    if access.allows(user, "publish", Disclosure):
        items.append(Item(_("已签字待公布的财务公开"), counts["signed"], url + "?status__exact=signed", todo=True))
    items.append(Item(_("已公开的财务公开"), counts["published"], url + "?status__exact=published"))
    return items + _questions(user, counts)


def _questions(user, counts) -> list[Item]:
    if not access.allows(user, access.VIEW, Question):
        return []
    url = reverse("admin:disclosure_question_changelist")
    may_reply = access.allows(user, "reply", Question)
    items = []
    if may_reply:
        items.append(Item(_("待答复的村民质询"), counts["open"], url + "?state=open", todo=True))
    items.append(Item(_("逾期未答复的村民质询"), counts["overdue"], url + "?state=overdue", todo=may_reply))
    return items
