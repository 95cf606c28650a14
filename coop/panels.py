"""The organisation's part of the dashboard."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from coop.models import Cooperative, LoginAttempt, Township, Village


@panel
def organisation(request):
    user = request.user
    villages = access.visible(user, Village.objects.all()).aggregate(
        # distinct: a cooperative with several charter versions joins once per version
        total=Count("pk", distinct=True),
        large=Count("pk", filter=Q(size=Village.Size.LARGE), distinct=True),
        with_coop=Count("cooperative", distinct=True),
        with_charter=Count("cooperative", filter=Q(cooperative__charters__isnull=False), distinct=True),
    )
    items = []
    if access.allows(user, "view", Township):
        items.append(Item(_("镇(街道)"), access.visible(user, Township.objects.all()).count(),
                          reverse("admin:coop_township_changelist")))
    items += [
        Item(_("村(其中大村)"), f"{villages['total']}({villages['large']})",
             reverse("admin:coop_village_changelist")),
        Item(_("扶贫互助合作社"), villages["with_coop"], reverse("admin:coop_cooperative_changelist")),
    ]
    if access.allows(user, "add", Cooperative):
        items.append(Item(_("合作社尚未录入章程"), villages["with_coop"] - villages["with_charter"],
                          reverse("admin:coop_cooperative_changelist") + "?charters__isempty=1", todo=True))
    if access.allows(user, "delete", LoginAttempt):
        locked = access.visible(user, LoginAttempt.objects.filter(LoginAttempt.locked_q())).count()
        items.append(Item(_("被锁定的登录"), locked, reverse("admin:coop_loginattempt_changelist"), todo=True))
    return items
