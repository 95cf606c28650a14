"""The subsidised bank loan (贴息贷款): the county's subsidy policy, a cooperative's loans from a bank, the money
that moved (drawdowns, principal repaid, interest paid — each posted to the village ledger when the township
approves it), the interest periods the bank settles, and the subsidy claims (贴息申请) sent to the county.

No row keeps a balance: principal outstanding is the sum of approved drawdowns less approved repayments, and the
ledger's loan account says the same because every approval posted its voucher."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.models import Cooperative, County, money_field
from coop.money import yuan

RATE_LIMITS = [MinValueValidator(0), MaxValueValidator(100)]


def rate_field(verbose_name, **kwargs):
    """An annual or proportional rate in percent, four places (4.3500 %)."""
    return models.DecimalField(verbose_name, max_digits=7, decimal_places=4, validators=RATE_LIMITS, **kwargs)


class SubsidyPolicy(models.Model):
    """The county's 贴息 terms from a date: how the subsidy is reckoned, how often it is claimed, and the ceiling
    of principal and term it covers. Dated settings, never constants: the version in force on a period's last day
    applies to it."""

    class Method(models.TextChoices):
        ACTUAL = "actual", _("按实际付息的比例贴息")
        POINTS = "points", _("按固定贴息点数(年利率)贴息")

    class ClaimPeriod(models.TextChoices):
        MONTHLY = "monthly", _("按月申请")
        QUARTERLY = "quarterly", _("按季申请")
        YEARLY = "yearly", _("按年申请")

    county = models.ForeignKey(County, models.PROTECT, related_name="subsidy_policies", verbose_name=_("县"))
    effective_from = models.DateField(_("生效日期"))
    method = models.CharField(_("贴息方式"), max_length=10, choices=Method, default=Method.ACTUAL)
    subsidy_rate = rate_field(_("贴息比例(占实付利息%)"), default=100,
                              help_text=_("按实际付息贴息时适用,如 100 表示全额贴息"))
    points = rate_field(_("固定贴息点数(年利率%)"), default=0, help_text=_("按固定点数贴息时适用,如 5"))
    claim_period = models.CharField(_("申请周期"), max_length=10, choices=ClaimPeriod, default=ClaimPeriod.QUARTERLY)
    max_principal = money_field(_("贴息本金上限"), help_text=_("超出部分的本金不予贴息"))
    max_term_months = models.PositiveSmallIntegerField(_("贴息期限上限(月)"), default=36,
                                                       validators=[MinValueValidator(1)],
                                                       help_text=_("自合同签订日起,超过期限的天数不予贴息"))
    note = models.CharField(_("文件依据"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("贴息政策")
        verbose_name_plural = _("贴息政策")
        ordering = ["county", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["county", "effective_from"], name="subsidy_policy_once_a_day",
                                    violation_error_message=_("本县同一天只能有一版贴息政策")),
            models.CheckConstraint(condition=~Q(method="points") | Q(points__gt=0), name="subsidy_points_set",
                                   violation_error_message=_("按固定点数贴息须填写贴息点数")),
            models.CheckConstraint(condition=~Q(method="actual") | Q(subsidy_rate__gt=0), name="subsidy_rate_set",
                                   violation_error_message=_("按实际付息贴息须填写贴息比例")),
        ]

    def __str__(self):
        return f"{self.county} 贴息政策({self.effective_from:%Y-%m-%d}起)"

    @classmethod
    def scope_q_for(cls, user, villages) -> Q:
        """A county's policy is read by everyone working in it: its own county's roles, and the townships and
        villages of the county."""
        return Q(county__in=villages.values("township__county")) | Q(county_id=user.county_id or 0)


class BankLoan(models.Model):
    """A cooperative's loan from a bank under the county's 贴息 policy, as its contract states it."""

    scope_village = "cooperative__village"

    class Settlement(models.TextChoices):
        QUARTERLY = "quarterly", _("按季结息(3、6、9、12月20日)")
        MONTHLY = "monthly", _("按月结息(每月20日)")

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="bank_loans", verbose_name=_("合作社"))
    bank = models.CharField(_("贷款银行"), max_length=60)
    contract_number = models.CharField(_("借款合同编号"), max_length=40)
    principal = money_field(_("合同金额"))
    annual_rate = rate_field(_("年利率(%)"))
    term_months = models.PositiveSmallIntegerField(_("期限(月)"), validators=[MinValueValidator(1)])
    signed_on = models.DateField(_("合同签订日"))
    maturity = models.DateField(_("到期日"))
    settlement = models.CharField(_("结息方式"), max_length=10, choices=Settlement, default=Settlement.QUARTERLY)
    penalty_markup = rate_field(_("逾期罚息上浮(%)"), default=50, help_text=_("逾期本金按合同利率上浮此比例计收罚息"))
    compound_interest = models.BooleanField(
        _("未付利息计收复利"), default=False,
        help_text=_("合同约定时勾选:结息日未付的利息自次日起按罚息利率计收复利(复利不贴息)"))
    purpose = models.CharField(_("贷款用途"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("经办人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("贴息贷款")
        verbose_name_plural = _("贴息贷款")
        ordering = ["cooperative", "-signed_on"]
        constraints = [
            models.UniqueConstraint(fields=["bank", "contract_number"], name="bank_loan_contract_unique",
                                    violation_error_message=_("该银行的此借款合同编号已经登记")),
            models.CheckConstraint(condition=Q(principal__gt=0), name="bank_loan_principal_positive"),
            models.CheckConstraint(condition=Q(maturity__gt=F("signed_on")), name="bank_loan_matures_after_signing",
                                   violation_error_message=_("到期日必须晚于合同签订日")),
        ]

    def __str__(self):
        return f"{self.bank} {self.contract_number}"

    @property
    def is_long_term(self) -> bool:
        """Over a year: 长期借款; a year or less: 短期借款."""
        return self.term_months > 12


class LoanMovement(approvals.Approvable):
    """What a drawdown and a principal repayment share: recorded by the village, approved by the township (R2),
    whose approval posts the voucher."""

    scope_village = "loan__cooperative__village"
    approval_rule = Rule.BANKLOAN
    Status = approvals.Status

    on = models.DateField(_("日期"))
    amount = money_field(_("金额"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.loan} {self._meta.verbose_name} {self.on:%Y-%m-%d} {yuan(self.amount)}"


class Drawdown(LoanMovement):
    """放款 (提款): principal the bank paid into the village's bank account."""

    loan = models.ForeignKey(BankLoan, models.PROTECT, related_name="drawdowns", verbose_name=_("贴息贷款"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("贷款提款")
        verbose_name_plural = _("贷款提款")
        ordering = ["loan", "on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="drawdown_positive"),
                       *approvals.approval_constraints("drawdown")]


class PrincipalRepayment(LoanMovement):
    """归还本金: principal paid back to the bank."""

    loan = models.ForeignKey(BankLoan, models.PROTECT, related_name="repayments", verbose_name=_("贴息贷款"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("归还本金")
        verbose_name_plural = _("归还本金")
        ordering = ["loan", "on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="repayment_positive"),
                       *approvals.approval_constraints("repayment")]


class InterestPeriod(models.Model):
    """One settlement period of a loan as computed from the approved drawdowns and repayments (interest.py):
    its days, principal-days (积数), interest due, penalty interest on overdue principal, and what the policy
    could subsidise. Kept as computed, so a later claim reads what the bank was owed then."""

    scope_village = "loan__cooperative__village"

    loan = models.ForeignKey(BankLoan, models.PROTECT, related_name="periods", verbose_name=_("贴息贷款"))
    start = models.DateField(_("起息日"))
    end = models.DateField(_("结息日"))
    days = models.PositiveSmallIntegerField(_("天数"))
    opening_principal = money_field(_("期初本金"))
    closing_principal = money_field(_("期末本金"))
    principal_days = models.DecimalField(_("计息积数"), max_digits=18, decimal_places=2)
    overdue_principal_days = models.DecimalField(_("逾期积数"), max_digits=18, decimal_places=2, default=0)
    interest_due = money_field(_("应付利息"))
    penalty_due = money_field(_("应付罚息(含复利)"), default=0)
    compound_basis = models.DecimalField(_("复利积数"), max_digits=18, decimal_places=2, default=0,
                                         help_text=_("Σ 各日未付利息 × 天数"))
    compound_due = money_field(_("其中复利"), default=0)
    subsidisable_principal_days = models.DecimalField(_("可贴息积数"), max_digits=18, decimal_places=2)
    subsidisable_interest = money_field(_("可贴息利息"))
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("计算人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("计息期")
        verbose_name_plural = _("计息期")
        ordering = ["loan", "start"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "start"], name="interest_period_once",
                                    violation_error_message=_("该计息期已经计算")),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="interest_period_ends_after_start"),
            models.CheckConstraint(condition=Q(penalty_due__gte=F("compound_due")),
                                   name="interest_period_compound_within_penalty"),
        ]

    def __str__(self):
        return f"{self.loan} {self.start:%Y-%m-%d}—{self.end:%Y-%m-%d}"


class InterestPayment(approvals.Approvable):
    """付息: what the bank debited for one period, interest and penalty apart (only the interest can be
    subsidised). Posted on approval: 其他支出—利息 / 罚息 against the bank account."""

    scope_village = "period__loan__cooperative__village"
    approval_rule = Rule.BANKLOAN
    Status = approvals.Status

    period = models.ForeignKey(InterestPeriod, models.PROTECT, related_name="payments", verbose_name=_("计息期"))
    on = models.DateField(_("付息日期"))
    interest = money_field(_("利息"))
    penalty = money_field(_("罚息"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("贷款付息")
        verbose_name_plural = _("贷款付息")
        ordering = ["period", "on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(interest__gte=0, penalty__gte=0)
                                              & (Q(interest__gt=0) | Q(penalty__gt=0)),
                                              name="interest_payment_positive"),
                       *approvals.approval_constraints("interest_payment")]

    def __str__(self):
        return f"{self.period} 付息 {yuan(self.interest + self.penalty)}"

    @property
    def total(self):
        return self.interest + self.penalty


class ClaimStage(models.TextChoices):
    PREPARED = "prepared", _("草稿(未提交)")
    SUBMITTED = "submitted", _("已提交,待镇审核")
    APPROVED = "approved", _("镇已审核同意,待贴息到账")
    RECEIVED = "received", _("贴息已到账")
    REJECTED = "rejected", _("已驳回")


class SubsidyClaim(approvals.Approvable):
    """贴息申请: a cooperative's claim for one claim period (a month, quarter or year of the policy), reckoned
    from the interest actually paid on periods ending in it (penalty never counts). Prepared by the village as a
    draft (recomputed from the books and annotated while a draft, and only then), submitted, checked and approved
    by the township (R2, four eyes; no money moves), then the subsidy received is posted (补助收入—贴息补助 against
    the bank account). `stage` reads the four steps off `submitted_at`, `status` and `received_on`."""

    Stage = ClaimStage

    scope_village = "cooperative__village"
    approval_rule = Rule.BANKLOAN
    Status = approvals.Status

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="subsidy_claims",
                                    verbose_name=_("合作社"))
    policy = models.ForeignKey(SubsidyPolicy, models.PROTECT, related_name="claims", verbose_name=_("贴息政策"))
    period_start = models.DateField(_("申请期起"))
    period_end = models.DateField(_("申请期止"))
    interest_paid = money_field(_("实付利息(不含罚息)"))
    subsidisable = money_field(_("可贴息利息"))
    amount = money_field(_("申请贴息金额"))
    received_on = models.DateField(_("到账日期"), null=True, blank=True)
    received_amount = money_field(_("到账金额"), null=True, blank=True)
    receipt_voucher = models.OneToOneField("finance.Voucher", models.PROTECT, null=True, blank=True,
                                           related_name="+", verbose_name=_("到账凭证"))
    note = models.CharField(_("申请说明"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("提交人"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("贴息申请")
        verbose_name_plural = _("贴息申请")
        ordering = ["cooperative", "-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "period_start"], condition=~Q(status="rejected"),
                                    name="subsidy_claim_once_a_period",
                                    violation_error_message=_("该申请期已经申请过贴息")),
            models.CheckConstraint(condition=Q(amount__gt=0), name="subsidy_claim_positive"),
            models.CheckConstraint(condition=Q(received_on__isnull=True) | Q(status="approved"),
                                   name="subsidy_received_after_approval"),
            models.CheckConstraint(condition=Q(status="pending") | Q(submitted_at__isnull=False),
                                   name="subsidy_claim_decided_after_submission",
                                   violation_error_message=_("贴息申请须先提交,镇才能审核")),
            *approvals.approval_constraints("subsidy_claim"),
        ]

    def __str__(self):
        return f"{self.cooperative} 贴息申请 {self.period_start:%Y-%m-%d}—{self.period_end:%Y-%m-%d}"

    @property
    def is_received(self) -> bool:
        return self.received_on is not None

    @property
    def is_draft(self) -> bool:
        return self.status == approvals.Status.PENDING and self.submitted_at is None

    @property
    def stage(self) -> str:
        if self.status == approvals.Status.REJECTED:
            return ClaimStage.REJECTED
        if self.status == approvals.Status.APPROVED:
            return ClaimStage.RECEIVED if self.is_received else ClaimStage.APPROVED
        return ClaimStage.PREPARED if self.submitted_at is None else ClaimStage.SUBMITTED

    def get_stage_display(self) -> str:
        return ClaimStage(self.stage).label


class SubsidyClaimLine(models.Model):
    """One interest period in a claim: the interest paid on it, what could be subsidised, and the subsidy. A period
    is in one claim at most (a rejected claim lets its periods go)."""

    scope_village = "claim__cooperative__village"

    claim = models.ForeignKey(SubsidyClaim, models.CASCADE, related_name="lines", verbose_name=_("贴息申请"))
    period = models.ForeignKey(InterestPeriod, models.PROTECT, related_name="claim_lines", verbose_name=_("计息期"))
    interest_paid = money_field(_("实付利息"))
    subsidisable = money_field(_("可贴息利息"))
    amount = money_field(_("贴息金额"))
    claimed = models.BooleanField(_("有效"), default=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("贴息申请明细")
        verbose_name_plural = _("贴息申请明细")
        ordering = ["claim", "period__loan", "period__start"]
        constraints = [models.UniqueConstraint(fields=["period"], condition=Q(claimed=True),
                                               name="interest_period_claimed_once",
                                               violation_error_message=_("该计息期已申请过贴息"))]

    def __str__(self):
        return f"{self.period} {yuan(self.amount)}"
