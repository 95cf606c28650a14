"""联保小组: members who guarantee each other's loans. Membership is dated so that a loan's guarantee can be
read as it stood on the day it was applied for."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from finance.fund.models.terms import Fund


class GuaranteeGroup(models.Model):
    scope_village = "fund__cooperative__village"

    fund = models.ForeignKey(Fund, models.PROTECT, related_name="groups", verbose_name=_("互助资金协会"))
    name = models.CharField(_("小组名称"), max_length=50)
    formed_on = models.DateField(_("成立日期"))
    dissolved_on = models.DateField(_("解散日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("联保小组")
        verbose_name_plural = _("联保小组")
        ordering = ["fund", "name"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "name"], name="fund_group_name_unique"),
            models.CheckConstraint(condition=Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=F("formed_on")),
                                   name="fund_group_dissolved_after_formed"),
        ]

    def __str__(self):
        return self.name


class GuaranteeMembership(models.Model):
    scope_village = "group__fund__cooperative__village"

    group = models.ForeignKey(GuaranteeGroup, models.PROTECT, related_name="memberships", verbose_name=_("联保小组"))
    member = models.ForeignKey("members.Member", models.PROTECT, related_name="guarantee_memberships",
                               verbose_name=_("社员"))
    joined_on = models.DateField(_("加入日期"))
    left_on = models.DateField(_("退出日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("联保小组成员")
        verbose_name_plural = _("联保小组成员")
        ordering = ["group", "joined_on"]
        constraints = [
            models.UniqueConstraint(fields=["group", "member"], condition=Q(left_on__isnull=True),
                                    name="fund_group_member_once_at_a_time",
                                    violation_error_message=_("该社员已在本联保小组中")),
            models.CheckConstraint(condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                                   name="fund_group_member_leaves_after_joining"),
        ]

    def __str__(self):
        return f"{self.group} · {self.member}"
