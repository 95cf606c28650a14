"""What an organisation earns: its fee schedule, the services it renders, the fee receipts (收据) that bring the money
into the village's bank account (R1) when the township approves, and the monthly management fee it pays the
cooperative. The postings are services.accounts'; the rules services.operations'."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.limits import YEAR_VALIDATORS
from coop.models import money_field
from members.models import Household
from services.models.organisation import ServiceOrganisation

_SCOPE = "organisation__cooperative__village"


class FeeSchedule(models.Model):
    """收费标准: one service's price from a date on; a later row for the same service replaces it from its date."""

    scope_village = _SCOPE

    class Unit(models.TextChoices):
        SERVICE = "service", _("元/次")
        HOUSEHOLD_YEAR = "household_year", _("元/户·年")
        MU = "mu", _("元/亩")
        TRIP = "trip", _("元/趟")
        DAY = "day", _("元/天")
        HOUR = "hour", _("元/小时")

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="fee_schedules",
                                     verbose_name=_("服务组织"))
    service = models.CharField(_("服务项目"), max_length=40)
    unit = models.CharField(_("计价单位"), max_length=16, choices=Unit)
    rate = money_field(_("单价(元)"))
    effective_from = models.DateField(_("执行日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("收费标准")
        verbose_name_plural = _("收费标准")
        ordering = ["organisation", "service", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "service", "effective_from"],
                                    name="fee_schedule_unique_per_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="fee_schedule_rate_positive"),
        ]

    def __str__(self):
        return f"{self.service} {self.rate}{self.get_unit_display().removeprefix('元')}"


class ServiceRecord(models.Model):
    """服务记录: what was done, for whom (a household of the village, or a named client), when, how much, and the fee
    (quantity × the schedule's rate on the day, half-up to the fen; nothing for a free public-welfare service)."""

    scope_village = _SCOPE

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="records",
                                     verbose_name=_("服务组织"))
    schedule = models.ForeignKey(FeeSchedule, models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("收费标准"))
    service = models.CharField(_("服务项目"), max_length=40)
    household = models.ForeignKey(Household, models.PROTECT, null=True, blank=True, related_name="+",
                                  verbose_name=_("服务农户"))
    client = models.CharField(_("服务对象"), max_length=60)
    on = models.DateField(_("服务日期"))
    quantity = models.DecimalField(_("数量"), max_digits=9, decimal_places=2, validators=[MinValueValidator(0)])
    fee = money_field(_("服务费(元)"))
    note = models.CharField(_("备注"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("经办人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务记录")
        verbose_name_plural = _("服务记录")
        ordering = ["organisation", "-on", "-pk"]
        indexes = [models.Index(fields=["organisation", "on"], name="service_record_org_on")]
        constraints = [models.CheckConstraint(condition=Q(quantity__gt=0) & Q(fee__gte=0),
                                              name="service_record_quantity_positive")]

    def __str__(self):
        return f"{self.on} {self.service} {self.client}"


class FeeReceipt(approvals.Approvable):
    """服务费收据: the fee of a service record paid into the village's bank account; posted when the township approves
    (Dr the basic bank account / Cr 501NN the organisation's income), then printed with the amount in 大写."""

    scope_village = _SCOPE
    approval_rule = Rule.SERVICES
    Status = approvals.Status

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="receipts",
                                     verbose_name=_("服务组织"))
    record = models.OneToOneField(ServiceRecord, models.PROTECT, null=True, blank=True, related_name="receipt",
                                  verbose_name=_("服务记录"))
    number = models.CharField(_("收据编号"), max_length=20)
    on = models.DateField(_("收款日期"))
    payer = models.CharField(_("交款人"), max_length=60)
    amount = money_field(_("金额(元)"))
    summary = models.CharField(_("事由"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("服务费收据")
        verbose_name_plural = _("服务费收据")
        ordering = ["organisation", "-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fee_receipt_positive"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False),
                                   name="approved_fee_receipt_has_voucher"),
            models.UniqueConstraint(fields=["organisation", "number"], name="fee_receipt_number_unique"),
            *approvals.approval_constraints("fee_receipt"),
        ]

    def __str__(self):
        return f"收据 {self.number} {self.payer} {self.amount}"


class ManagementFee(approvals.Approvable):
    """管理费 of one month: the organisation's approved fee income of the month (`base`) times its rate, or its fixed
    sum, computed by services.operations.management_fee; posted on approval (Dr 501NN / Cr 50199 管理费)."""

    scope_village = _SCOPE
    approval_rule = Rule.SERVICES
    Status = approvals.Status

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="management_fees",
                                     verbose_name=_("服务组织"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1)])
    on = models.DateField(_("计提日期"))
    base = money_field(_("当月服务收入(元)"))
    mode = models.CharField(_("方式"), max_length=8, choices=ServiceOrganisation.FeeMode)
    rate = models.DecimalField(_("比例(%)"), max_digits=5, decimal_places=2, default=0)
    amount = money_field(_("管理费(元)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("管理费")
        verbose_name_plural = _("管理费")
        ordering = ["organisation", "-year", "-month"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0) & Q(month__gte=1) & Q(month__lte=12),
                                   name="management_fee_positive"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False),
                                   name="approved_management_fee_has_voucher"),
            models.UniqueConstraint(fields=["organisation", "year", "month"], condition=~Q(status="rejected"),
                                    name="one_management_fee_a_month"),
            *approvals.approval_constraints("management_fee"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}年{self.month}月管理费 {self.amount}"
