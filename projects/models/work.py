"""The work itself: labour (用工) and machinery or tool rentals (租赁), each paid later by one payment."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.models import money_field
from members.models import Person
from projects.models.money import Payment
from projects.models.project import Project

_SCOPE = "project__cooperative__village"


class WorkRecord(models.Model):
    """What labour and rental records share: the project, the person, the date, the amount and the payment that
    paid it (empty until paid)."""

    scope_village = _SCOPE

    project = models.ForeignKey(Project, models.PROTECT, related_name="+", verbose_name=_("项目"))
    on = models.DateField(_("日期"))
    amount = money_field(_("金额(元)"))
    payment = models.ForeignKey(Payment, models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("支付"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("经办人"))
    recorded_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        abstract = True


class LabourRecord(WorkRecord):
    """用工记录: a person's days at a daily wage; amount = days × wage, rounded half-up to the fen."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="labour", verbose_name=_("项目"))
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("务工人员"))
    days = models.DecimalField(_("工日"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    daily_wage = money_field(_("日工资(元)"))
    payment = models.ForeignKey(Payment, models.PROTECT, null=True, blank=True, related_name="labour",
                                verbose_name=_("支付"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("用工记录")
        verbose_name_plural = _("用工记录")
        ordering = ["project", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(days__gt=0) & Q(daily_wage__gt=0) & Q(amount__gt=0),
                                   name="labour_record_positive"),
        ]

    def __str__(self):
        return f"{self.person.name} {self.days}工日"


class Rental(WorkRecord):
    """机械工具租赁: an owner's machine or tool for some units (台班, 天) at a rate."""

    project = models.ForeignKey(Project, models.PROTECT, related_name="rentals", verbose_name=_("项目"))
    owner = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("出租人"))
    item = models.CharField(_("机械或工具"), max_length=50)
    units = models.DecimalField(_("数量"), max_digits=7, decimal_places=1, validators=[MinValueValidator(0)])
    unit = models.CharField(_("计量单位"), max_length=10, default="台班")
    rate = money_field(_("单价(元)"))
    payment = models.ForeignKey(Payment, models.PROTECT, null=True, blank=True, related_name="rentals",
                                verbose_name=_("支付"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("机械工具租赁")
        verbose_name_plural = _("机械工具租赁")
        ordering = ["project", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(units__gt=0) & Q(rate__gt=0) & Q(amount__gt=0),
                                   name="rental_positive"),
        ]

    def __str__(self):
        return f"{self.owner.name} {self.item} {self.units}{self.unit}"
