"""What moves money: funds received from the commissioning body, approved variations, and payments.

Each is recorded by the village and approved by the township (R2, coop.approvals); the approval posts its voucher
through finance.operations.post_entry. Their rules (R5: the cap, the contract, the competition; R4b: the payees) are
checked by the operations in projects.operations, again on the locked row when the township approves."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.models import money_field
from members.models import Person
from projects.models.project import Project

_SCOPE = "project__cooperative__village"


class FundsReceipt(approvals.Approvable):
    """资金到账: money from the commissioning body arrives in the project bank account."""

    scope_village = _SCOPE
    approval_rule = Rule.R5
    Status = approvals.Status

    project = models.ForeignKey(Project, models.PROTECT, related_name="receipts", verbose_name=_("项目"))
    on = models.DateField(_("到账日期"))
    amount = money_field(_("金额(元)"))
    source = models.CharField(_("资金来源"), max_length=50, help_text=_("如:县财政奖补资金、县交通局专项资金"))
    document_number = models.CharField(_("拨款文号"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目资金到账")
        verbose_name_plural = _("项目资金到账")
        ordering = ["project", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="project_receipt_positive"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False),
                                   name="approved_project_receipt_has_voucher"),
            *approvals.approval_constraints("project_receipt"),
        ]

    def __str__(self):
        return f"{self.project} 到账 {self.amount}"


class Variation(approvals.Approvable):
    """工程变更: a change of the contract amount (±), approved by the township; the project's total with it stays under
    the cap (R5). It moves no money."""

    scope_village = _SCOPE
    approval_rule = Rule.R5
    Status = approvals.Status

    project = models.ForeignKey(Project, models.PROTECT, related_name="variations", verbose_name=_("项目"))
    on = models.DateField(_("变更日期"))
    amount = money_field(_("变更金额(元,减少为负)"), validators=[])
    reason = models.CharField(_("变更原因"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("工程变更")
        verbose_name_plural = _("工程变更")
        ordering = ["project", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=Decimal("0")), name="project_variation_not_zero"),
            *approvals.approval_constraints("project_variation"),
        ]

    def __str__(self):
        return f"{self.project} 变更 {self.amount}"


class Payment(approvals.Approvable):
    """项目支付: wages, rents, materials or the works, to one or more payees (its lines), from the project bank
    account into 在建工程."""

    scope_village = _SCOPE
    approval_rule = Rule.R5
    Status = approvals.Status

    class Kind(models.TextChoices):
        WAGES = "wages", _("劳务工资")
        RENT = "rent", _("机械工具租赁费")
        MATERIALS = "materials", _("材料款")
        WORKS = "works", _("工程款")

    project = models.ForeignKey(Project, models.PROTECT, related_name="payments", verbose_name=_("项目"))
    kind = models.CharField(_("支付类型"), max_length=10, choices=Kind)
    on = models.DateField(_("支付日期"))
    amount = money_field(_("金额(元)"))
    summary = models.CharField(_("摘要"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("项目支付")
        verbose_name_plural = _("项目支付")
        ordering = ["project", "on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="project_payment_positive"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False),
                                   name="approved_project_payment_has_voucher"),
            *approvals.approval_constraints("project_payment"),
        ]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()} {self.amount}"


class PaymentLine(models.Model):
    """One payee of a payment. Wages and rents name the person paid, whose R4b check (on the payment date) is kept
    in words beside the line; materials and works name a supplier or the team."""

    scope_village = "payment__project__cooperative__village"

    payment = models.ForeignKey(Payment, models.PROTECT, related_name="lines", verbose_name=_("支付"))
    person = models.ForeignKey(Person, models.PROTECT, null=True, blank=True, related_name="+",
                               verbose_name=_("收款人(人员)"))
    payee = models.CharField(_("收款人"), max_length=100)
    amount = money_field(_("金额(元)"))
    cadre_check = models.CharField(_("R4 核查结果"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("支付明细")
        verbose_name_plural = _("支付明细")
        ordering = ["payment", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="project_payment_line_positive"),
        ]

    def __str__(self):
        return f"{self.payee} {self.amount}"
