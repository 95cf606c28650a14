"""The organisation and who serves in it: its leader (with appointment dates, R4a), its workers, its equipment."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.models import Cooperative, money_field
from members.models import Person

_SCOPE = "organisation__cooperative__village"


class ServiceOrganisation(models.Model):
    """专业服务组织 under a cooperative: a station, team or point (站/队/点), operating (earns from its work) or
    public-welfare. Its income is the village's collective income, booked under 501 in its own sub-account
    (services.accounts); the cooperative charges it a management fee per month by `fee_mode`."""

    scope_village = "cooperative__village"

    class Form(models.TextChoices):
        STATION = "station", _("站")
        TEAM = "team", _("队")
        POINT = "point", _("点")

    class Nature(models.TextChoices):
        OPERATING = "operating", _("生产经营性")
        PUBLIC_WELFARE = "public_welfare", _("公益服务性")

    class Category(models.TextChoices):
        SANITATION = "sanitation", _("环境卫生保洁")
        UPKEEP = "upkeep", _("基础设施管护")
        FARMING = "farming", _("农业生产服务")
        ECOMMERCE = "ecommerce", _("电子商务代购代销")
        CULTURE = "culture", _("文艺宣传")
        CEREMONIES = "ceremonies", _("红白喜事")
        CONSTRUCTION = "construction", _("建筑工程服务")
        OTHER = "other", _("其他")

    class FeeMode(models.TextChoices):
        NONE = "none", _("不收管理费")
        RATE = "rate", _("按收入比例")
        FIXED = "fixed", _("每月定额")

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="service_organisations",
                                    verbose_name=_("合作社"))
    name = models.CharField(_("名称"), max_length=60)
    form = models.CharField(_("组织形式"), max_length=10, choices=Form)
    nature = models.CharField(_("性质"), max_length=16, choices=Nature)
    category = models.CharField(_("服务类别"), max_length=16, choices=Category)
    founded_on = models.DateField(_("成立日期"))
    fee_mode = models.CharField(_("管理费方式"), max_length=8, choices=FeeMode, default=FeeMode.NONE)
    fee_rate = models.DecimalField(_("管理费比例(%)"), max_digits=5, decimal_places=2, default=0,
                                   validators=[MinValueValidator(0), MaxValueValidator(100)])
    fee_fixed = money_field(_("每月管理费定额(元)"), default=0)
    ledger_code = models.CharField(_("明细科目编号"), max_length=2, blank=True, editable=False,
                                   validators=[RegexValidator(r"^\d{2}$")],
                                   help_text=_("第一次记账时分配,501、511/514、211 下同号"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专业服务组织")
        verbose_name_plural = _("专业服务组织")
        ordering = ["cooperative__village__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "name"], name="service_organisation_name_unique"),
            models.UniqueConstraint(fields=["cooperative", "ledger_code"], condition=~Q(ledger_code=""),
                                    name="service_organisation_ledger_code_unique"),
            models.CheckConstraint(condition=Q(fee_mode="rate", fee_rate__gt=0) | Q(fee_mode="fixed", fee_fixed__gt=0)
                                   | Q(fee_mode="none"), name="service_organisation_fee_set",
                                   violation_error_message=_("按比例须填比例,定额须填金额")),
        ]

    def __str__(self):
        return self.name

    @property
    def village(self):
        return self.cooperative.village

    @property
    def is_operating(self) -> bool:
        return self.nature == self.Nature.OPERATING


class Leadership(models.Model):
    """领办人 of an organisation for a period: appointed on `start`, replaced or dismissed on `end` (empty: in
    office). R4a is judged on the appointment date; a later cadre term is flagged, not stored (services.queries)."""

    scope_village = _SCOPE

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="leaderships",
                                     verbose_name=_("服务组织"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("领办人"))
    start = models.DateField(_("任命日期"))
    end = models.DateField(_("离任日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("经办人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领办人任命")
        verbose_name_plural = _("领办人任命")
        ordering = ["organisation", "-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="leadership_ends_after_start",
                                   violation_error_message=_("离任日期不能早于任命日期")),
            models.UniqueConstraint(fields=["organisation"], condition=Q(end__isnull=True),
                                    name="one_leader_in_office",
                                    violation_error_message=_("一个服务组织只有一位在任领办人")),
        ]

    def __str__(self):
        return f"{self.organisation} 领办人 {self.person}"


class Worker(models.Model):
    """从业人员: a person working in the organisation from `start` until `end` (empty: still working)."""

    scope_village = _SCOPE

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="workers",
                                     verbose_name=_("服务组织"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("人员"))
    duty = models.CharField(_("岗位"), max_length=30, blank=True)
    start = models.DateField(_("加入日期"))
    end = models.DateField(_("退出日期"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("从业人员")
        verbose_name_plural = _("从业人员")
        ordering = ["organisation", "start", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                                   name="worker_ends_after_start",
                                   violation_error_message=_("退出日期不能早于加入日期")),
        ]

    def __str__(self):
        return f"{self.person} ({self.organisation})"


class Equipment(models.Model):
    """设备台账: bins, garbage trucks, machinery — what it is worth, where it came from, its state, where it is."""

    scope_village = _SCOPE

    class Kind(models.TextChoices):
        BIN = "bin", _("垃圾桶(箱)")
        TRUCK = "truck", _("垃圾清运车")
        MACHINERY = "machinery", _("农业机械")
        TOOLS = "tools", _("工具")
        OTHER = "other", _("其他")

    class Source(models.TextChoices):
        FISCAL = "fiscal", _("财政投入")
        COLLECTIVE = "collective", _("集体购置")
        DONATED = "donated", _("社会捐赠")

    class Condition(models.TextChoices):
        GOOD = "good", _("完好")
        WORN = "worn", _("需维修")
        SCRAPPED = "scrapped", _("报废")

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="equipment",
                                     verbose_name=_("服务组织"))
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind)
    quantity = models.PositiveIntegerField(_("数量"), default=1, validators=[MinValueValidator(1)])
    value = money_field(_("价值(元)"))
    source = models.CharField(_("来源"), max_length=10, choices=Source)
    condition = models.CharField(_("状况"), max_length=10, choices=Condition, default=Condition.GOOD)
    location = models.CharField(_("存放地点"), max_length=60)
    acquired_on = models.DateField(_("购置(接收)日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("设备")
        verbose_name_plural = _("设备台账")
        ordering = ["organisation", "acquired_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="equipment_quantity_positive")]

    def __str__(self):
        return f"{self.name}×{self.quantity}"
