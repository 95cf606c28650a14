"""What closes a project: 竣工验收 (with its committee), 决算, 审计; and the fixed-asset register (资产台账) that lists
what the projects built."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.models import Cooperative, money_field
from projects.models.project import Project
from projects.models.steps import Step


class Condition(models.TextChoices):
    """The state of a built asset, as the acceptance committee and later inspections find it."""

    GOOD = "good", _("完好")
    FAIR = "fair", _("一般")
    POOR = "poor", _("较差")


def four_eyes(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(confirmed_by__isnull=True) | ~Q(confirmed_by=F("recorded_by")),
                                  name=f"{prefix}_four_eyes",
                                  violation_error_message=_("R2 四眼原则:经办人不能审核自己经办的业务"))


class Confirmed(Step):
    """A closing step the village records and the township confirms (R2): the confirmation posts its voucher,
    prepared by the recorder and approved by the confirming officer."""

    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("镇审核人"))
    confirmed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_by_id is not None


class Acceptance(Confirmed):
    """竣工验收: the committee's findings. A work that forms an asset moves from 在建工程 to 固定资产 and is entered in
    the asset register; one that forms none goes to 公益支出. `voucher` is that transfer."""

    project = models.OneToOneField(Project, models.PROTECT, related_name="acceptance", verbose_name=_("项目"))
    findings = models.TextField(_("验收意见"))
    forms_asset = models.BooleanField(_("形成固定资产"))
    asset_name = models.CharField(_("资产名称"), max_length=100, blank=True)
    condition = models.CharField(_("资产状况"), max_length=10, blank=True, choices=Condition)
    value = money_field(_("转出在建工程金额(元)"))
    voucher = models.OneToOneField("finance.Voucher", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("结转凭证"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("竣工验收")
        verbose_name_plural = _("竣工验收")
        constraints = [
            models.CheckConstraint(condition=Q(forms_asset=False) | (~Q(asset_name="") & ~Q(condition="")),
                                   name="acceptance_asset_named",
                                   violation_error_message=_("形成固定资产的,须填写资产名称和状况")),
            four_eyes("project_acceptance"),
        ]

    def __str__(self):
        return f"{self.project} 竣工验收"


class AcceptanceMember(models.Model):
    """一位验收小组成员, who signed the acceptance."""

    scope_village = "acceptance__project__cooperative__village"

    acceptance = models.ForeignKey(Acceptance, models.PROTECT, related_name="members", verbose_name=_("竣工验收"))
    name = models.CharField(_("姓名"), max_length=30)
    position = models.CharField(_("单位及职务"), max_length=50)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("验收小组成员")
        verbose_name_plural = _("验收小组成员")
        ordering = ["acceptance", "pk"]

    def __str__(self):
        return self.name


class Settlement(Confirmed):
    """决算: the final cost (what was paid), against the money received; the funded part of the project's money
    (231 or 241) is carried to 公积公益金 (311) and a surplus is refunded to the commissioning body from the project
    bank account, both in `voucher`."""

    project = models.OneToOneField(Project, models.PROTECT, related_name="settlement", verbose_name=_("项目"))
    final_cost = money_field(_("决算金额(元)"))
    received = money_field(_("到账资金(元)"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    voucher = models.OneToOneField("finance.Voucher", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("结转凭证"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目决算")
        verbose_name_plural = _("项目决算")
        constraints = [four_eyes("project_settlement")]

    def __str__(self):
        return f"{self.project} 决算"

    @property
    def surplus(self):
        """What was received beyond the final cost: refunded to the commissioning body when confirmed."""
        return max(self.received - self.final_cost, Decimal("0.00"))


class Audit(Step):
    """审计: the county's audit of the settled project, the last step."""

    class Conclusion(models.TextChoices):
        CLEAN = "clean", _("未发现问题")
        FINDINGS = "findings", _("发现问题,需整改")

    project = models.OneToOneField(Project, models.PROTECT, related_name="audit", verbose_name=_("项目"))
    auditor = models.CharField(_("审计人员"), max_length=50)
    conclusion = models.CharField(_("审计结论"), max_length=10, choices=Conclusion)
    findings = models.TextField(_("审计意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目审计")
        verbose_name_plural = _("项目审计")
        constraints = [
            models.CheckConstraint(condition=Q(conclusion="clean") | ~Q(findings=""), name="audit_findings_written",
                                   violation_error_message=_("发现问题的审计须写明审计意见")),
        ]

    def __str__(self):
        return f"{self.project} 审计"


class Asset(models.Model):
    """资产台账: one fixed asset of the cooperative's village, entered at the acceptance of the project that built
    it."""

    scope_village = "cooperative__village"

    Condition = Condition

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="assets", verbose_name=_("合作社"))
    project = models.OneToOneField(Project, models.PROTECT, null=True, blank=True, related_name="asset",
                                   verbose_name=_("来源项目"))
    name = models.CharField(_("资产名称"), max_length=100)
    kind = models.CharField(_("资产类别"), max_length=12, choices=Project.Kind)
    value = money_field(_("原值(元)"))
    acquired_on = models.DateField(_("入账日期"))
    location = models.CharField(_("坐落地点"), max_length=200)
    condition = models.CharField(_("状况"), max_length=10, choices=Condition, default=Condition.GOOD)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("经办人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("固定资产台账")
        verbose_name_plural = _("固定资产台账")
        ordering = ["cooperative", "acquired_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="asset_value_positive"),
        ]

    def __str__(self):
        return self.name
