"""Sanitation funding (its yearly standard and the two sources recorded here; the third, households' cleaning fees,
is the sanitation organisations' fee receipts) and the e-commerce team's 代购代销."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from coop import approvals
from coop.errors import Rule
from coop.limits import YEAR_VALIDATORS
from coop.models import County, Village, money_field
from members.models import Person
from services.models.organisation import ServiceOrganisation


class SanitationStandard(models.Model):
    """环境卫生经费标准: what a large or a small village of the county needs a year, from a date on (set per county:
    4,000 元 a large village, 3,000 元 a small one in Liuba)."""

    scope_county = "county"

    county = models.ForeignKey(County, models.PROTECT, related_name="+", verbose_name=_("县"))
    size = models.CharField(_("村规模"), max_length=10, choices=Village.Size)
    amount = money_field(_("年度标准(元)"))
    effective_from = models.DateField(_("执行日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("环境卫生经费标准")
        verbose_name_plural = _("环境卫生经费标准")
        ordering = ["county", "size", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["county", "size", "effective_from"], name="sanitation_standard_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="sanitation_standard_positive"),
        ]

    def __str__(self):
        return f"{self.get_size_display()} {self.amount} ({self.effective_from})"

    @classmethod
    def scope_q_for(cls, user, villages):
        """The standard of the counties the user's villages are in: a township or a village reads its county's."""
        return Q(county__in=villages.values("township__county"))


class SanitationFunding(approvals.Approvable):
    """One of the year's sanitation sources for a village: the fiscal allocation (money in: posted Dr bank / Cr 50399)
    or the collective subsidy from the collective accumulation (a decision of the village, approved; no money moves,
    since it is already in the village's account)."""

    scope_village = "cooperative__village"
    approval_rule = Rule.SERVICES
    Status = approvals.Status

    class Source(models.TextChoices):
        FISCAL = "fiscal", _("财政拨款")
        COLLECTIVE = "collective", _("集体积累补贴")

    cooperative = models.ForeignKey("coop.Cooperative", models.PROTECT, related_name="+", verbose_name=_("合作社"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    source = models.CharField(_("来源"), max_length=10, choices=Source)
    on = models.DateField(_("日期"))
    amount = money_field(_("金额(元)"))
    document = models.CharField(_("文号或决议"), max_length=60, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("环境卫生经费来源")
        verbose_name_plural = _("环境卫生经费来源")
        ordering = ["cooperative", "-year", "on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="sanitation_funding_positive"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False) | Q(source="collective"),
                                   name="approved_fiscal_funding_has_voucher"),
            *approvals.approval_constraints("sanitation_funding"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_source_display()} {self.amount}"


class AgencyTrade(approvals.Approvable):
    """代购代销 by the e-commerce team for a villager: a sale of the villager's produce (the buyer's money comes in) or
    a purchase for the villager (the villager's money comes in, the supplier is paid). The commission stays as the
    team's income; the rest goes, by bank, to the villager (a sale) or the supplier (a purchase) — never cash (R1)."""

    scope_village = "organisation__cooperative__village"
    approval_rule = Rule.SERVICES
    Status = approvals.Status

    class Kind(models.TextChoices):
        SALE = "sale", _("代销")
        PURCHASE = "purchase", _("代购")

    organisation = models.ForeignKey(ServiceOrganisation, models.PROTECT, related_name="trades",
                                     verbose_name=_("服务组织"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind)
    person = models.ForeignKey(Person, models.PROTECT, related_name="+", verbose_name=_("委托村民"))
    goods = models.CharField(_("商品"), max_length=60)
    on = models.DateField(_("日期"))
    gross = money_field(_("成交金额(元)"))
    commission = money_field(_("佣金(元)"))
    counterparty = models.CharField(_("买方或供货方"), max_length=60)
    pay_to = models.CharField(_("收款人"), max_length=60)
    pay_account = models.CharField(_("收款银行账号"), max_length=30,
                                   help_text=_("代销付给委托村民、代购付给供货方的银行账号(R1:不付现金)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("代购代销")
        verbose_name_plural = _("代购代销")
        ordering = ["organisation", "-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(gross__gt=0) & Q(commission__gte=0) & Q(commission__lt=F("gross")),
                                   name="agency_trade_commission_below_gross"),
            models.CheckConstraint(condition=~Q(status="approved") | Q(voucher__isnull=False),
                                   name="approved_agency_trade_has_voucher"),
            *approvals.approval_constraints("agency_trade"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.goods} {self.gross}"

    @property
    def net(self):
        return self.gross - self.commission
