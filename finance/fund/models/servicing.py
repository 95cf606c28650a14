"""What happens to a disbursed loan: repayments (allocated per instalment), reschedules and write-off.
The servicing operations (finance/fund/operations/servicing.py) write these rows; the tables live here so
every part of the fund shares one schema."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.models import money_field
from finance.fund.models.loans import Loan
from finance.fund.models.schedule import Instalment


class Repayment(models.Model):
    """One payment by the borrower, allocated penalty → overdue fee → fee → principal."""

    scope_village = "loan__fund__cooperative__village"

    loan = models.ForeignKey(Loan, models.PROTECT, related_name="repayments", verbose_name=_("借款"))
    paid_on = models.DateField(_("还款日期"))
    amount = money_field(_("还款金额"))
    to_penalty = money_field(_("其中罚息"), default=0)
    to_overdue_fee = money_field(_("其中逾期占用费"), default=0)
    to_fee = money_field(_("其中占用费"), default=0)
    to_principal = money_field(_("其中本金"), default=0)
    receipt_no = models.CharField(_("收据号"), max_length=30, blank=True)
    voucher = models.OneToOneField("finance.Voucher", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("记账凭证"))
    reversed_on = models.DateField(_("冲销日期"), null=True, blank=True)
    reversal_reason = models.CharField(_("冲销原因"), max_length=200, blank=True)
    reversal_voucher = models.OneToOneField("finance.Voucher", models.PROTECT, null=True, blank=True,
                                            related_name="+", verbose_name=_("冲销凭证"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("经办人"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("审批人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("还款")
        verbose_name_plural = _("还款")
        ordering = ["loan", "-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_repayment_positive"),
            models.CheckConstraint(
                # Round: SQLite adds decimals as floats (0.1 + 0.67 != 0.77); PostgreSQL's numeric is exact anyway.
                condition=Q(amount=Round(F("to_penalty") + F("to_overdue_fee") + F("to_fee") + F("to_principal"), 2)),
                name="fund_repayment_parts_add_up"),
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("recorded_by")),
                                   name="fund_repayment_four_eyes"),
            models.UniqueConstraint(fields=["loan", "receipt_no"], condition=~Q(receipt_no=""),
                                    name="fund_repayment_receipt_once"),
            models.CheckConstraint(
                condition=(Q(reversed_on__isnull=True) & Q(reversal_voucher__isnull=True))
                | (Q(reversed_on__isnull=False) & Q(reversal_voucher__isnull=False) & ~Q(reversal_reason="")),
                name="fund_repayment_reversal_complete"),
        ]

    def __str__(self):
        return _("%(d)s 还款 ¥%(a)s") % {"d": self.paid_on, "a": self.amount}


class RepaymentLine(models.Model):
    scope_village = "repayment__loan__fund__cooperative__village"

    repayment = models.ForeignKey(Repayment, models.PROTECT, related_name="lines", verbose_name=_("还款"))
    instalment = models.ForeignKey(Instalment, models.PROTECT, related_name="repayment_lines",
                                   verbose_name=_("还款计划期次"))
    principal = money_field(_("本金"), default=0)
    fee = money_field(_("占用费"), default=0)
    penalty = money_field(_("罚息"), default=0)

    class Meta:
        verbose_name = _("还款分配")
        verbose_name_plural = _("还款分配")
        constraints = [
            models.UniqueConstraint(fields=["repayment", "instalment"], name="fund_repayment_line_once"),
            models.CheckConstraint(condition=Q(principal__gte=0, fee__gte=0, penalty__gte=0)
                                   & (Q(principal__gt=0) | Q(fee__gt=0) | Q(penalty__gt=0)),
                                   name="fund_repayment_line_positive"),
        ]

    def __str__(self):
        return f"{self.instalment}: {self.principal}/{self.fee}/{self.penalty}"


class Reschedule(approvals.Approvable):
    """展期/重排: requested by the village with a reason, approved by the township (coop.approvals, four eyes);
    the approval supersedes the open instalments of `from_version` and writes `to_version`."""

    scope_village = "loan__fund__cooperative__village"
    approval_rule = Rule.R6
    Status = approvals.Status

    loan = models.ForeignKey(Loan, models.PROTECT, related_name="reschedules", verbose_name=_("借款"))
    on = models.DateField(_("日期"))
    reason = models.CharField(_("原因"), max_length=200)
    from_version = models.PositiveSmallIntegerField(_("原计划版本"))
    to_version = models.PositiveSmallIntegerField(_("新计划版本"))
    new_term_months = models.PositiveSmallIntegerField(_("新剩余期限(月)"), null=True, blank=True)
    new_method = models.CharField(_("新还款方式"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("展期")
        verbose_name_plural = _("展期")
        ordering = ["loan", "-on"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "to_version"], condition=~Q(status="rejected"),
                                    name="fund_reschedule_version_once"),
            models.CheckConstraint(condition=Q(to_version__gt=F("from_version")), name="fund_reschedule_moves_on"),
            models.CheckConstraint(condition=~Q(reason=""), name="fund_reschedule_has_reason"),
            *approvals.approval_constraints("fund_reschedule"),
        ]

    def __str__(self):
        return _("%(d)s 展期:%(r)s") % {"d": self.on, "r": self.reason}


class WriteOff(approvals.Approvable):
    """核销: proposed by the village with a reason, decided by the township (coop.approvals, four eyes); the
    approval posts the unpaid principal out of the books as a loss. A rejected proposal may be followed by
    another, so a loan has at most one write-off that is not rejected."""

    scope_village = "loan__fund__cooperative__village"
    approval_rule = Rule.R6
    Status = approvals.Status

    loan = models.ForeignKey(Loan, models.PROTECT, related_name="write_offs", verbose_name=_("借款"))
    on = models.DateField(_("核销日期"))
    principal = money_field(_("核销本金"))
    fee = money_field(_("核销占用费"), default=0)
    reason = models.CharField(_("核销原因"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("核销")
        verbose_name_plural = _("核销")
        ordering = ["-on"]
        constraints = [
            models.CheckConstraint(condition=Q(principal__gt=0), name="fund_write_off_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="fund_write_off_has_reason"),
            models.UniqueConstraint(fields=["loan"], condition=~Q(status="rejected"), name="fund_write_off_once"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False),
                                   name="fund_write_off_approved_has_voucher"),
            *approvals.approval_constraints("fund_write_off"),
        ]

    def __str__(self):
        return _("%(d)s 核销 ¥%(p)s") % {"d": self.on, "p": self.principal}
