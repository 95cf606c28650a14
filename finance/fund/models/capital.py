"""Capital received by the fund, by source. Recorded by the village and approved by the township (four eyes):
the approval posts the receipt into the fund's bank account (coop.approvals, finance.operations.post_entry)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.models import money_field
from finance.fund.models.terms import Fund


class CapitalSource(models.TextChoices):
    """Where the fund's money came from; a loan's principal is traced back to these (LoanSource)."""

    COUNTY_CAPITAL = "county_capital", _("县级财政扶贫资金")
    MEMBER_CONTRIBUTION = "member_contribution", _("社员互助金")
    DONATION = "donation", _("捐赠")
    RETAINED_EARNINGS = "retained_earnings", _("占用费留存")


class CapitalReceipt(approvals.Approvable):
    scope_village = "fund__cooperative__village"
    approval_rule = Rule.R6

    Status = approvals.Status

    fund = models.ForeignKey(Fund, models.PROTECT, related_name="capital_receipts", verbose_name=_("互助资金协会"))
    number = models.PositiveIntegerField(_("流水号"))
    source = models.CharField(_("资金来源"), max_length=20, choices=CapitalSource)
    amount = money_field(_("金额"))
    received_on = models.DateField(_("到账日期"))
    member = models.ForeignKey("members.Member", models.PROTECT, null=True, blank=True,
                               related_name="fund_contributions", verbose_name=_("缴纳社员"))
    payer = models.CharField(_("拨款单位或捐赠人"), max_length=100, blank=True)
    document = models.CharField(_("拨款文件或单据号"), max_length=100, blank=True)
    carried_over = models.BooleanField(_("结转旧账"), default=False, editable=False,
                                       help_text=_("账套启用前到位的资金,计入期初余额,无记账凭证"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("互助资金到位")
        verbose_name_plural = _("互助资金到位")
        ordering = ["fund", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "number"], name="fund_capital_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_capital_positive"),
            models.CheckConstraint(
                condition=(Q(source="member_contribution") & Q(member__isnull=False))
                | (~Q(source="member_contribution") & Q(member__isnull=True)),
                name="fund_capital_member_iff_contribution",
                violation_error_message=_("社员互助金须选择缴纳社员;其他来源不填社员")),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False) | Q(carried_over=True),
                                   name="fund_capital_approved_has_voucher"),
            models.CheckConstraint(condition=Q(carried_over=False) | Q(status="approved", voucher__isnull=True),
                                   name="fund_capital_carried_over_is_opening"),
            *approvals.approval_constraints("fund_capital"),
        ]

    def __str__(self):
        return f"{self.number:05d} {self.get_source_display()} {self.amount}"
