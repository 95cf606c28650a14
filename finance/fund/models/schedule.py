"""The repayment schedule, stored as rows at disbursement (finance.fund.schedules makes them, fen-exact).
A reschedule does not edit rows: it marks the open ones superseded and writes a new version."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from coop.models import money_field
from finance.fund.models.loans import Loan


class Instalment(models.Model):
    """One instalment. `carried_*` is what of `paid_*` was paid on paper before the books opened (a loan carried
    over from paper): part of what is paid, but no repayment in the books stands behind it."""

    scope_village = "loan__fund__cooperative__village"

    loan = models.ForeignKey(Loan, models.PROTECT, related_name="instalments", verbose_name=_("借款"))
    version = models.PositiveSmallIntegerField(_("计划版本"), default=1)
    seq = models.PositiveSmallIntegerField(_("期次"))
    due_on = models.DateField(_("应还日期"))
    principal = money_field(_("应还本金"))
    fee = money_field(_("应付占用费"))
    paid_principal = money_field(_("已还本金"), default=0)
    paid_fee = money_field(_("已付占用费"), default=0)
    penalty_accrued = money_field(_("已计罚息"), default=0)
    paid_penalty = money_field(_("已付罚息"), default=0)
    overdue_since = models.DateField(_("逾期起始日"), null=True, blank=True)
    settled_on = models.DateField(_("结清日期"), null=True, blank=True)
    superseded = models.BooleanField(_("已被展期计划取代"), default=False)
    carried_principal = money_field(_("建账前已还本金"), default=0)
    carried_fee = money_field(_("建账前已付占用费"), default=0)

    class Meta:
        verbose_name = _("还款计划")
        verbose_name_plural = _("还款计划")
        ordering = ["loan", "version", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["loan", "version", "seq"], name="fund_instalment_seq_unique"),
            models.CheckConstraint(condition=Q(paid_principal__lte=F("principal")) & Q(paid_fee__lte=F("fee"))
                                   & Q(paid_penalty__lte=F("penalty_accrued")),
                                   name="fund_instalment_paid_within_due"),
            models.CheckConstraint(condition=Q(carried_principal__gte=0, carried_fee__gte=0,
                                               carried_principal__lte=F("paid_principal"),
                                               carried_fee__lte=F("paid_fee")),
                                   name="fund_instalment_carried_within_paid"),
            models.CheckConstraint(condition=Q(principal__gte=0, fee__gte=0, paid_principal__gte=0, paid_fee__gte=0,
                                               penalty_accrued__gte=0, paid_penalty__gte=0),
                                   name="fund_instalment_not_negative"),
        ]
        indexes = [models.Index(fields=["due_on"], name="fund_instalment_due",
                                condition=Q(settled_on__isnull=True, superseded=False))]

    def __str__(self):
        return _("第%(seq)s期 %(due)s") % {"seq": self.seq, "due": self.due_on}

    @property
    def principal_due(self):
        return self.principal - self.paid_principal

    @property
    def fee_due(self):
        return self.fee - self.paid_fee

    @property
    def penalty_due(self):
        return self.penalty_accrued - self.paid_penalty
