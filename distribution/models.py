"""The year-end income distribution (收益分配, R7): a plan per cooperative per year, its dividends per member, and
the payments of those dividends to members' bank accounts.

Nothing here keeps a balance: the plan's figures are the books' (finance.queries.distributable_surplus) and the
charter's (coop.queries.charter_on on the record date) as they stood when the plan was prepared; the township's
approval checks them again and posts the distribution voucher; a dividend is paid when the payment carrying it is
approved and posted. Unpaid dividends are those with no approved payment.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.limits import YEAR_VALIDATORS
from coop.models import Charter, Cooperative, money_field
from members.models import Member

RATIO = dict(max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)])


def minutes_path(instance, filename):
    """A generated name with the extension of the minutes' real type: the uploader's name never reaches a path."""
    from distribution.minutes import extension_of

    return f"distribution/{instance.cooperative_id}/{uuid.uuid4().hex}.{extension_of(instance.minutes_type)}"


class DistributionPlan(approvals.Approvable):
    """收益分配方案: prepared by the village from the year's distributable surplus and the charter's ratios on the
    record date, resolved by the member assembly (its minutes uploaded), approved by the township (R2), whose
    approval posts the distribution voucher."""

    scope_village = "cooperative__village"
    approval_rule = Rule.R7
    Status = approvals.Status

    cooperative = models.ForeignKey(Cooperative, models.PROTECT, related_name="distribution_plans",
                                    verbose_name=_("合作社"))
    year = models.PositiveSmallIntegerField(_("分配年度"), validators=YEAR_VALIDATORS)
    record_date = models.DateField(_("股权登记日"), help_text=_("按此日终了时的股数分红;此后的股金变动计入下一年度"))
    charter = models.ForeignKey(Charter, models.PROTECT, related_name="+", verbose_name=_("适用章程"))
    dividend_ratio = models.DecimalField(_("社员分红比例(%)"), **RATIO)
    development_ratio = models.DecimalField(_("合作社发展比例(%)"), **RATIO)
    accumulation_ratio = models.DecimalField(_("集体积累比例(%)"), **RATIO)
    opening_undistributed = money_field(_("年初未分配收益"), validators=[])
    year_profit = money_field(_("本年收益"), validators=[])
    distributed_before = money_field(_("本年已分配"), validators=[])
    pool = money_field(_("本次可分配收益"))
    dividend_pool = money_field(_("社员分红"))
    development_amount = money_field(_("合作社发展"))
    accumulation_amount = money_field(_("集体积累"))
    shares_total = models.PositiveIntegerField(_("登记日总股数"))
    assembly_on = models.DateField(_("社员大会日期"), null=True, blank=True)
    attendance = models.PositiveIntegerField(_("出席人数"), null=True, blank=True)
    votes_for = models.PositiveIntegerField(_("赞成票"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("反对票"), null=True, blank=True)
    minutes = models.FileField(_("会议记录扫描件"), upload_to=minutes_path, blank=True)
    minutes_name = models.CharField(_("原文件名"), max_length=100, blank=True)
    minutes_type = models.CharField(_("文件类型"), max_length=40, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("收益分配方案")
        verbose_name_plural = _("收益分配方案")
        ordering = ["cooperative", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cooperative", "year"], condition=~Q(status="rejected"),
                                    name="one_live_distribution_plan_per_year",
                                    violation_error_message=_("本社该年度已有收益分配方案")),
            models.CheckConstraint(
                # Round: SQLite adds decimals as floats (0.1 + 0.2 != 0.3); PostgreSQL's numeric is exact anyway.
                condition=Q(dividend_ratio=Round(100 - F("development_ratio") - F("accumulation_ratio"), 2)),
                name="distribution_ratios_sum_to_100",
                violation_error_message=_("R7 分配比例:社员分红、合作社发展、集体积累三项之和必须等于 100%%")),
            models.CheckConstraint(
                condition=Q(pool=Round(F("dividend_pool") + F("development_amount") + F("accumulation_amount"), 2)),
                name="distribution_parts_add_to_pool",
                violation_error_message=_("R7 各项分配之和必须等于可分配收益")),
            models.CheckConstraint(condition=Q(pool__gt=0), name="distribution_pool_positive"),
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True) | Q(votes_for__lte=F("attendance") - F("votes_against")),
                name="distribution_votes_within_attendance",
                violation_error_message=_("赞成票与反对票之和不能超过出席人数")),
            *approvals.approval_constraints("distribution_plan"),
        ]

    def __str__(self):
        return _("%(coop)s %(year)s年度收益分配方案") % {"coop": self.cooperative, "year": self.year}

    @property
    def assembly_recorded(self) -> bool:
        return self.assembly_on is not None

    @property
    def assembly_passed(self) -> bool:
        """过半数: more than half of those present voted for the plan."""
        return self.assembly_recorded and self.votes_for * 2 > self.attendance


class DividendPayment(approvals.Approvable):
    """分红发放: dividends of one plan paid together, each to the member's own bank account (R1, never cash);
    recorded by the village, approved and posted by the township."""

    scope_village = "plan__cooperative__village"
    approval_rule = Rule.R7
    Status = approvals.Status

    plan = models.ForeignKey(DistributionPlan, models.PROTECT, related_name="payments", verbose_name=_("分配方案"))
    on = models.DateField(_("发放日期"))
    amount = money_field(_("发放金额"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("分红发放")
        verbose_name_plural = _("分红发放")
        ordering = ["-on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="dividend_payment_positive"),
                       *approvals.approval_constraints("dividend_payment")]

    def __str__(self):
        return _("%(plan)s 分红发放 %(on)s") % {"plan": self.plan, "on": self.on}


class Dividend(models.Model):
    """One member's dividend under a plan: the shares held at the end of the record date and the amount, by the
    largest-remainder method so that the plan's dividends add up to its pool to the fen. Written with the plan
    and never changed; the bank account and the payment are what the village adds later."""

    scope_village = "plan__cooperative__village"

    plan = models.ForeignKey(DistributionPlan, models.PROTECT, related_name="dividends", verbose_name=_("分配方案"))
    member = models.ForeignKey(Member, models.PROTECT, related_name="dividends", verbose_name=_("社员"))
    shares = models.PositiveIntegerField(_("登记日股数"), validators=[MinValueValidator(1)])
    amount = money_field(_("分红金额"))
    payee_bank = models.CharField(_("收款银行"), max_length=50, blank=True)
    payee_account = models.CharField(_("收款账号"), max_length=30, blank=True)
    payment = models.ForeignKey(DividendPayment, models.PROTECT, null=True, blank=True, related_name="dividends",
                                verbose_name=_("发放批次"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社员分红")
        verbose_name_plural = _("社员分红")
        ordering = ["plan", "member__number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="one_dividend_per_member_per_plan"),
            models.CheckConstraint(condition=Q(shares__gte=1), name="dividend_has_shares"),
        ]

    def __str__(self):
        return f"{self.plan.year} {self.member.display_name}"

    @property
    def is_paid(self) -> bool:
        return self.payment_id is not None and self.payment.status == approvals.Status.APPROVED
