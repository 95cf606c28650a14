"""Pay: the monthly payroll (工资表) of an organisation — wages for labour (person, days, daily rate) and rent for
machinery or tools (owner, item, units, rate) — recorded by the village and approved by the township, which posts it.
R4b keeps every line from a village cadre or a cadre's immediate family on the payroll's date."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.limits import YEAR_VALIDATORS
from coop.models import money_field
from members.models import Person
from services.models.organisation import ServiceOrganisation


class Payroll(approvals.Approvable):
    """工资表 of one month, paid on `on` from the village's bank account into the payees' accounts."""

    scope_village = "organisation__cooperative__village"
    approval_rule = Rule.SERVICES
    Status = approvals.Status

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="payrolls",
                                     verbose_name=_("服务组织"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    on = models.DateField(_("发放日期"))
    amount = money_field(_("合计(元)"))
    summary = models.CharField(_("摘要"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工资表")
        verbose_name_plural = _("工资表")
        ordering = ["organisation", "-year", "-month", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0) & Q(month__gte=1) & Q(month__lte=12),
                                   name="payroll_positive"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False),
                                   name="approved_payroll_has_voucher"),
            *approvals.approval_constraints("payroll"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}年{self.month}月工资表"


class PayrollLine(models.Model):
    """One line: a wage (days × daily rate) or a rent (units × rate of an item), with the R4 check in words, kept
    when the township approves."""

    scope_village = "payroll__organisation__cooperative__village"

    class Kind(models.TextChoices):
        WAGE = "wage", _("劳务报酬")
        RENT = "rent", _("机械工具租金")

    payroll = models.ForeignKey(Payroll, models.PROTECT, related_name="lines", verbose_name=_("工资表"))
    kind = models.CharField(_("类型"), max_length=6, choices=Kind)
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("收款人"))
    item = models.CharField(_("机械或工具"), max_length=50, blank=True)
    quantity = models.DecimalField(_("天数(数量)"), max_digits=7, decimal_places=1,
                                   validators=[MinValueValidator(0)])
    rate = money_field(_("单价(元)"))
    amount = money_field(_("金额(元)"))
    cadre_check = models.CharField(_("R4 核查结果"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工资表明细")
        verbose_name_plural = _("工资表明细")
        ordering = ["payroll", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0) & Q(rate__gt=0) & Q(amount__gt=0),
                                   name="payroll_line_positive"),
            models.CheckConstraint(condition=Q(kind="wage") | ~Q(item=""), name="payroll_rent_names_item"),
        ]

    def __str__(self):
        return f"{self.person} {self.get_kind_display()} {self.amount}"
