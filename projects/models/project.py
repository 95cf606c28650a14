"""The project (R5): what is built, for whom, for how much, and where it stands in its workflow."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.models import Cooperative, money_field

# R5: a project's total investment stays strictly under this; the database refuses 300,000.00 itself.
CAP = Decimal("300000.00")


class Project(models.Model):
    """代建项目. The row is created by the application (申报); its status moves only through the operations in
    projects.operations, one step at a time, so no step can be skipped."""

    scope_village = "cooperative__village"

    class Kind(models.TextChoices):
        ROAD = "road", _("村组道路")
        IRRIGATION = "irrigation", _("农田水利")
        DRINKING_WATER = "water", _("饮水安全")
        ENVIRONMENT = "environment", _("人居环境")
        OTHER = "other", _("其他")

    class BodyKind(models.TextChoices):
        DEPARTMENT = "department", _("县级部门")
        TOWNSHIP = "township", _("乡镇(街道)")

    class Funding(models.TextChoices):
        # 一事一议 money (with its 财政奖补) goes to 231, other earmarked state money to 241: docs/design/projects.md
        ONE_MATTER = "one_matter", _("一事一议财政奖补")
        EARMARKED = "earmarked", _("专项资金")

    class Status(models.TextChoices):
        APPLIED = "applied", _("已申报")
        APPROVED = "approved", _("已批复")
        REJECTED = "rejected", _("未获批复")
        ENTRUSTED = "entrusted", _("已签委托代建协议")
        COMPETED = "competed", _("已比选")
        CONTRACTED = "contracted", _("已签施工合同")
        UNDER_WAY = "under_way", _("施工中")
        ACCEPTED = "accepted", _("已竣工验收")
        SETTLED = "settled", _("已决算")
        AUDITED = "audited", _("已审计")

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="projects", verbose_name=_("代建合作社"))
    number = models.CharField(_("项目编号"), max_length=30, blank=True)
    name = models.CharField(_("项目名称"), max_length=100)
    kind = models.CharField(_("项目类型"), max_length=12, choices=Kind)
    body_kind = models.CharField(_("委托方类型"), max_length=12, choices=BodyKind)
    body_name = models.CharField(_("委托方(项目主管单位)"), max_length=100)
    body_person = models.CharField(_("委托方联系人"), max_length=30)
    body_phone = models.CharField(_("委托方联系电话"), max_length=20, blank=True)
    funding = models.CharField(_("资金性质"), max_length=12, choices=Funding)
    total_investment = money_field(_("总投资(元)"), help_text=_("R5:必须低于 300,000 元"),
                                   validators=[MinValueValidator(Decimal("0.01"))])
    simple_engineering = models.BooleanField(_("属简易工程"), default=False)
    simple_engineering_confirmed_by = models.CharField(_("简易工程确认人"), max_length=30, blank=True)
    simple_engineering_confirmed_on = models.DateField(_("简易工程确认日期"), null=True, blank=True)
    local_labour = models.BooleanField(_("能吸纳本地劳动力"), default=False)
    local_labour_confirmed_by = models.CharField(_("吸纳本地劳动力确认人"), max_length=30, blank=True)
    local_labour_confirmed_on = models.DateField(_("吸纳本地劳动力确认日期"), null=True, blank=True)
    planned_start = models.DateField(_("计划开工日期"))
    planned_end = models.DateField(_("计划竣工日期"))
    location = models.CharField(_("建设地点"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    status = models.CharField(_("状态"), max_length=12, choices=Status, default=Status.APPLIED)
    ledger_code = models.CharField(_("明细科目编号"), max_length=2, blank=True, editable=False,
                                   help_text=_("本项目在 153 在建工程、231 或 241 下的明细科目后两位,首次记账时设立"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("录入人"))
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代建项目")
        verbose_name_plural = _("代建项目")
        ordering = ["cooperative", "-planned_start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(total_investment__gt=0) & Q(total_investment__lt=CAP),
                                   name="project_total_under_cap",
                                   violation_error_message=_("R5 代建项目总投资必须低于 300,000 元")),
            models.CheckConstraint(condition=Q(planned_end__gte=F("planned_start")),
                                   name="project_planned_end_after_start",
                                   violation_error_message=_("计划竣工日期不能早于计划开工日期")),
            models.CheckConstraint(condition=Q(latitude__isnull=True, longitude__isnull=True)
                                   | Q(latitude__isnull=False, longitude__isnull=False),
                                   name="project_coordinates_both_or_none",
                                   violation_error_message=_("经纬度须同时填写或同时不填")),
        ]

    def __str__(self):
        return self.name

    @property
    def village(self):
        return self.cooperative.village
