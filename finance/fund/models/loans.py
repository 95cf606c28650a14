"""A loan from the fund: application → council review (理事会) → township approval (coop.approvals, four eyes)
→ disbursement to the member's bank account → repaid or written off; rejected at any step before the money
leaves. `status` is the township's decision (Approvable); `stage` is where the loan is in its life.

The loan copies the fee and penalty rates of the terms in force on the day it was applied for, so that a
later amendment never changes a running loan. `voucher` (from Approvable) is the disbursement's voucher: the
township's approval itself moves no money."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.models import money_field
from finance.fund.models.capital import CapitalSource
from finance.fund.models.groups import GuaranteeGroup
from finance.fund.models.rates import daily_penalty_rate_field, monthly_fee_rate_field
from finance.fund.models.terms import Fund, FundTerms, RepaymentMethod


class Stage(models.TextChoices):
    APPLIED = "applied", _("已申请")
    COUNCIL_REVIEWED = "council_reviewed", _("理事会已审议")
    APPROVED = "approved", _("镇已审批")
    DISBURSED = "disbursed", _("已放款")
    REPAID = "repaid", _("已结清")
    WRITTEN_OFF = "written_off", _("已核销")
    REJECTED = "rejected", _("未获批准")


REVIEWED_STAGES = [Stage.COUNCIL_REVIEWED, Stage.APPROVED, Stage.DISBURSED, Stage.REPAID, Stage.WRITTEN_OFF]
MONEY_OUT_STAGES = [Stage.DISBURSED, Stage.REPAID, Stage.WRITTEN_OFF]


class Loan(approvals.Approvable):
    scope_village = "fund__cooperative__village"
    approval_rule = Rule.R6

    Status = approvals.Status
    Stage = Stage
    Method = RepaymentMethod

    fund = models.ForeignKey(Fund, models.PROTECT, related_name="loans", verbose_name=_("互助资金协会"))
    number = models.PositiveIntegerField(_("借款编号"))
    member = models.ForeignKey("members.Member", models.PROTECT, related_name="fund_loans",
                               verbose_name=_("借款社员"))
    group = models.ForeignKey(GuaranteeGroup, models.PROTECT, null=True, blank=True, related_name="loans",
                              verbose_name=_("联保小组"))
    guarantors = models.ManyToManyField("members.Member", through="LoanGuarantor", related_name="guaranteed_loans",
                                        verbose_name=_("担保人"))
    terms = models.ForeignKey(FundTerms, models.PROTECT, null=True, blank=True, related_name="loans",
                              verbose_name=_("适用章程条款"), help_text=_("结转旧账的借款可早于本系统录入的章程条款"))
    purpose = models.CharField(_("借款用途(生产)"), max_length=200)
    amount = money_field(_("借款金额"))
    term_months = models.PositiveSmallIntegerField(_("借款期限(月)"), validators=[MinValueValidator(1)])
    method = models.CharField(_("还款方式"), max_length=20, choices=RepaymentMethod)
    fee_rate_monthly = monthly_fee_rate_field(_("占用费月费率(‰)"))
    penalty_rate_daily = daily_penalty_rate_field(_("逾期罚息日费率(‱)"))
    applied_on = models.DateField(_("申请日期"))
    # blank only for a loan carried over from paper; apply_for_loan requires both (R1)
    payee_bank = models.CharField(_("收款银行"), max_length=100, blank=True)
    payee_account = models.CharField(_("收款账号"), max_length=30, blank=True,
                                     help_text=_("借款只能转入借款人本人银行账户,不付现金(R1)"))

    reviewed_on = models.DateField(_("理事会审议日期"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("审议记录人"))
    votes_for = models.PositiveSmallIntegerField(_("赞成票"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("反对票"), default=0)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权票"), default=0)
    council_opinion = models.CharField(_("理事会意见"), max_length=200, blank=True)

    voucher = models.OneToOneField("finance.Voucher", models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name=_("放款凭证"))
    disbursed_on = models.DateField(_("放款日期"), null=True, blank=True)
    disbursed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("放款经办人"))
    stage = models.CharField(_("借款状态"), max_length=20, choices=Stage, default=Stage.APPLIED)
    closed_on = models.DateField(_("结清或核销日期"), null=True, blank=True)
    schedule_version = models.PositiveSmallIntegerField(_("还款计划版本"), default=1)
    carried_over = models.BooleanField(_("结转旧账"), default=False, editable=False,
                                       help_text=_("账套启用前在纸质账上发放的借款,无放款凭证"))
    contract_no = models.CharField(_("借款合同号"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("互助资金借款")
        verbose_name_plural = _("互助资金借款")
        ordering = ["fund", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "number"], name="fund_loan_number_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_loan_amount_positive",
                                   violation_error_message=_("借款金额必须大于零")),
            models.CheckConstraint(condition=Q(term_months__gte=1), name="fund_loan_term_positive"),
            models.CheckConstraint(condition=~Q(stage__in=REVIEWED_STAGES) | Q(reviewed_on__isnull=False),
                                   name="fund_loan_reviewed_has_review"),
            models.CheckConstraint(
                condition=~Q(stage__in=[Stage.APPROVED, *MONEY_OUT_STAGES]) | Q(status="approved"),
                name="fund_loan_approved_stage_is_approved"),
            models.CheckConstraint(condition=~Q(stage=Stage.REJECTED) | Q(status="rejected"),
                                   name="fund_loan_rejected_stage_is_rejected"),
            models.CheckConstraint(
                condition=(Q(stage__in=MONEY_OUT_STAGES) & Q(disbursed_on__isnull=False, disbursed_by__isnull=False)
                           & (Q(voucher__isnull=False) | Q(carried_over=True)))
                | (~Q(stage__in=MONEY_OUT_STAGES) & Q(voucher__isnull=True, disbursed_on__isnull=True)),
                name="fund_loan_disbursed_has_voucher"),
            models.CheckConstraint(
                condition=Q(carried_over=False) | Q(stage__in=MONEY_OUT_STAGES, voucher__isnull=True),
                name="fund_loan_carried_over_was_lent"),
            models.CheckConstraint(condition=Q(carried_over=True) | Q(terms__isnull=False),
                                   name="fund_loan_terms_unless_carried_over"),
            models.UniqueConstraint(fields=["fund", "contract_no"], condition=~Q(contract_no=""),
                                    name="fund_loan_contract_no_once",
                                    violation_error_message=_("本协会已有同一合同号的借款")),
            models.CheckConstraint(
                condition=Q(stage__in=[Stage.REPAID, Stage.WRITTEN_OFF], closed_on__isnull=False)
                | (~Q(stage__in=[Stage.REPAID, Stage.WRITTEN_OFF]) & Q(closed_on__isnull=True)),
                name="fund_loan_closed_has_date"),
            *approvals.approval_constraints("fund_loan"),
        ]
        indexes = [models.Index(fields=["fund", "stage"], name="fund_loan_fund_stage")]

    @property
    def approver(self):
        """Who stands as the township's approval of the money this loan moves: its approver, or for a loan carried
        over from paper the township officer who carried it over (the clerk recording a repayment never is)."""
        return self.approved_by or (self.recorded_by if self.carried_over else None)

    def __str__(self):
        return _("借款 %(n)s %(who)s ¥%(amount)s") % {"n": f"{self.number or 0:05d}", "who": self.member.display_name,
                                                     "amount": self.amount}


class LoanGuarantor(models.Model):
    scope_village = "loan__fund__cooperative__village"

    loan = models.ForeignKey(Loan, models.CASCADE, related_name="guarantor_rows", verbose_name=_("借款"))
    member = models.ForeignKey("members.Member", models.PROTECT, related_name="guarantees", verbose_name=_("担保人"))

    class Meta:
        verbose_name = _("借款担保人")
        verbose_name_plural = _("借款担保人")
        constraints = [models.UniqueConstraint(fields=["loan", "member"], name="fund_guarantor_once_per_loan")]

    def __str__(self):
        return str(self.member)


class LoanSource(models.Model):
    """The part of a loan's principal lent out of one capital source, fixed at disbursement: pro rata to what
    each source had available, to the fen by largest remainder (coop.money.split)."""

    scope_village = "loan__fund__cooperative__village"

    loan = models.ForeignKey(Loan, models.PROTECT, related_name="sources", verbose_name=_("借款"))
    source = models.CharField(_("资金来源"), max_length=20, choices=CapitalSource)
    principal = money_field(_("本金"))

    class Meta:
        verbose_name = _("借款资金来源")
        verbose_name_plural = _("借款资金来源")
        ordering = ["loan", "source"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "source"], name="fund_loan_source_once"),
            models.CheckConstraint(condition=Q(principal__gt=0), name="fund_loan_source_positive"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.principal}"
