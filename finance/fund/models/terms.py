"""The county's policy, the village's fund and the fund's dated terms (its charter's fund rules).

Both policy and terms are versioned by date like coop's Charter: the version in force on a date is the latest
whose `effective_from` is on or before it, and a loan copies the rates of the version in force on the day it
was applied for. A fund's terms may never be more generous than the county's policy on the same date."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop.models import Cooperative, County, money_field
from finance.fund.models.rates import daily_penalty_rate_field, monthly_fee_rate_field


class RepaymentMethod(models.TextChoices):
    LUMP_SUM = "lump_sum", _("到期一次还本付费")
    ANNUITY = "annuity", _("等额本息")
    FEE_MONTHLY = "fee_monthly", _("按月付费到期还本")
    EQUAL_PRINCIPAL = "equal_principal", _("等额本金")


class FundPolicy(models.Model):
    """The county's settings for every fund in it from `effective_from` (扶贫办/财政局 文件): ceilings the
    funds' own terms must stay within."""

    scope_county = "county"

    county = models.ForeignKey(County, models.PROTECT, related_name="fund_policies", verbose_name=_("县"))
    effective_from = models.DateField(_("生效日期"))
    document = models.CharField(_("文件文号"), max_length=100, blank=True)
    first_loan_max = money_field(_("首次借款上限(元)"))
    loan_max = money_field(_("单笔借款上限(元)"))
    household_max = money_field(_("每户借款余额上限(元)"))
    max_term_months = models.PositiveSmallIntegerField(_("最长借款期限(月)"), validators=[MinValueValidator(1)])
    fee_rate_monthly = monthly_fee_rate_field(_("占用费月费率上限(‰)"))
    penalty_rate_daily = daily_penalty_rate_field(_("逾期罚息日费率上限(‱)"))
    cadre_loans_allowed = models.BooleanField(_("允许向村组干部借款"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("县互助资金政策")
        verbose_name_plural = _("县互助资金政策")
        ordering = ["county", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["county", "effective_from"], name="fund_policy_one_per_date",
                                    violation_error_message=_("本县已有同一日期生效的互助资金政策")),
            models.CheckConstraint(condition=Q(first_loan_max__gt=0, loan_max__gte=F("first_loan_max"),
                                               household_max__gte=F("loan_max")),
                                   name="fund_policy_limits_ordered",
                                   violation_error_message=_("须满足 0 < 首次借款上限 ≤ 单笔上限 ≤ 每户上限")),
            models.CheckConstraint(condition=Q(max_term_months__gte=1), name="fund_policy_term_positive"),
        ]

    def __str__(self):
        return _("%(county)s互助资金政策(%(d)s起)") % {"county": self.county, "d": self.effective_from}

    @classmethod
    def scope_q_for(cls, user, villages):
        """The county's rules are read by everyone working in it: a chairman and a township officer see the
        policy of their own county, which the county administrator sets."""
        return Q(county__in=villages.values("township__county"))


class Fund(models.Model):
    """One village's 扶贫互助资金协会, run beside its cooperative, with its own bank account and books
    (the ledger's accounts the fund's operations keep; see docs/design/fund.md)."""

    scope_village = "cooperative__village"

    cooperative = models.OneToOneField(Cooperative, models.PROTECT, related_name="fund", verbose_name=_("合作社"))
    name = models.CharField(_("协会名称"), max_length=100, unique=True)
    established_on = models.DateField(_("成立日期"))
    registration_no = models.CharField(_("社团登记证号"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("互助资金协会")
        verbose_name_plural = _("互助资金协会")
        ordering = ["cooperative__village__code"]

    def __str__(self):
        return self.name

    @property
    def village(self):
        return self.cooperative.village


class FundTerms(models.Model):
    """One version of the fund's rules (adopted by the members' meeting), in force from `effective_from` until
    the next version. Never edited once a loan was applied for under it: a change is a new version."""

    scope_village = "fund__cooperative__village"

    fund = models.ForeignKey(Fund, models.PROTECT, related_name="terms", verbose_name=_("互助资金协会"))
    version = models.PositiveSmallIntegerField(_("版本"), default=1, editable=False)
    adopted_on = models.DateField(_("通过日期"))
    effective_from = models.DateField(_("生效日期"))
    first_loan_max = money_field(_("首次借款上限(元)"))
    loan_max = money_field(_("单笔借款上限(元)"))
    household_max = money_field(_("每户借款余额上限(元)"))
    terms_allowed = ArrayField(models.PositiveSmallIntegerField(validators=[MinValueValidator(1)]),
                               verbose_name=_("可选借款期限(月)"), help_text=_("如 3,6,12"))
    methods_allowed = ArrayField(models.CharField(max_length=20, choices=RepaymentMethod),
                                 verbose_name=_("可选还款方式"))
    fee_rate_monthly = monthly_fee_rate_field(_("占用费月费率(‰)"))
    penalty_rate_daily = daily_penalty_rate_field(_("逾期罚息日费率(‱)"))
    poor_priority = models.BooleanField(_("贫困户优先"), default=True)
    group_required = models.BooleanField(_("须联保小组担保"), default=True)
    group_min_size = models.PositiveSmallIntegerField(_("联保小组最少户数"), default=5)
    guarantor_max_loans = models.PositiveSmallIntegerField(
        _("每人最多同时担保笔数"), default=2, validators=[MinValueValidator(1)])
    reserve_amount = money_field(_("留存备付金(元)"), default=0)
    reserve_percent = models.DecimalField(_("留存备付金比例(%)"), max_digits=5, decimal_places=2, default=0,
                                          validators=[MinValueValidator(0)],
                                          help_text=_("按已到位本金计算;与留存金额两者取大"))
    cadres_barred = models.BooleanField(_("不得向村组干部借款"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("互助资金章程条款")
        verbose_name_plural = _("互助资金章程条款")
        ordering = ["fund", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["fund", "version"], name="fund_terms_version_unique"),
            models.UniqueConstraint(fields=["fund", "effective_from"], name="fund_terms_one_per_date",
                                    violation_error_message=_("本协会已有同一日期生效的章程条款")),
            models.CheckConstraint(condition=Q(effective_from__gte=F("adopted_on")),
                                   name="fund_terms_effective_after_adoption",
                                   violation_error_message=_("生效日期不能早于通过日期")),
            models.CheckConstraint(condition=Q(first_loan_max__gt=0, loan_max__gte=F("first_loan_max"),
                                               household_max__gte=F("loan_max")),
                                   name="fund_terms_limits_ordered",
                                   violation_error_message=_("须满足 0 < 首次借款上限 ≤ 单笔上限 ≤ 每户上限")),
            models.CheckConstraint(condition=Q(reserve_percent__gte=0, reserve_percent__lte=100),
                                   name="fund_terms_reserve_percent_range"),
            models.CheckConstraint(condition=Q(terms_allowed__len__gte=1) & Q(methods_allowed__len__gte=1),
                                   name="fund_terms_offer_a_term_and_a_method",
                                   violation_error_message=_("至少须有一个借款期限和一种还款方式")),
        ]

    def __str__(self):
        return _("%(fund)s章程条款(第%(n)s版,%(d)s起)") % {"fund": self.fund, "n": self.version,
                                                       "d": self.effective_from}
